import type { Ctx } from '../context';
import { MAX_OCCURRENCES } from '../core/busy-ics';
import { importBusy as importBusyCore } from '../core/busy-import';
import { addBlock, listAvailability, removeAvailability, setOverride, setWeeklyHours } from '../core/availability-rules';
import { sessionsLeftOutside } from '../core/schedule';
import { boundaryToInstant, addDays, formatClock, fmtDayTime, isoInstant, localDate } from '../core/time';
import type { AvailabilityRule, Staff } from '../core/types';
import { dayName } from '../core/weekdays';
import { isSchedError } from '../errors';
import { readInput } from './files';
import { someOf } from './present';
import { id as readId } from '../core/validate';

/** The ids of the sessions still to come that are outside a staff member's hours now, before a change. */
export function outsideNow(ctx: Ctx, handle: string): Set<number> {
  try {
    return new Set(sessionsLeftOutside(ctx, handle).map((b) => b.id));
  } catch (e) {
    if (isSchedError(e) && e.kind === 'not_found') return new Set(); // an unknown handle: the change itself says so
    throw e;
  }
}

/**
 * After a change of hours, a block or a zone: the sessions still to come that it leaves outside, said on stderr;
 * not those that were outside already (`before`), which this change did not move.
 */
export function warnLeftOutside(ctx: Ctx, staff: Staff, fromMs?: number, toMs?: number, before: ReadonlySet<number> = new Set()): void {
  const left = sessionsLeftOutside(ctx, staff.handle, fromMs, toMs).filter((b) => !before.has(b.id));
  if (left.length === 0) return;
  const tz = ctx.tz ?? staff.tz;
  const shown = someOf(left, (b) => `${b.id} (${fmtDayTime(b.startAt, tz)})`);
  const one = left.length === 1;
  ctx.info(`warning: ${left.length} session${one ? '' : 's'} already booked ${one ? 'is' : 'are'} now outside ${staff.handle}'s hours or blocked: booking${one ? '' : 's'} ${shown}; ${one ? 'it stays' : 'they stay'} booked: move with sched reschedule ID --at ..., or cancel`);
}

export function ruleJson(r: AvailabilityRule, tz: string) {
  if (r.kind === 'weekly') return { id: r.id, kind: r.kind, day: dayName(r.weekday), from: formatClock(r.startMin), to: formatClock(r.endMin), valid_from: r.validFrom, until: r.validUntil };
  if (r.kind === 'override') return { id: r.id, kind: r.kind, date: r.date, off: r.off, from: r.startMin === null ? null : formatClock(r.startMin), to: r.endMin === null ? null : formatClock(r.endMin) };
  return { id: r.id, kind: r.kind, from: isoInstant(r.startAt, tz), to: isoInstant(r.endAt, tz), reason: r.reason, source: r.source };
}

function ruleText(r: AvailabilityRule, tz: string): string[] {
  if (r.kind === 'weekly') {
    const period = r.validFrom || r.validUntil ? ` (${r.validFrom ?? '...'} to ${r.validUntil ?? '...'})` : '';
    return [String(r.id), 'weekly', `${dayName(r.weekday)} ${formatClock(r.startMin)}-${formatClock(r.endMin)}${period}`];
  }
  if (r.kind === 'override') return [String(r.id), 'override', `${r.date} ${r.off ? 'off' : `${formatClock(r.startMin!)}-${formatClock(r.endMin!)}`}`];
  return [String(r.id), 'block', `${fmtDayTime(r.startAt, tz)} - ${fmtDayTime(r.endAt, tz)}${r.reason ? ` (${r.reason})` : ''}`];
}

export async function printRules(ctx: Ctx, staff: Staff, rules: AvailabilityRule[]): Promise<void> {
  if (rules.length === 0) return ctx.say(`no availability yet: sched avail set ${staff.handle} --days mon-fri --from 09:00 --to 17:00`);
  const { table } = await import('./table');
  const tz = ctx.tz ?? staff.tz;
  for (const line of table([['ID', 'KIND', `WHEN (${tz})`].map(ctx.style.bold), ...rules.map((r) => ruleText(r, tz))])) ctx.say(line);
}

const weeklyInput = (o: Record<string, any>) => ({ days: o.days, from: o.from, to: o.to, validFrom: o.validFrom, until: o.until, tz: o.tz });

function changed(ctx: Ctx, staff: Staff, ids: number[], what: string) {
  if (ctx.json) ctx.data({ staff: staff.handle, ids });
  else ctx.say(`${what} for ${staff.handle} (rule${ids.length === 1 ? '' : 's'} ${ids.join(', ')})`);
}

export function set(ctx: Ctx, [handle]: string[], o: Record<string, any>) {
  const before = outsideNow(ctx, handle!);
  const r = setWeeklyHours(ctx, handle!, weeklyInput(o), true);
  changed(ctx, r.staff, r.ids, `weekly hours ${o.days} ${o.from}-${o.to} set`);
  warnLeftOutside(ctx, r.staff, undefined, undefined, before);
}

export function add(ctx: Ctx, [handle]: string[], o: Record<string, any>) {
  const r = setWeeklyHours(ctx, handle!, weeklyInput(o), false);
  changed(ctx, r.staff, r.ids, `window ${o.days} ${o.from}-${o.to} added`);
}

export function override(ctx: Ctx, [handle]: string[], o: Record<string, any>) {
  const r = setOverride(ctx, handle!, { date: o.date, from: o.from, to: o.to, off: o.off, tz: o.tz });
  changed(ctx, r.staff, r.ids, o.off ? `${o.date} off` : `hours of ${o.date} set`);
  // That date's sessions, with a day either side for those that run past midnight.
  const date = r.date;
  warnLeftOutside(ctx, r.staff, boundaryToInstant(addDays(date, -1), 0, r.staff.tz), boundaryToInstant(addDays(date, 2), 0, r.staff.tz));
}

export function block(ctx: Ctx, [handle]: string[], o: Record<string, any>) {
  const r = addBlock(ctx, handle!, { from: o.from, to: o.to, reason: o.reason, tz: o.tz });
  const tz = ctx.tz ?? r.staff.tz;
  if (ctx.json) ctx.data({ staff: r.staff.handle, id: r.id, from: isoInstant(r.startAt, tz), to: isoInstant(r.endAt, tz) });
  else ctx.say(`blocked ${r.staff.handle} ${fmtDayTime(r.startAt, tz)} - ${fmtDayTime(r.endAt, tz)} ${tz} (rule ${r.id})`);
  // Sessions that start up to a day before it may run into it.
  warnLeftOutside(ctx, r.staff, r.startAt - 86_400_000, r.endAt);
}

export async function list(ctx: Ctx, [handle]: string[]) {
  const { staff, rules } = listAvailability(ctx, handle!);
  if (ctx.json) return ctx.data(rules.map((r) => ruleJson(r, ctx.tz ?? staff.tz)));
  await printRules(ctx, staff, rules);
}

export function remove(ctx: Ctx, [id]: string[]) {
  const r = removeAvailability(ctx, readId(id!, 'ID'));
  if (ctx.json) ctx.data({ staff: r.staff.handle, removed: ruleJson(r.rule, r.staff.tz) });
  else ctx.say(`removed ${ruleText(r.rule, r.staff.tz).slice(1).join(' ')} from ${r.staff.handle}`);
}

export function importBusy(ctx: Ctx, [handle, file]: string[], o: Record<string, any>) {
  const r = importBusyCore(ctx, handle!, file!, readInput(file!), { source: o.source, days: o.days });
  for (const label of r.cutShort) ctx.info(`warning: "${label}" repeats more often than sched expands (${MAX_OCCURRENCES.toLocaleString('en')} times in the window, 50,000 from its start): its later repeats are not blocked`);
  if (ctx.json) return ctx.data({ staff: r.staff.handle, source: r.source, removed: r.removed, added: r.added, from: isoInstant(r.from, r.staff.tz), to: isoInstant(r.to, r.staff.tz), cut_short: r.cutShort });
  ctx.say(`${r.staff.handle}: ${r.added} busy time${r.added === 1 ? '' : 's'} blocked from ${r.source.slice(4)}${r.removed ? ` (replacing ${r.removed} from the previous import)` : ''}, ${localDate(r.from, r.staff.tz)} to ${localDate(r.to, r.staff.tz)}`);
}
