import type { Ctx } from '../context';
import { bookingJson, viewBookings } from '../core/agenda';
import { formatHours } from '../core/duration';
import { addEngagement, closeEngagement, listEngagements, showEngagement, type EngagementView } from '../core/engagements';
import { printAgenda } from './present';

const h = (min: number) => Math.round((min / 60) * 100) / 100;
const hm = formatHours;

/** The stable JSON shape of an engagement; hours as numbers. */
export const engagementJson = (v: EngagementView) => ({
  id: v.engagement.id, client: v.client.id, client_name: v.client.name, name: v.engagement.name, status: v.engagement.status, until: v.engagement.until,
  hours: h(v.usage.budgetMin), booked_hours: h(v.usage.bookedMin), completed_hours: h(v.usage.deliveredMin), remaining_hours: h(v.usage.remainingMin),
});

const row = (v: EngagementView) => [String(v.engagement.id), v.client.name, v.engagement.name, hm(v.usage.budgetMin), hm(v.usage.bookedMin), hm(v.usage.deliveredMin), hm(v.usage.remainingMin), v.engagement.until ?? '', v.engagement.status];
const HEAD = ['ID', 'CLIENT', 'NAME', 'HOURS', 'BOOKED', 'COMPLETED', 'REMAINING', 'UNTIL', 'STATUS'];

export function add(ctx: Ctx, _: string[], o: Record<string, any>) {
  const e = addEngagement(ctx, { client: o.client, hours: o.hours, name: o.name, until: o.until });
  if (ctx.json) return ctx.data(engagementJson(listEngagements(ctx).find((v) => v.engagement.id === e.id)!));
  // The id alone on stdout, as for client add: id=$(sched engagement add ...).
  ctx.say(String(e.id));
  ctx.info(`added engagement ${e.id}: ${e.name}, ${hm(e.budgetMin)}${e.until ? ` until ${e.until}` : ''}; book against it with --engagement ${e.id}`);
}

export async function list(ctx: Ctx, _: string[], o: Record<string, any>) {
  const views = listEngagements(ctx, o.client);
  if (ctx.json) return ctx.data(views.map(engagementJson));
  if (views.length === 0) return ctx.say('no engagements yet: sched engagement add --client CLIENT --hours N');
  const { table } = await import('./table');
  for (const line of table([HEAD.map(ctx.style.bold), ...views.map(row)])) ctx.say(line);
}

export async function show(ctx: Ctx, [id]: string[]) {
  const v = showEngagement(ctx, id!);
  const sessions = viewBookings(ctx, v.sessions, ctx.tz);
  if (ctx.json) return ctx.data({ ...engagementJson(v), sessions: sessions.map(bookingJson) });
  const { table } = await import('./table');
  for (const line of table([HEAD.map(ctx.style.bold), row(v)])) ctx.say(line);
  if (sessions.length === 0) return ctx.say('no sessions yet');
  ctx.say(ctx.style.bold('sessions'));
  await printAgenda(ctx, sessions);
}

export function close(ctx: Ctx, [id]: string[]) {
  const v = closeEngagement(ctx, id!);
  if (ctx.json) return ctx.data(engagementJson(v));
  ctx.say(`closed engagement ${v.engagement.id} (${v.engagement.name}): ${hm(v.usage.remainingMin)} left unused; its sessions stay`);
}
