// Changing a staff member's availability: weekly hours, date overrides, blocks.
import { fieldReader, invalid, notFound, usage } from '../errors';
import type { NewRule } from '../db/store';
import type { Env } from './env';
import { periodsMeet, weeklyClash, windowInstants, windowsOverlap } from './availability';
import { findStaff } from './staff';
import { addDays, boundaryToInstant, checkZone, isDate, parseAt, parseClock, parseDate, formatClock } from './time';
import type { AvailabilityRule, Staff, WeeklyHours } from './types';
import { dayName, parseDays } from './weekdays';
import { text } from './validate';

export interface WeeklyInput {
  days: string;
  from: string;
  to: string;
  validFrom?: string;
  until?: string;
  /** --tz: accepted only as the staff member's own zone (hours are wall times there). */
  tz?: string;
}

/** Hours are kept as wall times in the staff member's zone: a --tz naming another cannot apply and is refused, not ignored. */
function ownZoneOnly(staff: Staff, tz: string | undefined): void {
  if (tz === undefined || checkZone(tz, '--tz') === staff.tz) return;
  throw invalid(`--tz: ${staff.handle}'s hours are wall times in their own zone (${staff.tz}), not in ${tz}`, `leave --tz out, or change ${staff.handle}'s zone with sched staff edit ${staff.handle} --tz ZONE`);
}

export function readWindow(from: string, to: string, fromField = '--from', toField = '--to'): [number, number] {
  const start = parseClock(from, fromField);
  const end = parseClock(to, toField, true);
  if (end <= start) throw invalid(`${toField} ${to} is not after ${fromField} ${from}`, 'a window ends after it starts on the same day; use 24:00 for midnight');
  return [start, end];
}

/** A date's window that the clocks skip whole (both ends in a spring-forward gap) has no time in it: refused. */
export function checkDateWindow(date: string, [from, to]: [number, number], tz: string, field = '--from'): void {
  const w = windowInstants(date, from, to, tz);
  if (w.end <= w.start) {
    throw invalid(`${field}: ${formatClock(from)}-${formatClock(to)} on ${date} does not exist in ${tz} (the clocks skip it that night)`, 'give hours outside the skipped hour');
  }
}

function readPeriod(env: Env, staff: Staff, input: { validFrom?: string; until?: string }): [string | null, string | null] {
  const now = env.now();
  const from = input.validFrom === undefined ? null : parseDate(input.validFrom, '--valid-from', staff.tz, now);
  const until = input.until === undefined ? null : parseDate(input.until, '--until', staff.tz, now);
  if (from && until && until < from) throw invalid(`--until ${until} is before --valid-from ${from}`, 'give the last date of the period, on or after --valid-from');
  return [from, until];
}

/**
 * `replace`: the new window replaces those days' weekly hours within its period (all of them when open-ended);
 * hours outside the period stay, trimmed to its edges. Otherwise the window is added beside the others.
 */
export function setWeeklyHours(env: Env, handle: string, input: WeeklyInput, replace: boolean): { staff: Staff; ids: number[] } {
  const days = parseDays(input.days, '--days');
  const [start, end] = readWindow(input.from, input.to);
  return env.store.write((tx) => {
    const staff = findStaff(tx, handle);
    ownZoneOnly(staff, input.tz);
    const [from, until] = readPeriod(env, staff, input);
    if (replace) {
      for (const w of tx.weeklyHours(staff.id)) {
        if (!days.includes(w.weekday) || !periodsMeet(w, from, until)) continue;
        tx.deleteRule(w.id);
        const keep = (validFrom: string | null, validUntil: string | null) =>
          tx.insertRule(staff.id, { kind: 'weekly', weekday: w.weekday, startMin: w.startMin, endMin: w.endMin, validFrom, validUntil });
        if (from && (!w.validFrom || w.validFrom < from)) keep(w.validFrom, addDays(from, -1));
        if (until && (!w.validUntil || w.validUntil > until)) keep(addDays(until, 1), w.validUntil);
      }
    }
    // (avail set has just taken out every window it could overlap.)
    const kept = replace ? [] : tx.weeklyHours(staff.id);
    for (const weekday of days) {
      const clash = weeklyClash(kept, weekday, [start, end], from, until);
      if (clash) {
        throw invalid(
          `--from: ${dayName(weekday)} ${formatClock(start)}-${formatClock(end)} overlaps ${staff.handle}'s hours ${dayName(weekday)} ${hoursText(clash)} (rule ${clash.id})`,
          `sched avail set replaces those days' hours; or sched avail remove ${clash.id} first`,
        );
      }
    }
    const ids = days.map((weekday) => tx.insertRule(staff.id, { kind: 'weekly', weekday, startMin: start, endMin: end, validFrom: from, validUntil: until }));
    tx.audit({
      at: env.now(), actor: env.actor, action: replace ? 'avail.set' : 'avail.add', entity: 'staff', entityId: staff.handle,
      details: { days: days.map(dayName), from: formatClock(start), to: formatClock(end), validFrom: from, until },
    });
    return { staff, ids };
  });
}

const period = (from: string | null, until: string | null) => (from && until ? ` ${from} to ${until}` : from ? ` from ${from}` : until ? ` until ${until}` : '');
const hoursText = (w: WeeklyHours) => `${formatClock(w.startMin)}-${formatClock(w.endMin)}${period(w.validFrom, w.validUntil)}`;

export interface OverrideInput {
  date: string;
  from?: string[];
  to?: string[];
  off?: boolean;
  tz?: string;
}

/** A date's own hours (each call adds windows to that date), or the whole date off. */
export function setOverride(env: Env, handle: string, input: OverrideInput): { staff: Staff; ids: number[]; date: string } {
  const froms = input.from ?? [];
  const tos = input.to ?? [];
  if (input.off && (froms.length || tos.length)) throw usage('--off cannot be combined with --from/--to', 'either give the hours of that date, or --off');
  if (!input.off && froms.length === 0) throw usage('give --from HH:MM --to HH:MM, or --off', 'e.g. sched avail override alice --date 2026-12-24 --from 09:00 --to 12:00');
  if (froms.length !== tos.length) throw usage(`${froms.length} --from but ${tos.length} --to`, 'give one --to for each --from');
  // Every bad window at once, as a command names every bad value.
  const read = fieldReader();
  const windows = froms.map((f, i) => read.read(() => readWindow(f, tos[i]!)));
  read.done();
  return env.store.write((tx) => {
    const staff = findStaff(tx, handle);
    ownZoneOnly(staff, input.tz);
    const date = parseDate(input.date, '--date', staff.tz, env.now());
    for (const w of windows) checkDateWindow(date, w, staff.tz);
    const existing = tx.overrides(staff.id, date, date);
    const clock = ([a, b]: readonly [number, number]) => `${formatClock(a)}-${formatClock(b)}`;
    windows.forEach((w, i) => {
      const twin = windows.findIndex((o, j) => j !== i && windowsOverlap(w, o));
      if (twin >= 0) throw invalid(`--from: ${clock(w)} and ${clock(windows[twin]!)} overlap`, 'give each of the date\'s windows once, without overlaps');
      const clash = existing.find((o) => !o.off && windowsOverlap(w, [o.startMin!, o.endMin!]));
      if (clash) {
        throw invalid(
          `--from: ${date} ${clock(w)} overlaps ${staff.handle}'s hours that date ${clock([clash.startMin!, clash.endMin!])} (rule ${clash.id})`,
          `sched avail remove ${clash.id} first, or --off then the date's hours again`,
        );
      }
    });
    // A day is either off or has hours: the new statement replaces the other kind.
    for (const o of existing) if (input.off || o.off) tx.deleteRule(o.id);
    const rules: NewRule[] = input.off
      ? [{ kind: 'override', date, off: true, startMin: null, endMin: null }]
      : windows.map(([startMin, endMin]) => ({ kind: 'override', date, off: false, startMin, endMin }));
    const ids = rules.map((r) => tx.insertRule(staff.id, r));
    tx.audit({
      at: env.now(), actor: env.actor, action: 'avail.override', entity: 'staff', entityId: staff.handle,
      details: { date, off: !!input.off, windows: windows.map(([a, b]) => `${formatClock(a)}-${formatClock(b)}`) },
    });
    return { staff, ids, date };
  });
}

export interface BlockInput {
  from: string;
  to: string;
  reason?: string;
  /** The zone the times are in (--tz), else the staff member's. */
  tz?: string;
}

/** A point in time for a block: "DATE HH:MM", ISO with offset, or a bare DATE (its start; for --to, the end of that day). */
export function blockPoint(value: string, tz: string, field: string, endOfDay: boolean): number {
  const v = value.trim();
  // A date alone is the whole day: its midnight, moved to the end of the gap where the clocks skip midnight
  // (America/Santiago), as a window boundary is.
  if (isDate(v)) {
    const date = parseDate(v, field, tz, 0); // within the years sched keeps
    return boundaryToInstant(endOfDay ? addDays(date, 1) : date, 0, tz);
  }
  return parseAt(v, tz, field);
}

export function addBlock(env: Env, handle: string, input: BlockInput): { staff: Staff; id: number; startAt: number; endAt: number } {
  const reason = input.reason === undefined ? null : text(input.reason, '--reason');
  return env.store.write((tx) => {
    const staff = findStaff(tx, handle);
    const zone = input.tz === undefined ? staff.tz : checkZone(input.tz, '--tz');
    const startAt = blockPoint(input.from, zone, '--from', false);
    const endAt = blockPoint(input.to, zone, '--to', true);
    if (endAt <= startAt) throw invalid(`--to ${input.to} is not after --from ${input.from}`, 'a block ends after it starts');
    const id = tx.insertRule(staff.id, { kind: 'block', startAt, endAt, reason, source: null });
    tx.audit({ at: env.now(), actor: env.actor, action: 'avail.block', entity: 'staff', entityId: staff.handle, details: { id, startAt, endAt, reason } });
    return { staff, id, startAt, endAt };
  });
}

export function listAvailability(env: Env, handle: string): { staff: Staff; rules: AvailabilityRule[] } {
  return env.store.read((tx) => {
    const staff = findStaff(tx, handle);
    return { staff, rules: tx.availability(staff.id) };
  });
}

export function removeAvailability(env: Env, id: number): { staff: Staff; rule: AvailabilityRule } {
  return env.store.write((tx) => {
    const found = tx.availabilityById(id);
    if (!found) throw notFound(`no availability rule ${id}`, 'see sched avail list HANDLE');
    tx.deleteRule(id);
    const staff = tx.staffById(found.staffId)!;
    tx.audit({ at: env.now(), actor: env.actor, action: 'avail.remove', entity: 'staff', entityId: staff.handle, details: found.rule });
    return { staff, rule: found.rule };
  });
}
