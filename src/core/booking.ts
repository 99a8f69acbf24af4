// Booking and rescheduling: every rule of the slot check, applied in the same write transaction as the insert.
import { randomUUID } from 'node:crypto';
import { fieldReader, illegal, invalid, notBookable, notFound, usage } from '../errors';
import type { Tx } from '../db/store';
import { findClient } from './clients';
import type { Env } from './env';
import { loadChecker } from './schedule';
import { findService } from './services';
import { engagementFor, engagementProblem } from './engagements';
import { checkUnchanged, type BookingVersion } from './lifecycle';
import { canChange } from './lifecycle';
import { onBooked, onRescheduled } from './outbox';
import { officeSettings, type OfficeSettings } from './settings';
import { forcedNote, nextFree, UNDO_FORCEABLE, type Problem, type ProblemKind, type Slot } from './slots';
import { anyZone, findStaff } from './staff';
import { addDays, checkZone, fmtDayTime, formatClock, localDate, localMinutes, parseAt, wallCandidates } from './time';
import { statusLabel, type Booking, type Client, type Service, type Staff } from './types';
import * as v from './validate';

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface BookRequest {
  /** A handle, or "any": the free staff member with the fewest sessions that week. */
  staff: string;
  client: string;
  service: string;
  at: string;
  tz?: string;
  format?: string;
  notes?: string;
  force?: boolean;
  repeat?: string;
  count?: string;
  skipConflicts?: boolean;
  /** An engagement id: the session draws on its hours. */
  engagement?: string;
}

export interface Refusal {
  start: number | null;
  /** How the date reads for the user, in the zone of the request. */
  label: string;
  /** The wall time asked for, "YYYY-MM-DD HH:MM" in `zone` (a time in a DST gap has no instant, but has this). */
  local: string;
  zone: string;
  reason: string;
  /** An engagement out of hours or past its end: other times would not help. */
  engagement?: boolean;
  /** Past the service's horizon for every candidate: later times would not help either. */
  horizon?: boolean;
}

export interface BookOutcome {
  bookings: Booking[];
  /** Dates of a series that --skip-conflicts left out. */
  skipped: Refusal[];
}

function readRepeat(repeat: string | undefined, count: string | undefined): { stepDays: number; count: number } {
  if (repeat === undefined) {
    if (count !== undefined) throw usage('--count needs --repeat', 'e.g. --repeat weekly --count 6');
    return { stepDays: 0, count: 1 };
  }
  const step = { weekly: 7, biweekly: 14 }[repeat.trim().toLowerCase()];
  if (!step) throw invalid(`--repeat: "${repeat}" is not a repetition`, 'use weekly or biweekly');
  if (count === undefined) throw usage('--repeat needs --count', 'e.g. --repeat weekly --count 6');
  return { stepDays: step, count: v.int(count, '--count', 1, 104) };
}

/** Start instants of a series: the same wall time in `zone` every step; a date where that time does not exist (DST gap) has none. */
function seriesStarts(first: number, zone: string, stepDays: number, count: number): Array<{ start: number | null; date: string; minutes: number }> {
  const date0 = localDate(first, zone);
  const minutes = localMinutes(first, zone);
  return Array.from({ length: count }, (_, k) => {
    if (k === 0) return { start: first, date: date0, minutes };
    const date = addDays(date0, k * stepDays);
    return { start: wallCandidates(date, minutes, zone)[0] ?? null, date, minutes };
  });
}

interface Choice {
  staff: Staff;
  waived: Problem[];
}

/** Of the candidates, who can take the session: the one free with the fewest sessions that week (then by handle). */
function choose(tx: Tx, env: Env, candidates: Staff[], service: Service, client: Client, start: number, displayTz: string | undefined, force: boolean, ignoreBookingId?: number, forceable?: ReadonlySet<ProblemKind>) {
  const end = start + service.durationMin * MINUTE;
  const clientSessions = tx.clientSessions(client.id, start - DAY, end + DAY);
  let best: (Choice & { load: number }) | undefined;
  const refusals: Array<{ staff: Staff; problem: Problem }> = [];
  for (const staff of candidates) {
    const checker = loadChecker(tx, staff, service, start, end, env.now(), displayTz ?? staff.tz, candidates.length > 1);
    const c = checker.check(start, { clientSessions, clientName: client.name, force, ignoreBookingId, forceable });
    if (c.problems.length) {
      refusals.push({ staff, problem: c.problems[0]! });
      continue;
    }
    const load = checker.sessionsInWeekOf(start);
    if (!best || load < best.load) best = { staff, waived: c.waived, load };
  }
  return { best, refusals };
}

/** For a series booked with "any": the staff member free on the most of its dates, then the least busy that first week, then by handle. */
function seriesStaff(tx: Tx, env: Env, candidates: Staff[], service: Service, client: Client, occurrences: Array<{ start: number | null }>, displayTz: string | undefined, force: boolean): Staff {
  const starts = occurrences.map((o) => o.start).filter((t): t is number => t !== null);
  if (starts.length === 0) return candidates[0]!;
  const scored = candidates.map((staff) => {
    const free = starts.filter((t) => choose(tx, env, [staff], service, client, t, displayTz, force).best).length;
    const load = loadChecker(tx, staff, service, starts[0]!, starts[0]! + DAY, env.now(), staff.tz, true).sessionsInWeekOf(starts[0]!);
    return { staff, free, load };
  });
  scored.sort((a, b) => b.free - a.free || a.load - b.load || a.staff.handle.localeCompare(b.staff.handle));
  return scored[0]!.staff;
}

/** "next free: Tue 2 Dec 15:15, ..." across the candidates, for a refusal's message. */
function suggestions(tx: Tx, env: Env, candidates: Staff[], service: Service, client: Client, from: number, displayTz: string | undefined, force: boolean, ignoreBookingId?: number, forceable?: ReadonlySet<ProblemKind>): string {
  const horizon = from + 31 * DAY;
  const clientSessions = tx.clientSessions(client.id, from - DAY, horizon + DAY);
  const found: Array<Slot & { staff: Staff }> = [];
  for (const staff of candidates.filter((s) => s.active)) {
    const checker = loadChecker(tx, staff, service, from, horizon, env.now(), displayTz ?? staff.tz);
    for (const slot of nextFree(checker, from, 3, { clientSessions, clientName: client.name, force, ignoreBookingId, forceable })) found.push({ ...slot, staff });
  }
  found.sort((a, b) => a.start - b.start || a.staff.handle.localeCompare(b.staff.handle));
  if (found.length === 0) {
    // Past the service's horizon, free time can only come before it.
    const until = service.horizonMin === null ? undefined : env.now() + service.horizonMin * 60_000;
    if (until !== undefined && from > until) return `choose a time before ${fmtDayTime(until, displayTz ?? candidates[0]!.tz)}`;
    return 'no free time in the next 31 days';
  }
  const many = candidates.length > 1;
  // In a zone other than the staff member's (--tz), the zone is named once: the line's other times may not be in it.
  const named = displayTz !== undefined && found.slice(0, 3).some((s) => s.staff.tz !== displayTz) ? ` (${displayTz})` : '';
  return `next free${named}: ${found.slice(0, 3).map((s) => `${fmtDayTime(s.start, displayTz ?? s.staff.tz)}${many ? ` (${s.staff.handle})` : ''}`).join(', ')}`;
}

/** Each staff member's reason, said once for all who share it, and naming them where the reason does not. */
function refusalText(refusals: Array<{ staff: Staff; problem: Problem }>, many: boolean): string {
  if (!many) return refusals[0]!.problem.message;
  const who = new Map<string, string[]>();
  for (const r of refusals) (who.get(r.problem.message) ?? who.set(r.problem.message, []).get(r.problem.message)!).push(r.staff.handle);
  // Named as a word ("ed" is not named by "booked").
  const names = (message: string, handle: string) => new RegExp(`(^|[^a-z0-9_-])${handle}($|[^a-z0-9_-])`).test(message);
  const reasons = [...who].map(([message, handles]) => (handles.length === 1 && names(message, handles[0]!) ? message : `${handles.join(', ')}: ${message}`));
  return `no staff member is free then (${reasons.join('; ')})`;
}

export function book(env: Env, req: BookRequest): BookOutcome {
  const tzOpt = req.tz === undefined ? undefined : checkZone(req.tz, '--tz');
  const format = req.format === undefined ? undefined : v.format(req.format, '--format');
  const notes = req.notes === undefined ? null : v.note(req.notes, '--notes');
  if (req.skipConflicts && req.repeat === undefined) throw usage('--skip-conflicts is for a series', 'add --repeat weekly --count N, or leave it out');
  const repeat = readRepeat(req.repeat, req.count);
  const force = !!req.force;

  return env.store.write((tx) => {
    // Every unknown name at once: a typo in --staff should not hide one in --service.
    const f = fieldReader();
    const any = req.staff.trim().toLowerCase() === 'any';
    const candidates = f.read(() => (any ? tx.listStaff() : [findStaff(tx, req.staff, '--staff')]));
    const client = f.read(() => findClient(tx, req.client));
    const service = f.read(() => findService(tx, req.service));
    // --at is read in the staff member's zone; without one, its form alone is checked, so it is named with the rest.
    if (candidates === undefined) f.read(() => parseAt(req.at, tzOpt ?? 'UTC', '--at'));
    f.done();
    const settings = officeSettings(tx);
    if (candidates.length === 0) throw notBookable('there is no active staff member', 'add one with sched staff add');
    // Other times would not help here: say so, rather than search for free time.
    if (!service.active) throw notBookable(`service ${service.code} is no longer offered`, `offer it again with sched service edit ${service.code} --active true`);
    if (!candidates[0]!.active) throw notBookable(`${candidates[0]!.handle} is no longer active`, `reactivate with sched staff edit ${candidates[0]!.handle} --active true, or book --staff any`);
    // Wall times are read in --tz, else the staff member's zone (for "any": the zone they share, else the office's).
    const zone = tzOpt ?? (any ? anyZone(candidates, settings.defaultTz) : candidates[0]!.tz);
    const first = parseAt(req.at, zone, '--at');
    const seriesId = repeat.count > 1 ? randomUUID() : null;
    const engagement = req.engagement === undefined ? null : engagementFor(tx, req.engagement, client);

    const displayTz = tzOpt ?? (any ? zone : undefined);
    const occurrences = seriesStarts(first, zone, repeat.stepDays, repeat.count);
    // A client's series stays with one person: "any" picks who can take the most of its dates.
    const pool = any && occurrences.length > 1 ? [seriesStaff(tx, env, candidates, service, client, occurrences, displayTz, force)] : candidates;

    const made: Booking[] = [];
    const refused: Refusal[] = [];
    for (const occ of occurrences) {
      const asked = { local: `${occ.date} ${formatClock(occ.minutes)}`, zone };
      if (occ.start === null) {
        refused.push({ start: null, label: asked.local, ...asked, reason: `that time does not exist in ${zone} (daylight saving time)` });
        continue;
      }
      const { best, refusals } = choose(tx, env, pool, service, client, occ.start, displayTz, force);
      if (!best) {
        refused.push({ start: occ.start, label: fmtDayTime(occ.start, zone), ...asked, reason: refusalText(refusals, pool.length > 1), horizon: refusals.every((r) => r.problem.kind === 'horizon') });
        continue;
      }
      // Hours are counted after the earlier dates of the series were inserted, so a series cannot overdraw.
      const overdrawn = engagement && engagementProblem(tx, engagement, client, occ.start, service.durationMin, settings);
      if (overdrawn && !force) {
        refused.push({ start: occ.start, label: fmtDayTime(occ.start, zone), ...asked, reason: overdrawn, engagement: true });
        continue;
      }
      const waived = overdrawn ? [...best.waived, { message: overdrawn }] : best.waived;
      made.push(insertBooking(tx, env, settings, { staff: best.staff, client, service, start: occ.start, tz: zone, format: format ?? service.format, notes, seriesId, engagementId: engagement?.id ?? null, confirmed: settings.autoConfirm, waived }));
    }

    // Other times would not help an engagement that is used up: no slot suggestions then.
    if (repeat.count === 1 && refused[0]?.engagement) {
      throw notBookable(refused[0]!.reason, 'add hours with a new engagement, or book with --force');
    }
    // Past the horizon, free times come only before it: the message says until when, no search after it.
    if (repeat.count === 1 && refused[0]?.horizon) throw notBookable(refused[0].reason, 'choose a time before then', { refused });
    if (repeat.count === 1 && refused.length) {
      const hint = suggestions(tx, env, candidates, service, client, first, displayTz, force);
      throw notBookable(`${refused[0]!.reason}; ${hint}`, undefined, { refused });
    }
    if (refused.length && (!req.skipConflicts || made.length === 0)) {
      const list = refused.map((r) => `${r.label} (${r.reason})`).join('; ');
      const rest = repeat.count - refused.length;
      throw notBookable(
        `${refused.length} of ${repeat.count} dates ${refused.length === 1 ? 'is' : 'are'} not bookable: ${list}`,
        req.skipConflicts || rest === 0 ? 'nothing was booked' : `nothing was booked; --skip-conflicts books the other ${rest === 1 ? 'date' : `${rest}`}`,
        { refused },
      );
    }
    return { bookings: made, skipped: refused };
  });
}

interface NewSession {
  staff: Staff;
  client: Client;
  service: Service;
  start: number;
  tz: string;
  format: Booking['format'];
  notes: string | null;
  seriesId: string | null;
  engagementId: number | null;
  confirmed: boolean;
  waived: ReadonlyArray<{ message: string }>;
}

function insertBooking(tx: Tx, env: Env, settings: OfficeSettings, s: NewSession): Booking {
  const now = env.now();
  const end = s.start + s.service.durationMin * MINUTE;
  const b = tx.insertBooking({
    staffId: s.staff.id, clientId: s.client.id, serviceId: s.service.id, startAt: s.start, endAt: end,
    bufferBeforeMin: s.service.bufferBeforeMin, bufferAfterMin: s.service.bufferAfterMin,
    status: s.confirmed ? 'confirmed' : 'scheduled', format: s.format, tz: s.tz, notes: s.notes, seriesId: s.seriesId, engagementId: s.engagementId, externalId: null,
    sequence: 0, lateChange: false, cancelReason: null, rating: null, feedback: null, createdAt: now, updatedAt: now,
  });
  const forced = forcedNote(s.waived.map((p) => p.message));
  tx.addEvent({ bookingId: b.id, at: now, actor: env.actor, kind: 'booked', fromStatus: null, toStatus: b.status, oldStartAt: null, oldEndAt: null, newStartAt: b.startAt, newEndAt: b.endAt, text: forced });
  tx.audit({ at: now, actor: env.actor, action: 'booking.create', entity: 'booking', entityId: b.id, details: { staff: s.staff.handle, client: s.client.id, service: s.service.code, startAt: b.startAt, endAt: b.endAt, status: b.status, seriesId: s.seriesId, forced } });
  onBooked(tx, b, { clientEmail: s.client.email, staffEmail: s.staff.email }, settings, now);
  return b;
}

export interface RescheduleRequest {
  id: string | number;
  at: string;
  tz?: string;
  force?: boolean;
  /** Move only if the booking is still as the caller last saw it (an undo must not overwrite a change made since). */
  expect?: BookingVersion;
  /**
   * Moving the session back to where it just was (an undo): what the old time may no longer meet is waived
   * (UNDO_FORCEABLE), and the move is neither forced nor late, since it only takes back the one before.
   */
  moveBack?: boolean;
}

/** Moves a session: same id, every booking rule applied (ignoring the session itself), sequence + 1, previous times kept in history. */
export function reschedule(env: Env, req: RescheduleRequest): Booking {
  const id = v.id(req.id, 'ID');
  const tzOpt = req.tz === undefined ? undefined : checkZone(req.tz, '--tz');
  const force = !!req.force;
  const waiving = force || !!req.moveBack;
  const forceable = force ? undefined : req.moveBack ? UNDO_FORCEABLE : undefined;
  return env.store.write((tx) => {
    const now = env.now();
    const b = tx.bookingById(id);
    if (!b) throw notFound(`no booking ${id}`, 'see sched list');
    if (!canChange(b.status)) throw illegal(`booking ${id} is ${statusLabel(b.status)}: it can no longer be rescheduled`);
    if (req.expect) checkUnchanged(b, req.expect, 'last seen');
    const staff = tx.staffById(b.staffId)!;
    const service = tx.serviceById(b.serviceId)!;
    const client = tx.clientById(b.clientId)!;
    const zone = tzOpt ?? staff.tz;
    const start = parseAt(req.at, zone, '--at');
    if (start === b.startAt) throw invalid(`booking ${id} is already at ${fmtDayTime(start, zone)}`);
    const { best, refusals } = choose(tx, env, [staff], service, client, start, zone, waiving, id, forceable);
    if (!best && refusals[0]!.problem.kind === 'horizon') throw notBookable(refusals[0]!.problem.message, 'choose a time before then');
    // No other time would help: say what would.
    if (!best && !staff.active) throw notBookable(refusals[0]!.problem.message, `reactivate with sched staff edit ${staff.handle} --active true, or cancel and book with another staff member`);
    if (!best && !service.active) throw notBookable(refusals[0]!.problem.message, `offer it again with sched service edit ${service.code} --active true`);
    if (!best) throw notBookable(`${refusals[0]!.problem.message}; ${suggestions(tx, env, [staff], service, client, start, zone, waiving, id, forceable)}`);
    const settings = officeSettings(tx);
    const engagement = b.engagementId === null ? null : tx.engagementById(b.engagementId)!;
    // Moving back takes the hours it took before, on a date it already had: the engagement is as it was.
    const overdrawn = engagement && !req.moveBack && engagementProblem(tx, engagement, client, start, service.durationMin, settings, b);
    if (overdrawn && !force) throw notBookable(overdrawn, 'book with --force to go past it');
    const waived = req.moveBack ? [] : overdrawn ? [...best.waived, { message: overdrawn }] : best.waived;
    const end = start + service.durationMin * MINUTE;
    const late = !req.moveBack && now > b.startAt - settings.cancellationNoticeMin * MINUTE;
    tx.updateBooking(id, { startAt: start, endAt: end, bufferBeforeMin: service.bufferBeforeMin, bufferAfterMin: service.bufferAfterMin, sequence: b.sequence + 1, lateChange: b.lateChange || late, updatedAt: now });
    const notes = [late ? 'late: inside the cancellation notice' : '', forcedNote(waived.map((p) => p.message)) ?? ''].filter(Boolean).join('; ');
    tx.addEvent({ bookingId: id, at: now, actor: env.actor, kind: 'rescheduled', fromStatus: b.status, toStatus: b.status, oldStartAt: b.startAt, oldEndAt: b.endAt, newStartAt: start, newEndAt: end, text: notes || null });
    tx.audit({ at: now, actor: env.actor, action: 'booking.reschedule', entity: 'booking', entityId: id, details: { from: [b.startAt, b.endAt], to: [start, end], late, sequence: b.sequence + 1 } });
    const moved = tx.bookingById(id)!;
    onRescheduled(tx, moved, { clientEmail: client.email, staffEmail: staff.email }, settings, now, b.startAt);
    return moved;
  });
}
