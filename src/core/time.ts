// Wall times, dates and instants. Instants are epoch milliseconds (UTC); a wall time only means
// something together with an IANA zone. DST rules, decided here once and documented in the README:
//   - a wall time inside a spring-forward gap does not exist: parsing it is an error;
//   - a wall time inside a fall-back overlap happens twice: it means the earlier instant
//     (RFC 5545's rule), unless the input carries an explicit offset.
// Luxon alone moves gap times forward and picks overlap instants depending on today's date
// (luxon issue 1665), so candidates are computed from the zone's offsets directly.
import { DateTime, IANAZone } from 'luxon';
import { invalid } from '../errors';

const MINUTE = 60_000;
const DAY = 86_400_000;

const zones = new Map<string, IANAZone>();

/** A valid IANA zone, or throws naming the field. Validated with luxon, not Intl.supportedValuesOf (it omits UTC, Asia/Kathmandu...). */
export function checkZone(name: string, field: string): string {
  const trimmed = name.trim();
  if (!trimmed || !IANAZone.isValidZone(trimmed)) {
    throw invalid(`${field}: unknown time zone "${name}"`, 'use an IANA name such as Europe/Paris, America/New_York or UTC');
  }
  // Zone names match in any case, but are kept as the time zone database spells them (europe/paris ->
  // Europe/Paris), so that calendar files, exports and reports show one name for one zone. ICU names some
  // zones by an older alias (Asia/Kolkata resolves to Asia/Calcutta): a name that is not merely the resolved
  // one in another case is kept as typed, since both name the same zone and the typed one is the current name.
  const resolved = new Intl.DateTimeFormat('en', { timeZone: trimmed }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === trimmed.toLowerCase() ? resolved : trimmed;
}

function zone(name: string): IANAZone {
  let z = zones.get(name);
  if (!z) {
    z = IANAZone.create(name);
    zones.set(name, z);
  }
  return z;
}

const HOUR = 3_600_000;
const UTC_DAY = 86_400_000;
/** Per zone: the offset of each UTC day without a transition (NaN: the day has one), and of each hour of those that do. */
const offsetCache = new Map<string, { days: Map<number, number>; hours: Map<number, number> }>();

/**
 * Offset of `zoneName` at instant `ms`, in minutes east of UTC. Luxon asks Intl for every call (about 6 µs),
 * and slot computation and reports ask hundreds of thousands of times, so offsets are cached per UTC day, and
 * per hour on a day with a transition: a span whose two ends have the same offset has no transition inside
 * (no zone changes its offset twice within a day).
 */
export function offsetAt(zoneName: string, ms: number): number {
  let cache = offsetCache.get(zoneName);
  if (!cache) offsetCache.set(zoneName, (cache = { days: new Map(), hours: new Map() }));
  const day = Math.floor(ms / UTC_DAY);
  const whole = cache.days.get(day);
  if (whole !== undefined && !Number.isNaN(whole)) return whole;
  const z = zone(zoneName);
  if (whole === undefined) {
    const start = z.offset(day * UTC_DAY);
    const same = start === z.offset(day * UTC_DAY + UTC_DAY - 1);
    if (cache.days.size > 100_000) cache.days.clear();
    cache.days.set(day, same ? start : NaN);
    if (same) return start;
  }
  const bucket = Math.floor(ms / HOUR);
  const hit = cache.hours.get(bucket);
  if (hit !== undefined) return hit;
  const start = z.offset(bucket * HOUR);
  if (start !== z.offset(bucket * HOUR + HOUR - 1)) return z.offset(ms);
  if (cache.hours.size > 100_000) cache.hours.clear();
  cache.hours.set(bucket, start);
  return start;
}

// ---- calendar dates as YYYY-MM-DD strings -------------------------------------------------

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * The years sched keeps: calendar files cannot carry an instant before 1970 (the ics library refuses it),
 * and beyond 2999 is a typo, not a booking.
 */
const FIRST_MS = 0;
const END_MS = Date.UTC(3000, 0, 1);
/** Whether an instant is inside the years sched keeps (a start `book` would take). */
export const inKeptYears = (ms: number): boolean => ms >= FIRST_MS && ms < END_MS;
const inYears = (date: string) => date >= '1970-01-01' && date <= '2999-12-31';
const outOfYears = (field: string, value: string) => invalid(`${field}: "${value}" is outside the years sched keeps`, 'use a date from 1970 to 2999');

/** Reads YYYY-MM-DD (or today / tomorrow / yesterday, in `zoneName` at `now`). */
export function parseDate(value: string, field: string, zoneName: string, now: number): string {
  const v = value.trim().toLowerCase();
  const rel: Record<string, number> = { yesterday: -1, today: 0, tomorrow: 1 };
  if (v in rel) return addDays(localDate(now, zoneName), rel[v]!);
  if (!isDate(v)) throw invalid(`${field}: "${value}" is not a date`, 'use YYYY-MM-DD, e.g. 2026-12-01');
  if (!inYears(v)) throw outOfYears(field, value);
  return v;
}

// Plain integer arithmetic: these run for every session when a week is laid out, and Date parsing and
// toISOString() were a tenth of a booking's cost.
const dateToUtcMs = (date: string): number => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
/** Days since 1970-01-01 to a civil date (H. Hinnant's civil_from_days). */
function utcMsToDate(ms: number): string {
  const z = Math.floor(ms / DAY) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export const addDays = (date: string, days: number): string => utcMsToDate(dateToUtcMs(date) + days * DAY);
/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export const weekday = (date: string): number => ((((Math.floor(dateToUtcMs(date) / DAY) + 3) % 7) + 7) % 7) + 1;
/** Monday of the ISO week that holds `date`. */
export const weekStart = (date: string): string => addDays(date, 1 - weekday(date));

/** The calendar date of instant `ms` in `zoneName`. */
export function localDate(ms: number, zoneName: string): string {
  return utcMsToDate(ms + offsetAt(zoneName, ms) * MINUTE);
}

/** Minutes after local midnight of instant `ms` in `zoneName`. */
export function localMinutes(ms: number, zoneName: string): number {
  const local = ms + offsetAt(zoneName, ms) * MINUTE;
  return Math.floor((((local % DAY) + DAY) % DAY) / MINUTE);
}

// ---- wall clock times as minutes after midnight -----------------------------------------

// Whole minutes, with ":00" seconds as spreadsheets write times of day (09:00:00) taken too.
const CLOCK_RE = /^(\d{1,2}):(\d{2})(?::00)?$/;

/** Reads HH:MM as minutes after midnight. `24:00` is accepted only where `allowEndOfDay`. */
export function parseClock(value: string, field: string, allowEndOfDay = false): number {
  const m = CLOCK_RE.exec(value.trim());
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  const ok = m && min < 60 && (h < 24 || (allowEndOfDay && h === 24 && min === 0));
  if (!ok) throw invalid(`${field}: "${value}" is not a time of day`, `use HH:MM, e.g. 09:00${allowEndOfDay ? '; 24:00 is midnight at the end of the day' : ''}`);
  return h * 60 + min;
}

export const formatClock = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

// ---- wall time + zone -> instant ---------------------------------------------------------

/** A zone's offset at an instant, in minutes east of UTC. */
export type OffsetFn = (ms: number) => number;

// The rules below work from a zone's offsets alone, so that a zone the time zone database does not know (a
// calendar file's own VTIMEZONE, busy-ics.ts) follows them too.
function candidatesBy(naive: number, offsetOf: OffsetFn): number[] {
  const offsets = new Set([offsetOf(naive - DAY), offsetOf(naive), offsetOf(naive + DAY)]);
  const found: number[] = [];
  for (const off of offsets) {
    const ms = naive - off * MINUTE;
    if (offsetOf(ms) === off && !found.includes(ms)) found.push(ms);
  }
  return found.sort((a, b) => a - b);
}

function boundaryBy(naive: number, offsetOf: OffsetFn): number {
  const found = candidatesBy(naive, offsetOf);
  if (found.length > 0) return found[0]!;
  const offs = [offsetOf(naive - DAY), offsetOf(naive + DAY)];
  let lo = naive - Math.max(...offs) * MINUTE;
  let hi = naive - Math.min(...offs) * MINUTE;
  const after = offsetOf(hi);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetOf(mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Every instant at which the wall clock in `zoneName` shows `date` + `minutes`: none in a gap, two in an overlap. */
export function wallCandidates(date: string, minutes: number, zoneName: string): number[] {
  return candidatesBy(dateToUtcMs(date) + minutes * MINUTE, (ms) => offsetAt(zoneName, ms));
}

/** The instant of a wall time, by the rules at the top of this file; throws for a time in a gap. */
export function wallToInstant(date: string, minutes: number, zoneName: string, field: string): number {
  const found = wallCandidates(date, minutes, zoneName);
  if (found.length === 0) {
    throw invalid(
      `${field}: ${date} ${formatClock(minutes)} does not exist in ${zoneName} (the clocks skip it for daylight saving time)`,
      'choose a time outside the skipped hour',
    );
  }
  return found[0]!;
}

/**
 * The instant of a window boundary (weekly hours, overrides). Unlike an appointment time, a boundary
 * inside a gap is not an error: it moves to the moment the gap ends, so 01:00-03:00 on a spring-forward
 * night is the hour that really exists.
 */
export function boundaryToInstant(date: string, minutes: number, zoneName: string): number {
  return boundaryBy(dateToUtcMs(date) + minutes * MINUTE, (ms) => offsetAt(zoneName, ms));
}

/** boundaryToInstant in a zone given by its offsets rather than by an IANA name. */
export function boundaryWithOffsets(date: string, minutes: number, offsetOf: OffsetFn): number {
  return boundaryBy(dateToUtcMs(date) + minutes * MINUTE, offsetOf);
}

// A date and time, whole minutes too (":00" seconds taken: "2026-12-01 10:00:00").
const AT_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2})(?::00)?$/;
const ISO_OFFSET_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Reads an appointment time: "YYYY-MM-DD HH:MM" as a wall time in `zoneName`, or an ISO 8601
 * instant with an offset ("2026-12-01T14:00:00+01:00", "...Z"), which is taken as it is.
 */
export function parseAt(value: string, zoneName: string, field: string): number {
  const v = value.trim();
  if (ISO_OFFSET_RE.test(v)) {
    // Offsets on Earth run from -12:00 to +14:00; luxon would take +25:00 and land a day off.
    const off = /([+-])(\d{2}):?(\d{2})$/.exec(v);
    if (off && (Number(off[3]) > 59 || Number(off[2]) * 60 + Number(off[3]) > (off[1] === '+' ? 14 * 60 : 12 * 60))) {
      throw invalid(`${field}: "${value}" has no such UTC offset`, 'offsets run from -12:00 to +14:00, e.g. 2026-12-01T14:00+01:00');
    }
    const dt = DateTime.fromISO(v, { setZone: true });
    if (!dt.isValid) throw invalid(`${field}: "${value}" is not a valid instant`, 'use "YYYY-MM-DD HH:MM" or ISO 8601 with an offset');
    if (dt.toMillis() < FIRST_MS || dt.toMillis() >= END_MS) throw outOfYears(field, value);
    // Sessions and blocks start on a minute, as wall times are read: hidden seconds would show as 10:00 and
    // clash with 10:30 ("already booked 10:00-10:30").
    if (dt.second !== 0 || dt.millisecond !== 0) throw invalid(`${field}: "${value}" is not on a whole minute`, `times are to the minute: ${dt.toFormat("yyyy-MM-dd'T'HH:mmZZ")}`);
    return dt.toMillis();
  }
  const m = AT_RE.exec(v);
  if (!m || !isDate(m[1]!)) {
    throw invalid(`${field}: "${value}" is not a date and time`, 'use "YYYY-MM-DD HH:MM" or ISO 8601 with an offset, e.g. 2026-12-01T14:00+01:00');
  }
  // Checked before the zone is applied: luxon's arithmetic near year 10000 gives nonsense, not an error.
  if (!inYears(m[1]!)) throw outOfYears(field, value);
  const ms = wallToInstant(m[1]!, parseClock(m[2]!, field), zoneName, field);
  if (ms < FIRST_MS) throw outOfYears(field, value);
  return ms;
}

/** A --to before --from: one message wherever a date range is read. */
export function checkDateOrder(from: string, to: string): void {
  if (to < from) throw invalid(`--to ${to} is before --from ${from}`, 'give a --to on or after --from; both dates are included');
}

/**
 * --from and --to (both optional, --to included) read as dates in `zone`, with the instants they bound:
 * from the first date's midnight to the midnight after the last.
 */
export function readDateRange(from: string | undefined, to: string | undefined, zone: string, now: number) {
  const first = from === undefined ? undefined : parseDate(from, '--from', zone, now);
  const last = to === undefined ? undefined : parseDate(to, '--to', zone, now);
  if (first && last) checkDateOrder(first, last);
  return {
    from: first,
    to: last,
    fromMs: first === undefined ? undefined : boundaryToInstant(first, 0, zone),
    toMs: last === undefined ? undefined : boundaryToInstant(addDays(last, 1), 0, zone),
  };
}

// ---- display -----------------------------------------------------------------------------

const dt = (ms: number, zoneName: string) => DateTime.fromMillis(ms, { zone: zone(zoneName) });

const two = (n: number) => String(n).padStart(2, '0');

/**
 * ISO 8601 with the zone's offset at that instant, e.g. 2026-12-01T09:00:00+01:00 (never a bare Z). From the
 * cached offset and Date's own ISO text: luxon's formatting cost 9 µs a call, and JSON lists and the outbox
 * make hundreds of thousands. Luxon writes what the fast path does not (an offset in seconds, a 5-digit year).
 */
export function isoInstant(ms: number, zoneName: string): string {
  const off = offsetAt(zoneName, ms);
  const local = new Date(ms + off * MINUTE).toISOString(); // 2026-12-01T09:00:00.000Z in the zone's wall time
  if (!Number.isInteger(off) || local.length !== 24) return isoByLuxon(ms, zoneName);
  const abs = Math.abs(off);
  return `${ms % 1000 === 0 ? local.slice(0, 19) : local.slice(0, 23)}${off < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

export const isoByLuxon = (ms: number, zoneName: string): string =>
  dt(ms, zoneName).toISO({ suppressMilliseconds: true, includeOffset: true })!.replace(/Z$/, '+00:00');

/** Whether the wall time of instant `ms` happens twice in `zoneName` (the hour repeated when clocks go back). */
export function isRepeatedWallTime(ms: number, zoneName: string): boolean {
  return wallCandidates(localDate(ms, zoneName), localMinutes(ms, zoneName), zoneName).length > 1;
}

/** Whether `ms` is in the second time round of its wall time in `zoneName` (the night clocks go back). */
export function isSecondTime(ms: number, zoneName: string): boolean {
  const again = wallCandidates(localDate(ms, zoneName), localMinutes(ms, zoneName), zoneName)[1];
  return again !== undefined && ms >= again;
}

/** "UTC-4", "UTC+5:30": the offset at `ms`. */
export function offsetLabel(ms: number, zoneName: string): string {
  const off = offsetAt(zoneName, ms);
  const abs = Math.abs(off);
  return `UTC${off < 0 ? '-' : '+'}${Math.floor(abs / 60)}${abs % 60 ? `:${String(abs % 60).padStart(2, '0')}` : ''}`;
}

// Where a wall time happens twice (01:30 on the night clocks go back), it alone cannot say which: the offset follows it.
const repeatMark = (ms: number, zoneName: string) => (isRepeatedWallTime(ms, zoneName) ? ` (${offsetLabel(ms, zoneName)})` : '');

/** "14:00"; "01:30 (UTC-4)" where that wall time happens twice. */
export const fmtTime = (ms: number, zoneName: string): string => formatClock(localMinutes(ms, zoneName)) + repeatMark(ms, zoneName);
/** "Tue 1 Dec" */
export const fmtDay = (ms: number, zoneName: string): string => dt(ms, zoneName).toFormat('ccc d LLL');
/** "Tue 1 Dec 2026" */
export const fmtDayLong = (ms: number, zoneName: string): string => dt(ms, zoneName).toFormat('cccc d LLLL yyyy');
/** "Tue 1 Dec 14:00"; "Sun 1 Nov 01:30 (UTC-5)" where that wall time happens twice. */
export const fmtDayTime = (ms: number, zoneName: string): string => dt(ms, zoneName).toFormat('ccc d LLL HH:mm') + repeatMark(ms, zoneName);

/**
 * A start time as `--at` reads it back: the wall time in `zoneName`; the ISO instant with its offset for
 * the second of a wall time that happens twice, since `--at` alone reads the first.
 */
export function atText(ms: number, zoneName: string): string {
  const date = localDate(ms, zoneName);
  const minutes = localMinutes(ms, zoneName);
  return wallCandidates(date, minutes, zoneName)[0] === ms ? `${date} ${formatClock(minutes)}` : isoInstant(ms, zoneName);
}
/** A date string as "Tue 1 Dec". */
export const fmtDate = (date: string): string => DateTime.fromISO(date, { zone: 'UTC' }).toFormat('ccc d LLL yyyy');
/** A short name for a zone in tables: its city ("New York"), or the name itself ("UTC"). */
export const zoneLabel = (zoneName: string): string => (zoneName.split('/').pop() ?? zoneName).replace(/_/g, ' ');
