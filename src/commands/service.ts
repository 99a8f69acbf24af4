import type { Ctx } from '../context';
import { serviceJson } from '../core/agenda';
import { addService, editService, findService, groupsOverCapacity, type ServiceInput } from '../core/services';
import { fmtDayTime } from '../core/time';
import { bool } from '../core/validate';
import { serviceSummary, someOf } from './present';

const input = (o: Record<string, any>): ServiceInput => ({
  name: o.name, duration: o.duration, bufferBefore: o.bufferBefore, bufferAfter: o.bufferAfter, interval: o.interval,
  minNotice: o.minNotice, horizon: o.horizon, capacity: o.capacity, format: o.format, location: o.location,
});

export function add(ctx: Ctx, [code]: string[], o: Record<string, any>) {
  const s = addService(ctx, code!, input(o));
  if (ctx.json) ctx.data(serviceJson(s));
  else ctx.say(`added service ${s.code}: ${s.name} (${serviceSummary(s)})`);
}

export async function list(ctx: Ctx) {
  const all = ctx.store.read((tx) => tx.listServices());
  if (ctx.json) return ctx.data(all.map(serviceJson));
  if (all.length === 0) return ctx.say('no services yet: sched service add CODE --name NAME --duration MIN');
  const { table } = await import('./table');
  for (const line of table([['CODE', 'NAME', 'DETAILS'].map(ctx.style.bold), ...all.map((s) => [s.code, s.name, serviceSummary(s)])])) ctx.say(line);
}

export function show(ctx: Ctx, [code]: string[]) {
  const s = ctx.store.read((tx) => findService(tx, code!, 'CODE'));
  if (ctx.json) return ctx.data(serviceJson(s));
  ctx.say(`${ctx.style.bold(s.code)}  ${s.name}`);
  ctx.say(serviceSummary(s));
}

export function edit(ctx: Ctx, [code]: string[], o: Record<string, any>) {
  const s = editService(ctx, code!, { ...input(o), active: o.active === undefined ? undefined : bool(o.active, '--active') });
  if (ctx.json) ctx.data(serviceJson(s));
  else ctx.say(`updated service ${s.code}: ${serviceSummary(s)}`);
  if (o.capacity === undefined) return;
  const over = groupsOverCapacity(ctx, s);
  if (over.length === 0) return;
  const shown = someOf(over, (g) => `booking ${g.first.id} (${fmtDayTime(g.first.startAt, ctx.tz ?? g.first.tz)}, ${g.clients} clients)`);
  ctx.info(`warning: ${over.length} group session${over.length === 1 ? '' : 's'} already booked ${over.length === 1 ? 'has' : 'have'} more clients than ${s.capacity} seat${s.capacity === 1 ? '' : 's'}: ${shown}; they stay booked: cancel or move the extra clients (sched cancel ID)`);
}
