// Office figures over a period, per staff member, ISO week or service, with utilisation against the
// availability rules: what `sched report` prints and what the weekly report email says.
import { invalid } from '../errors';
import type { Tx } from '../db/store';
import { localSpan, mergeIntervals, workingWindows } from './availability';
import type { Env } from './env';
import { WITHDRAWN_REASON } from './lifecycle';
import { officeSettings } from './settings';
import { sessionKey } from './slots';
import { findStaff } from './staff';
import { addDays, boundaryToInstant, checkDateOrder, checkZone, localDate, offsetAt, parseDate, weekStart } from './time';
import type { Block, BookingFact, DateOverride, Interval, Staff, WeeklyHours } from './types';

const HOUR = 3_600_000;

export interface Figures {
  /** Every session that starts in the period, cancelled ones included (not those withdrawn as booked in error). */
  booked: number;
  completed: number;
  noShow: number;
  cancelled: number;
  lateCancelled: number;
  /** completed / (completed + no-show): of the sessions that were due and marked, how many took place. */
  completionRate: number | null;
  /** no-show / (completed + no-show). */
  noShowRate: number | null;
  /** cancelled / booked. */
  cancellationRate: number | null;
  /** Hours of completed sessions (a group session counts once: it is the staff member's time). */
  hoursDelivered: number;
  /** Hours of sessions that hold their time (everything but cancelled; a group session counts once). */
  bookedHours: number;
  /** Mean rating of the rated completed sessions; null when none is rated. */
  averageRating: number | null;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

/** Bookings that share a staff member, service and start are one (group) session: it lasts as its longest member. */
const officeSessionKey = (b: BookingFact) => `${b.staffId}@${sessionKey(b)}`;

/** A booking withdrawn as made in error (sched tui's undo) was never really booked: no figure counts it. */
const withdrawn = (b: BookingFact) => b.status === 'cancelled' && b.cancelReason === WITHDRAWN_REASON;

export function figures(bookings: readonly BookingFact[]): Figures {
  let booked = 0, completed = 0, noShow = 0, cancelled = 0, lateCancelled = 0, ratingSum = 0, rated = 0;
  const delivered = new Map<string, number>();
  const held = new Map<string, number>();
  for (const b of bookings) {
    if (withdrawn(b)) continue;
    booked++;
    const ms = b.endAt - b.startAt;
    const key = b.status === 'cancelled' ? '' : officeSessionKey(b);
    if (b.status !== 'cancelled') held.set(key, Math.max(held.get(key) ?? 0, ms));
    if (b.status === 'completed') {
      completed++;
      delivered.set(key, Math.max(delivered.get(key) ?? 0, ms));
      if (b.rating !== null) {
        rated++;
        ratingSum += b.rating;
      }
    } else if (b.status === 'no_show') noShow++;
    else if (b.status === 'cancelled') {
      cancelled++;
      if (b.lateChange) lateCancelled++;
    }
  }
  const hours = (m: Map<string, number>) => [...m.values()].reduce((a, x) => a + x, 0) / HOUR;
  return {
    booked, completed, noShow, cancelled, lateCancelled,
    completionRate: ratio(completed, completed + noShow),
    noShowRate: ratio(noShow, completed + noShow),
    cancellationRate: ratio(cancelled, booked),
    hoursDelivered: hours(delivered),
    bookedHours: hours(held),
    averageRating: ratio(ratingSum, rated),
  };
}

// ---- available hours -------------------------------------------------------------------------

/** `list` minus every interval of `cuts` (both need not be sorted). */
export function subtractIntervals(list: readonly Interval[], cuts: readonly Interval[]): Interval[] {
  const holes = mergeIntervals(cuts.filter((c) => c.end > c.start));
  const out: Interval[] = [];
  for (const i of mergeIntervals([...list])) {
    let start = i.start;
    for (const h of holes) {
      if (h.end <= start || h.start >= i.end) continue;
      if (h.start > start) out.push({ start, end: h.start });
      start = Math.max(start, h.end);
      if (start >= i.end) break;
    }
    if (start < i.end) out.push({ start, end: i.end });
  }
  return out;
}

/** Milliseconds of `list` (disjoint intervals) inside [fromMs, toMs). */
export function overlapMs(list: readonly Interval[], fromMs: number, toMs: number): number {
  // Sorted and disjoint (availableIntervals): the first that ends after fromMs is found by halving, so a report
  // by week or by day does not walk the whole period's intervals for each of its rows.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.end <= fromMs) lo = mid + 1;
    else hi = mid;
  }
  let ms = 0;
  for (let k = lo; k < list.length && list[k]!.start < toMs; k++) ms += Math.max(0, Math.min(list[k]!.end, toMs) - Math.max(list[k]!.start, fromMs));
  return ms;
}

/**
 * Working time of a staff member inside [fromMs, toMs): weekly hours (with their periods) or, on dates that have
 * them, overrides, expanded date by date in the staff member's zone (windowsOn: DST handled there), minus blocks.
 * Pure: the caller loads the rules (overrides for the local dates around the range, blocks overlapping it).
 */
export function availableIntervals(
  tz: string, weekly: readonly WeeklyHours[], overrides: readonly DateOverride[], blocks: readonly Block[], fromMs: number, toMs: number,
): Interval[] {
  if (toMs <= fromMs) return [];
  const clipped = workingWindows(tz, weekly, overrides, fromMs, toMs)
    .map((w) => ({ start: Math.max(w.start, fromMs), end: Math.min(w.end, toMs) }))
    .filter((w) => w.end > w.start);
  return subtractIntervals(clipped, blocks.map((b) => ({ start: b.startAt, end: b.endAt })));
}


// ---- sched report ----------------------------------------------------------------------------

export const REPORT_GROUPS = ['staff', 'week', 'service'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

/** The days in the default range: the last four weeks, today included. */
export const DEFAULT_REPORT_DAYS = 28;

export interface ReportRequest {
  /** YYYY-MM-DD, today, yesterday... Default: 27 days before --to (or today). */
  from?: string;
  /** Inclusive. Default: 27 days after --from when --from is given, else today. */
  to?: string;
  /** One staff member's handle; default every active staff member (and inactive ones with sessions in the range). */
  staff?: string;
  by?: string;
  /** Zone the dates (and weeks) are read in: default the staff member's, else the office's default_tz. */
  tz?: string;
}

export interface ReportRow extends Figures {
  /** A staff handle, the Monday (YYYY-MM-DD) of an ISO week, or a service code. */
  group: string;
  /** Working hours (availability rules, minus blocks) of the staff in scope within the group. */
  availableHours: number;
  /** bookedHours / availableHours; null without available hours. Above 1 when sessions were forced outside hours. */
  utilisation: number | null;
}

export interface Report {
  from: string;
  to: string;
  zone: string;
  by: ReportGroup | null;
  /** The --staff handle, or null for the whole office. */
  staff: string | null;
  rows: ReportRow[];
  total: ReportRow;
}

export const TOTAL_LABEL = '(total)';

export function parseGroup(value: string | undefined): ReportGroup | null {
  if (value === undefined) return null;
  const v = value.trim().toLowerCase();
  if (!(REPORT_GROUPS as readonly string[]).includes(v)) throw invalid(`--by: "${value}" is not a grouping`, `use ${REPORT_GROUPS.join(', ')}`);
  return v as ReportGroup;
}

/** The date range of a report: both given, or a window of DEFAULT_REPORT_DAYS anchored on the one given, else ending today. */
export function reportRange(req: Pick<ReportRequest, 'from' | 'to'>, zone: string, now: number): { from: string; to: string } {
  const span = DEFAULT_REPORT_DAYS - 1;
  const given = (v: string | undefined, field: string) => (v === undefined ? undefined : parseDate(v, field, zone, now));
  const f = given(req.from, '--from');
  const t = given(req.to, '--to');
  const to = t ?? (f !== undefined ? addDays(f, span) : parseDate('today', '--to', zone, now));
  const from = f ?? addDays(to, -span);
  checkDateOrder(from, to);
  if (to >= `${Number(from.slice(0, 4)) + MAX_REPORT_YEARS}${from.slice(4)}`) {
    throw invalid(`--from ${from} --to ${to}: a report covers at most ${MAX_REPORT_YEARS} years`, 'give a shorter range, e.g. a report a year');
  }
  return { from, to };
}

/** Longer is no office's question, and the working hours of every day of it are worked out. */
const MAX_REPORT_YEARS = 20;

interface StaffData {
  staff: Staff;
  available: Interval[];
}

const rowOf = (group: string, bookings: readonly BookingFact[], availableMs: number): ReportRow => {
  const f = figures(bookings);
  const availableHours = availableMs / HOUR;
  return { group, ...f, availableHours, utilisation: ratio(f.bookedHours, availableHours) };
};

/**
 * `sched report`: sessions starting from --from to --to (dates inclusive, read in --tz, else the staff member's
 * zone, else the office's), their figures, and utilisation against the availability of the staff in scope,
 * for the whole range and, with `by`, per staff member, ISO week (Monday first, in the report's zone) or service.
 */
export function buildReport(env: Env, req: ReportRequest): Report {
  const by = parseGroup(req.by);
  const tz = req.tz === undefined ? undefined : checkZone(req.tz, '--tz');
  return env.store.read((tx) => reportIn(tx, { ...req, tz }, by, env.now()));
}

/** The report inside a transaction: `sched report`, and the weekly report email, which is the same report by staff. */
export function reportIn(tx: Tx, req: ReportRequest, by: ReportGroup | null, now: number): Report {
  const one = req.staff === undefined ? undefined : findStaff(tx, req.staff);
  const zone = req.tz ?? one?.tz ?? officeSettings(tx).defaultTz;
  const { from, to } = reportRange(req, zone, now);
  const fromMs = boundaryToInstant(from, 0, zone);
  const toMs = boundaryToInstant(addDays(to, 1), 0, zone);

  // Withdrawn bookings were never really booked: they neither count nor bring a staff member or service into the report.
  const bookings = tx.bookingFacts(fromMs, toMs, one?.id).filter((b) => !withdrawn(b));
  const withSessions = new Set(bookings.map((b) => b.staffId));
  const scope = one ? [one] : tx.listStaff({ includeInactive: true }).filter((s) => s.active || withSessions.has(s.id));
  const staffData: StaffData[] = scope
    .sort((a, b) => a.handle.localeCompare(b.handle))
    .map((s) => {
      const [first, last] = localSpan(s.tz, fromMs, toMs);
      return { staff: s, available: availableIntervals(s.tz, tx.weeklyHours(s.id), tx.overrides(s.id, first, last), tx.blocks(s.id, fromMs, toMs), fromMs, toMs) };
    });
  const availableIn = (a: number, b: number, who: readonly StaffData[] = staffData) => who.reduce((ms, d) => ms + overlapMs(d.available, a, b), 0);
  const totalAvailable = availableIn(fromMs, toMs);

  // Bookings sorted into their groups in one pass: a year holds 100,000 of them.
  const groupBy = <K>(key: (b: BookingFact) => K) => {
    const groups = new Map<K, BookingFact[]>();
    for (const b of bookings) {
      const k = key(b);
      const list = groups.get(k);
      if (list) list.push(b);
      else groups.set(k, [b]);
    }
    return (k: K) => groups.get(k) ?? [];
  };
  let rows: ReportRow[] = [];
  if (by === 'staff') {
    const ofStaff = groupBy((b) => b.staffId);
    rows = staffData.map((d) => rowOf(d.staff.handle, ofStaff(d.staff.id), availableIn(fromMs, toMs, [d])));
  } else if (by === 'week') {
    // The Monday of each local day, worked out once per day rather than once per booking.
    const mondays = new Map<number, string>();
    const ofWeek = groupBy((b) => {
      const day = Math.floor((b.startAt + offsetAt(zone, b.startAt) * 60_000) / 86_400_000);
      return mondays.get(day) ?? mondays.set(day, weekStart(localDate(b.startAt, zone))).get(day)!;
    });
    for (let monday = weekStart(from); monday <= to; monday = addDays(monday, 7)) {
      const a = Math.max(fromMs, boundaryToInstant(monday, 0, zone));
      const b = Math.min(toMs, boundaryToInstant(addDays(monday, 7), 0, zone));
      rows.push(rowOf(monday, ofWeek(monday), availableIn(a, b)));
    }
  } else if (by === 'service') {
    // Availability is not per service: each row is measured against the whole scope's hours (rows add up to the total).
    const ofService = groupBy((b) => b.serviceId);
    const ids = new Set(bookings.map((b) => b.serviceId));
    const services = tx.listServices().filter((s) => s.active || ids.has(s.id));
    for (const id of ids) if (!services.some((s) => s.id === id)) services.push(tx.serviceById(id)!);
    rows = services
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((s) => rowOf(s.code, ofService(s.id), totalAvailable));
  }
  return { from, to, zone, by, staff: one?.handle ?? null, rows, total: rowOf(TOTAL_LABEL, bookings, totalAvailable) };
}

// ---- the stable machine shape (field names are part of the interface: add, never rename) --------

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
const roundOrNull = (x: number | null, places: number) => (x === null ? null : round(x, places));

/** Rates and utilisation as fractions (4 decimals), hours with 2 decimals, the average rating with 2. */
export function reportRowJson(r: ReportRow) {
  return {
    group: r.group,
    booked: r.booked,
    completed: r.completed,
    no_show: r.noShow,
    cancelled: r.cancelled,
    late_cancelled: r.lateCancelled,
    completion_rate: roundOrNull(r.completionRate, 4),
    no_show_rate: roundOrNull(r.noShowRate, 4),
    cancellation_rate: roundOrNull(r.cancellationRate, 4),
    hours_delivered: round(r.hoursDelivered, 2),
    booked_hours: round(r.bookedHours, 2),
    available_hours: round(r.availableHours, 2),
    utilisation: roundOrNull(r.utilisation, 4),
    average_rating: roundOrNull(r.averageRating, 2),
  };
}

export type ReportRowJson = ReturnType<typeof reportRowJson>;
export const REPORT_COLUMNS = Object.keys(reportRowJson(rowOf('', [], 0))) as Array<keyof ReportRowJson>;

export function reportJson(r: Report) {
  return { from: r.from, to: r.to, zone: r.zone, by: r.by, staff: r.staff, rows: r.rows.map(reportRowJson), total: reportRowJson(r.total) };
}
