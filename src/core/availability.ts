// Expands a staff member's weekly hours and date overrides into working windows (UTC instants), date by date
// in the staff member's own zone, so 09:00 Paris stays 09:00 Paris across DST changes.
import { addDays, boundaryToInstant, localDate, weekday } from './time';
import type { DateOverride, Interval, WeeklyHours } from './types';

/** Sorts and joins overlapping or touching intervals. */
export function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** Whether two windows of wall minutes share time; windows that only touch (09:00-12:00, 12:00-17:00) do not. */
export const windowsOverlap = (a: readonly [number, number], b: readonly [number, number]): boolean => a[0] < b[1] && b[0] < a[1];

/** Whether weekly hours valid from `from` until `until` (null: open) can apply on a date `w` applies on. */
export const periodsMeet = (w: Pick<WeeklyHours, 'validFrom' | 'validUntil'>, from: string | null, until: string | null): boolean =>
  (!from || !w.validUntil || w.validUntil >= from) && (!until || !w.validFrom || w.validFrom <= until);

/**
 * The first of `weekly` that shares time with a new window on `weekday` in that period: two windows that overlap
 * would start two grids of slots in the same hours, and count the hours twice.
 */
export const weeklyClash = (weekly: readonly WeeklyHours[], weekday: number, window: readonly [number, number], from: string | null, until: string | null): WeeklyHours | undefined =>
  weekly.find((w) => w.weekday === weekday && periodsMeet(w, from, until) && windowsOverlap([w.startMin, w.endMin], window));

export const weeklyAppliesOn = (w: WeeklyHours, date: string): boolean =>
  w.weekday === weekday(date) && (!w.validFrom || w.validFrom <= date) && (!w.validUntil || date <= w.validUntil);

/** The wall-clock windows (minutes after midnight) of one date: its overrides if it has any, else its weekly hours. */
export function wallWindowsOn(date: string, weekly: readonly WeeklyHours[], overrides: readonly DateOverride[]): Array<[number, number]> {
  const own = overrides.filter((o) => o.date === date);
  if (own.length > 0) {
    return own.filter((o) => !o.off && o.startMin !== null && o.endMin !== null).map((o) => [o.startMin!, o.endMin!]);
  }
  return weekly.filter((w) => weeklyAppliesOn(w, date)).map((w) => [w.startMin, w.endMin]);
}

/** A window of wall-clock minutes on `date` as a UTC interval (an edge in a DST gap moves to the gap's end). */
export function windowInstants(date: string, from: number, to: number, tz: string): Interval {
  return {
    start: boundaryToInstant(date, from, tz),
    end: to >= 1440 ? boundaryToInstant(addDays(date, 1), to - 1440, tz) : boundaryToInstant(date, to, tz),
  };
}

/** The windows of one local date as they were set, as UTC intervals by start: each starts its own grid of slots. */
export function setWindowsOn(date: string, tz: string, weekly: readonly WeeklyHours[], overrides: readonly DateOverride[]): Interval[] {
  return wallWindowsOn(date, weekly, overrides)
    .map(([from, to]) => windowInstants(date, from, to, tz))
    .sort((a, b) => a.start - b.start);
}

/** Working windows of one local date as merged UTC intervals. */
export function windowsOn(date: string, tz: string, weekly: readonly WeeklyHours[], overrides: readonly DateOverride[]): Interval[] {
  return mergeIntervals(setWindowsOn(date, tz, weekly, overrides));
}

/** The local dates of `tz` that can hold working time inside [fromMs, toMs), a day either side for hours that cross midnight. */
export function localSpan(tz: string, fromMs: number, toMs: number): [string, string] {
  return [addDays(localDate(fromMs, tz), -1), addDays(localDate(toMs, tz), 1)];
}

/**
 * Working windows of a staff member around [fromMs, toMs), merged (hours past midnight join the next day's):
 * the caller loads overrides for the dates of localSpan.
 */
export function workingWindows(tz: string, weekly: readonly WeeklyHours[], overrides: readonly DateOverride[], fromMs: number, toMs: number): Interval[] {
  const [first, last] = localSpan(tz, fromMs, toMs);
  const windows: Interval[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) windows.push(...windowsOn(d, tz, weekly, overrides));
  return mergeIntervals(windows);
}
