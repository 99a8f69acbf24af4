import type { Ctx } from '../context';
import { bookingJson, viewBookings } from '../core/agenda';
import { book as bookCore, reschedule as rescheduleCore, type Refusal } from '../core/booking';
import { findSlots } from '../core/find-slots';
import { atText, fmtDay, fmtTime, isoInstant } from '../core/time';
import { bookedLine } from './present';

export function slots(ctx: Ctx, [handle]: string[], o: Record<string, any>) {
  const r = findSlots(ctx, { staff: handle!, service: o.service, from: o.from, days: o.days, tz: ctx.tz });
  if (ctx.json) {
    return ctx.data(r.slots.map((s) => ({
      ...(r.any ? { staff: s.staff.handle } : {}),
      start: isoInstant(s.start, r.zone),
      end: isoInstant(s.end, r.zone),
      seats: s.seats,
    })));
  }
  const who = r.any ? 'any staff member' : r.slots[0]?.staff.handle ?? handle!;
  ctx.say(`${ctx.style.bold(r.service.name)} (${r.service.durationMin} min) with ${who}, ${r.days} day${r.days === 1 ? '' : 's'} from ${r.from}, times in ${r.zone}`);
  if (r.slots.length === 0) return ctx.say(`no free slots: ${r.closed ?? 'try --from a later date or more --days'}`);
  let day = '';
  let line: string[] = [];
  // "Wed 9 Dec" and "Thu 10 Dec": padded alike, so the times line up.
  const flush = () => line.length && ctx.say(`  ${ctx.style.bold(day.padEnd(10))}  ${line.join(' ')}`);
  for (const s of r.slots) {
    const d = fmtDay(s.start, r.zone);
    if (d !== day) {
      flush();
      day = d;
      line = [];
    }
    const extra = [r.any ? s.staff.handle : '', r.service.capacity > 1 ? `${s.seats} seats` : ''].filter(Boolean).join(', ');
    line.push(`${fmtTime(s.start, r.zone)}${extra ? ctx.style.dim(`(${extra})`) : ''}`);
  }
  flush();
  // The hint must book what it shows: times shown in --tz are read in --tz only when it is given again.
  ctx.say(ctx.style.dim(`${r.slots.length} slot${r.slots.length === 1 ? '' : 's'}; book one with: sched book --staff ${r.any ? 'any' : handle} --client CLIENT --service ${r.service.code} --at "${atText(r.slots[0]!.start, r.zone)}"${ctx.tz === undefined ? '' : ` --tz ${r.zone}`}`));
}

/** A date a series left out: its instant (null for a wall time that does not exist), and the wall time asked for. */
const skippedJson = (s: Refusal) => ({ at: s.start === null ? null : isoInstant(s.start, s.zone), local: s.local, timezone: s.zone, reason: s.reason });

export function book(ctx: Ctx, _: string[], o: Record<string, any>) {
  const result = bookCore(ctx, {
    staff: o.staff, client: o.client, service: o.service, at: o.at, tz: ctx.tz, format: o.format, notes: o.notes,
    force: o.force, repeat: o.repeat, count: o.count, skipConflicts: o.skipConflicts, engagement: o.engagement,
  });
  const made = viewBookings(ctx, result.bookings, ctx.tz);
  if (ctx.json) {
    // A single booking prints the booking; a series prints the bookings and what was skipped.
    if (o.repeat === undefined) return ctx.data(bookingJson(made[0]!));
    return ctx.data({ bookings: made.map(bookingJson), skipped: result.skipped.map(skippedJson) });
  }
  for (const v of made) ctx.say(`booked ${bookedLine(v)}`);
  for (const s of result.skipped) ctx.info(`skipped ${s.label}: ${s.reason}`);
}

export function reschedule(ctx: Ctx, [id]: string[], o: Record<string, any>) {
  const b = rescheduleCore(ctx, { id: id!, at: o.at, tz: ctx.tz, force: o.force });
  const [v] = viewBookings(ctx, [b], ctx.tz);
  if (ctx.json) ctx.data(bookingJson(v!));
  else ctx.say(`rescheduled ${bookedLine(v!)}${b.lateChange ? ctx.style.yellow(' - late (inside the cancellation notice)') : ''}`);
}
