// The one check behind both `sched slots` and `sched book`: may a session of this service start at this
// instant with this staff member? Pure: it works on data the store has loaded (see schedule.ts).
import { mergeIntervals, setWindowsOn } from './availability';
import { formatDuration } from './duration';
import { addDays, fmtDay, fmtDayTime, fmtTime, localDate, localMinutes, offsetAt, wallCandidates, weekStart } from './time';
import type { Block, ClientSession, DateOverride, Interval, Service, Session, Staff, WeeklyHours } from './types';

const MINUTE = 60_000;

export type ProblemKind =
  | 'inactive' | 'overlap' | 'client' | 'full' | 'hours' | 'block' | 'past' | 'notice' | 'horizon' | 'daily_limit' | 'weekly_limit';

/**
 * Problems that `book --force` lets staff book through: working hours, blocks, minimum notice (a start in the past
 * too) and the daily limit.
 * Never an overlap, a double-booked client or a full group; nor the service's horizon or the weekly limit.
 */
export const FORCEABLE: ReadonlySet<ProblemKind> = new Set(['hours', 'block', 'past', 'notice', 'daily_limit']);
/** What an import's --force waives: book's, and the weekly limit (history from another system may be over it). */
export const IMPORT_FORCEABLE: ReadonlySet<ProblemKind> = new Set([...FORCEABLE, 'weekly_limit']);
/**
 * How a booking's history says which rules --force waived (its booked, rescheduled or imported event), written
 * once here and read back by `export csv bookings` (Store.forcedBookingIds), so a forced session travels as one.
 */
export const FORCED_MARK = 'forced: ';
export const forcedNote = (waived: readonly string[]): string | null => (waived.length ? `${FORCED_MARK}${waived.join('; ')}` : null);

/**
 * What moving a session back to where it just was (the TUI's undo) waives: hours it may have been forced into,
 * and notice that has run out meanwhile (not a time already past). Not what may have changed there since: a block,
 * another session, a day or week now full, the horizon.
 */
export const UNDO_FORCEABLE: ReadonlySet<ProblemKind> = new Set(['hours', 'notice']);

export interface Problem {
  readonly kind: ProblemKind;
  /** Formatted on first read: listing slots rejects thousands of candidates and reads none of these. */
  readonly message: string;
  readonly bookingId?: number;
}

/** A class, not an object with its own getter: one shape, the getter on the prototype (cheaper by the thousand). */
class LazyProblem implements Problem {
  #text: string | undefined;
  constructor(readonly kind: ProblemKind, private readonly describe: () => string, readonly bookingId?: number) {}
  get message(): string {
    return (this.#text ??= this.describe());
  }
}

const problem = (kind: ProblemKind, describe: () => string, bookingId?: number): Problem => new LazyProblem(kind, describe, bookingId);

export interface SlotCheck {
  /** The problems that stand, after --force has waived what it may. */
  problems: Problem[];
  /** The problems --force waived (recorded in the booking's history). */
  waived: Problem[];
  /** Seats free at this start before booking: what `slots` shows. */
  seats: number;
}

export interface ScheduleData {
  staff: Staff;
  service: Service;
  now: number;
  /** Zone for the times in messages. */
  displayTz: string;
  weekly: readonly WeeklyHours[];
  overrides: readonly DateOverride[];
  blocks: readonly Block[];
  /** The staff member's sessions (cancelled excluded), sorted by start, covering the weeks that are checked. */
  sessions: readonly Session[];
  /** The same sessions already indexed (shared and grown by an import); `sessions` is then ignored. */
  index?: SessionIndex;
  /** How a message names another booking (an import names a row of its own file by its line): default "booking ID". */
  bookingName?: (bookingId: number) => string;
}

export interface CheckOptions {
  /** The client's own sessions, with any staff member, around the start: a client cannot be in two places at once. */
  clientSessions?: readonly ClientSession[];
  /** The client's name, for the message when they are elsewhere. */
  clientName?: string;
  /** A booking to leave out (itself, when rescheduling). */
  ignoreBookingId?: number;
  force?: boolean;
  /**
   * The session was agreed elsewhere and is being recorded (an import): when it was booked is not known,
   * so the booking window (minimum notice, horizon, a start in the past) does not apply.
   */
  agreedElsewhere?: boolean;
  /** Stop at the first problem that stands (listing slots needs a yes or no, not every reason). */
  quick?: boolean;
  /** What `force` waives (default: FORCEABLE, as for book). */
  forceable?: ReadonlySet<ProblemKind>;
}

/**
 * One staff member's bookings of one service at the same start are one (group) session, whatever their ends: a
 * client who joins after the service's duration was edited joins the session the others are in.
 */
export const sessionKey = (b: Pick<Session, 'serviceId' | 'startAt'>) => `${b.serviceId}@${b.startAt}`;

const overlaps = (a0: number, a1: number, b0: number, b1: number) => a0 < b1 && b0 < a1;

/** Index of the first session starting at or after `t` in a list sorted by start. */
export function firstIndexAtOrAfter(list: readonly Session[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.startAt < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface SlotChecker {
  check(start: number, opts?: CheckOptions): SlotCheck;
  /** Working windows of a local date (the staff member's zone), merged. */
  windows(date: string): Interval[];
  /** Candidate start times on a local date: the service's grid from the start of each window. */
  grid(date: string): number[];
  /** Sessions in the staff member's local ISO week of `start` (a group session counts once). */
  sessionsInWeekOf(start: number): number;
  readonly data: ScheduleData;
}

/**
 * A staff member's sessions, sorted by start, with how many sessions fall on each local day and ISO week
 * (a group session counts once). An import shares one among the checkers of a staff member and adds each
 * session it books, so later rows of the same file see it.
 */
export interface SessionIndex {
  readonly list: readonly Session[];
  /** How far from its start a session reaches (its length and buffers): bounds the scan of the sorted list. */
  readonly reach: number;
  add(s: Session): void;
  remove(id: number): void;
  sessionsOn(date: string): number;
  sessionsInWeek(monday: string): number;
  /** Bookings that make up the (group) session of this booking. */
  seatsTaken(s: Session): number;
}

export function sessionIndex(sessions: readonly Session[], tz: string): SessionIndex {
  const list = [...sessions];
  const span = (b: Session) => b.endAt - b.startAt + (b.bufferBeforeMin + b.bufferAfterMin) * MINUTE;
  let reach = list.reduce((m, b) => Math.max(m, span(b)), 0);
  // Counted on first need: most checks have no limit to count against.
  let counted = false;
  const perKey = new Map<string, number>();
  const perDay = new Map<string, number>();
  const perWeek = new Map<string, number>();
  const tally = (b: Session, step: 1 | -1) => {
    const key = sessionKey(b);
    const n = (perKey.get(key) ?? 0) + step;
    perKey.set(key, n);
    if (!((step === 1 && n === 1) || (step === -1 && n === 0))) return;
    const day = localDate(b.startAt, tz);
    const week = weekStart(day);
    perDay.set(day, (perDay.get(day) ?? 0) + step);
    perWeek.set(week, (perWeek.get(week) ?? 0) + step);
  };
  const count = () => {
    if (counted) return;
    counted = true;
    for (const b of list) tally(b, 1);
  };
  return {
    list,
    get reach() {
      return reach;
    },
    add(b) {
      list.splice(firstIndexAtOrAfter(list, b.startAt + 1), 0, b);
      reach = Math.max(reach, span(b));
      if (counted) tally(b, 1);
    },
    remove(id) {
      const i = list.findIndex((b) => b.id === id);
      if (i < 0) return;
      if (counted) tally(list[i]!, -1);
      list.splice(i, 1);
    },
    sessionsOn: (date) => (count(), perDay.get(date) ?? 0),
    sessionsInWeek: (monday) => (count(), perWeek.get(monday) ?? 0),
    seatsTaken: (b) => (count(), perKey.get(sessionKey(b)) ?? 0),
  };
}

export function slotChecker(data: ScheduleData): SlotChecker {
  const { staff, service, now, displayTz } = data;
  const tz = staff.tz;
  const durMs = service.durationMin * MINUTE;
  const beforeMs = service.bufferBeforeMin * MINUTE;
  const afterMs = service.bufferAfterMin * MINUTE;
  const stepMs = (service.intervalMin ?? service.durationMin) * MINUTE;
  const index = data.index ?? sessionIndex(data.sessions, tz);
  const bookingName = data.bookingName ?? ((id: number) => `booking ${id}`);

  // Each date's windows as set (where grids start), and merged (what a session must lie in): worked out once.
  const setCache = new Map<string, Interval[]>();
  const setWindows = (date: string) => {
    let w = setCache.get(date);
    if (!w) {
      w = setWindowsOn(date, tz, data.weekly, data.overrides);
      setCache.set(date, w);
    }
    return w;
  };
  const windowCache = new Map<string, Interval[]>();
  const windows = (date: string) => {
    let w = windowCache.get(date);
    if (!w) {
      w = mergeIntervals(setWindows(date));
      windowCache.set(date, w);
    }
    return w;
  };

  const aroundCache = new Map<string, Interval[]>();
  const workingAround = (date: string) => {
    let w = aroundCache.get(date);
    if (!w) {
      w = mergeIntervals([...windows(date), ...windows(addDays(date, 1))]);
      aroundCache.set(date, w);
    }
    return w;
  };

  const when = (start: number, end: number) => `${fmtDay(start, displayTz)} ${fmtTime(start, displayTz)}-${fmtTime(end, displayTz)}`;

  /** The booking window: not in the past, not inside the minimum notice, not past the horizon. */
  function windowProblems(start: number, found: Problem[]): void {
    const earliest = now + service.minNoticeMin * MINUTE;
    if (start < now) {
      found.push(problem('past', () => `${fmtDayTime(start, displayTz)} is in the past`));
    } else if (start < earliest) {
      found.push(problem('notice', () => `${service.code} needs ${formatDuration(service.minNoticeMin)} notice: the earliest start is ${fmtDayTime(earliest, displayTz)}`));
    }
    if (service.horizonMin !== null && start > now + service.horizonMin * MINUTE) {
      const until = now + service.horizonMin * MINUTE;
      found.push(problem('horizon', () => `${service.code} can be booked at most ${formatDuration(service.horizonMin!)} ahead (until ${fmtDayTime(until, displayTz)})`));
    }
  }

  function check(start: number, opts: CheckOptions = {}): SlotCheck {
    const end = start + durMs;
    const problems: Problem[] = [];

    const force = !!opts.force;
    const forceable = opts.forceable ?? FORCEABLE;
    // Quick (listing slots): stop at the first problem that stands. Plain calls rather than closures: listing
    // a month checks thousands of starts, and what each check allocates is what the garbage collector costs.
    const quick = opts.quick === true;
    let seats = service.capacity;
    let taken = 0;

    if (!staff.active) problems.push(problem('inactive', () => `${staff.handle} is no longer active`));
    if (!service.active) problems.push(problem('inactive', () => `service ${service.code} is no longer offered`));

    // Free: no overlap with another session or its buffers, nor of it with our buffers; group sessions at the same start are joined.
    const sessions = index.list;
    const reach = index.reach;
    const lo = firstIndexAtOrAfter(sessions, start - beforeMs - reach);
    for (let i = lo; i < sessions.length; i++) {
      const b = sessions[i]!;
      if (b.startAt >= end + afterMs + reach) break;
      if (b.id === opts.ignoreBookingId) continue;
      if (service.capacity > 1 && b.serviceId === service.id && b.startAt === start) {
        taken++;
        continue;
      }
      const bBefore = b.bufferBeforeMin * MINUTE;
      const bAfter = b.bufferAfterMin * MINUTE;
      const clash = overlaps(start, end, b.startAt - bBefore, b.endAt + bAfter) || overlaps(b.startAt, b.endAt, start - beforeMs, end + afterMs);
      if (clash && !problems.some((p) => p.kind === 'overlap')) {
        const direct = overlaps(start, end, b.startAt, b.endAt);
        problems.push(problem('overlap', () => `${staff.handle} is already booked ${when(b.startAt, b.endAt)} (${bookingName(b.id)}${direct ? '' : `, ${bufferText(b, service)}`})`, b.id));
        if (quick) return settle(problems, force, seats, forceable);
      }
    }
    seats = Math.max(0, service.capacity - taken);
    if (service.capacity > 1 && taken >= service.capacity) {
      const n = taken;
      problems.push(problem('full', () => `the ${service.code} session at ${when(start, end)} is full (${n} of ${service.capacity} seats taken)`));
    }
    if (quick && standing(problems, force, forceable)) return settle(problems, force, seats, forceable);

    for (const c of opts.clientSessions ?? []) {
      if (c.id === opts.ignoreBookingId || !overlaps(start, end, c.startAt, c.endAt)) continue;
      const who = opts.clientName ?? `client ${c.clientId}`;
      problems.push(problem('client', () => `${who} is already booked ${when(c.startAt, c.endAt)} with ${c.staffHandle} (${bookingName(c.id)})`, c.id));
      break;
    }
    if (quick && standing(problems, force, forceable)) return settle(problems, force, seats, forceable);

    // Inside the working windows of that date (a session may run on past midnight into the next day's window).
    const day = localDate(start, tz);
    if (!workingAround(day).some((w) => w.start <= start && end <= w.end)) {
      problems.push(problem('hours', () => {
        const today = windows(day);
        const hours = today.length ? today.map((w) => `${fmtTime(w.start, tz)}-${fmtTime(w.end, tz)}`).join(', ') : 'none';
        // Asked in another zone (--tz): each time says its zone, so that the line does not contradict itself.
        const asked = displayTz === tz ? '' : ` ${displayTz}`;
        return `${when(start, end)}${asked} is outside ${staff.handle}'s working hours (${fmtDay(start, tz)}: ${hours}, ${tz})`;
      }));
    }

    const block = data.blocks.find((b) => overlaps(start, end, b.startAt, b.endAt));
    if (block) {
      problems.push(problem('block', () => `${staff.handle} is away ${fmtDayTime(block.startAt, displayTz)} - ${fmtDayTime(block.endAt, displayTz)}${block.reason ? ` (${block.reason})` : ''}`));
    }

    if (!opts.agreedElsewhere) windowProblems(start, problems);
    if (quick && standing(problems, force, forceable)) return settle(problems, force, seats, forceable);

    // Limits count sessions, so joining a group session that already runs adds none.
    if (taken === 0 && (staff.maxPerDay !== null || staff.maxPerWeek !== null)) {
      const ignore = opts.ignoreBookingId !== undefined ? index.list.find((b) => b.id === opts.ignoreBookingId) : undefined;
      // Leaving out the session being moved frees its count only if it was the last booking of its (group) session.
      const freed = ignore !== undefined && index.seatsTaken(ignore) === 1;
      const ignoreDay = freed ? localDate(ignore.startAt, tz) : undefined;
      if (staff.maxPerDay !== null) {
        const n = index.sessionsOn(day) - (ignoreDay === day ? 1 : 0);
        const max = staff.maxPerDay;
        if (n >= max) problems.push(problem('daily_limit', () => `${staff.handle} already has ${n} session${n === 1 ? '' : 's'} on ${fmtDay(start, tz)} (at most ${max} a day)`));
      }
      if (staff.maxPerWeek !== null) {
        const n = index.sessionsInWeek(weekStart(day)) - (ignoreDay && weekStart(ignoreDay) === weekStart(day) ? 1 : 0);
        const max = staff.maxPerWeek;
        if (n >= max) problems.push(problem('weekly_limit', () => `${staff.handle} already has ${n} session${n === 1 ? '' : 's'} in the week of ${fmtDay(Date.parse(`${weekStart(day)}T12:00:00Z`), 'UTC')} (at most ${max} a week)`));
      }
    }

    return settle(problems, force, seats, forceable);
  }

  function grid(date: string): number[] {
    const out: number[] = [];
    const around = workingAround(date);
    // Each window as it was set starts its own grid, even where it touches another (09:00-10:00 and 10:00-12:00
    // give 10:00 for a 45-minute service); a session may run on into the hours that follow, past midnight too,
    // as check() allows.
    for (const w of setWindows(date)) {
      const reach = around.find((a) => a.start <= w.start && w.start < a.end)?.end ?? w.end;
      if (offsetAt(tz, w.start) === offsetAt(tz, w.end)) {
        for (let t = w.start; t < w.end && t + durMs <= reach; t += stepMs) out.push(t);
      } else {
        for (const t of wallGrid(w, stepMs / MINUTE, tz)) if (t + durMs <= reach) out.push(t);
      }
    }
    // Windows that overlap can give the same start twice.
    return out.length > 1 ? [...new Set(out)].sort((a, b) => a - b) : out;
  }

  const sessionsInWeekOf = (start: number) => index.sessionsInWeek(weekStart(localDate(start, tz)));

  return { check, windows, grid, sessionsInWeekOf, data };
}

/**
 * The grid of a window that spans a daylight saving change, in wall-clock minutes from its start, so the
 * slots stay on the times the office posts (09:00, 09:45, ...) after the change as before it. A grid time the
 * clocks skip has no slot; one they show twice has a slot at each of its two instants.
 */
function wallGrid(w: Interval, stepMin: number, tz: string): number[] {
  const firstDate = localDate(w.start, tz);
  const first = localMinutes(w.start, tz);
  // Wall minutes after the first date's midnight, up to the window's end and a clock change beyond it: in a
  // fall-back, an instant before the end can show a later wall time than the end does.
  const last = (Date.parse(`${localDate(w.end, tz)}T00:00:00Z`) - Date.parse(`${firstDate}T00:00:00Z`)) / MINUTE + localMinutes(w.end, tz) + 180;
  const out: number[] = [];
  for (let m = first; m <= last; m += stepMin) {
    for (const t of wallCandidates(addDays(firstDate, Math.floor(m / 1440)), m % 1440, tz)) if (t >= w.start && t < w.end) out.push(t);
  }
  return out;
}

/** Whether a problem stands that --force (if given) does not waive. */
function standing(problems: readonly Problem[], force: boolean, forceable: ReadonlySet<ProblemKind>): boolean {
  for (const p of problems) if (!force || !forceable.has(p.kind)) return true;
  return false;
}

/** Shared by every check that waives nothing (no caller changes it). */
const NONE_WAIVED: Problem[] = Object.freeze([]) as unknown as Problem[];

function settle(problems: Problem[], force: boolean, seats: number, forceable: ReadonlySet<ProblemKind>): SlotCheck {
  if (!force || problems.length === 0) return { problems, waived: NONE_WAIVED, seats };
  return { problems: problems.filter((p) => !forceable.has(p.kind)), waived: problems.filter((p) => forceable.has(p.kind)), seats };
}

function bufferText(b: Session, service: Service): string {
  const parts: string[] = [];
  if (b.bufferBeforeMin) parts.push(`${b.bufferBeforeMin} min buffer before`);
  if (b.bufferAfterMin) parts.push(`${b.bufferAfterMin} min buffer after`);
  if (service.bufferBeforeMin || service.bufferAfterMin) parts.push(`${service.code} needs ${service.bufferBeforeMin}/${service.bufferAfterMin} min buffers`);
  return parts.join(', ') || 'buffers';
}

export interface Slot {
  start: number;
  end: number;
  seats: number;
}

/** Bookable start times on the local dates [fromDate, fromDate + days). */
export function listSlots(checker: SlotChecker, fromDate: string, days: number, opts: CheckOptions = {}): Slot[] {
  const out: Slot[] = [];
  const durMs = checker.data.service.durationMin * MINUTE;
  const quick = { ...opts, quick: true };
  for (let i = 0; i < days; i++) {
    for (const start of checker.grid(addDays(fromDate, i))) {
      const c = checker.check(start, quick);
      if (c.problems.length === 0) out.push({ start, end: start + durMs, seats: c.seats });
    }
  }
  return out;
}

/**
 * The next `count` bookable starts at or after `from`: the suggestion in a refusal. The grid's starts, and the
 * first moment after each thing in the way (a session and the buffers between, a block, the client elsewhere),
 * which is often sooner: after a 14:00-15:00 session with 15 minutes after it, 15:15 on an hourly grid.
 */
export function nextFree(checker: SlotChecker, from: number, count: number, opts: CheckOptions = {}, searchDays = 31): Slot[] {
  const { staff, service } = checker.data;
  const durMs = service.durationMin * MINUTE;
  const before = service.bufferBeforeMin * MINUTE;
  const after = new Map<string, number[]>();
  const edge = (t: number) => {
    const date = localDate(t, staff.tz);
    (after.get(date) ?? after.set(date, []).get(date)!).push(t);
  };
  for (const s of checker.data.sessions) if (s.id !== opts.ignoreBookingId) edge(s.endAt + Math.max(s.bufferAfterMin * MINUTE, before));
  for (const b of checker.data.blocks) edge(b.endAt);
  for (const c of opts.clientSessions ?? []) if (c.id !== opts.ignoreBookingId) edge(c.endAt);

  const out: Slot[] = [];
  const quick = { ...opts, quick: true };
  const first = localDate(from, staff.tz);
  for (let i = 0; i < searchDays && out.length < count; i++) {
    const date = addDays(first, i);
    const starts = [...new Set([...checker.grid(date), ...(after.get(date) ?? [])])].filter((t) => t >= from).sort((a, b) => a - b);
    for (const start of starts) {
      if (out.length === count) break;
      const c = checker.check(start, quick);
      if (c.problems.length === 0) out.push({ start, end: start + durMs, seats: c.seats });
    }
  }
  return out;
}
