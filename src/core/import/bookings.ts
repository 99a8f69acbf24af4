// Bookings from CSV. Every row that holds time goes through the slot check of `sched book` (working hours,
// blocks, overlaps and buffers, group capacity, the client booked elsewhere, daily and weekly limits) and the
// engagement's hours, against the database and the rows above it; --force waives what it waives for `book`.
// The booking window (minimum notice, horizon, a start in the past) does not apply: the session was agreed
// elsewhere, at a moment the file does not record. So that 100,000 rows take seconds, each staff member's
// schedule over the file's dates is loaded once and grown as rows are booked (see SessionIndex).
import { fieldReader, invalid, illegal, notBookable } from '../../errors';
import type { Tx } from '../../db/store';
import { findClient } from '../clients';
import { clientEngagement, engagementFor, engagementProblem } from '../engagements';
import type { Env } from '../env';
import { canChange, keptIn, REASON_MAX, WITHDRAWN_REASON } from '../lifecycle';
import { onImported } from '../outbox';
import { findService } from '../services';
import { officeSettings } from '../settings';
import { IMPORT_FORCEABLE, firstIndexAtOrAfter, forcedNote, sessionIndex, slotChecker, type SessionIndex, type SlotChecker } from '../slots';
import { findStaff } from '../staff';
import { addDays, checkZone, fmtDayTime, localDate, parseAt } from '../time';
import { holdsTime, STATUSES, statusLabel, type Booking, type Client, type ClientSession, type Engagement, type Format, type Service, type Session, type Staff, type Status } from '../types';
import * as v from '../validate';
import type { CsvRow } from './csv';
import { cached, given, type ImportKind, type ImportOptions, type RowImporter, type RowOutcome } from './kind';

const MINUTE = 60_000;
const DAY = 86_400_000;

export const BOOKING_COLUMNS = ['external_id', 'staff', 'client', 'service', 'start', 'tz', 'status', 'format', 'notes', 'engagement', 'rating', 'feedback', 'cancel_reason', 'late', 'forced'] as const;

/** A row read and checked on its own; what it changes is decided against the database later. */
interface Row {
  externalId: string | null;
  staff: Staff;
  client: Client;
  service: Service;
  start: number;
  /** Given in the file (else the booking keeps its own, or takes the default). */
  tz?: string;
  status?: Status;
  format?: Format;
  notes?: string | null;
  engagement?: Engagement | null;
  rating?: number | null;
  feedback?: string | null;
  cancelReason?: string | null;
  late?: boolean;
  /** The row may be let through what --force lets through (the session was forced where it came from). */
  forced: boolean;
}

function readStatus(value: string): Status {
  const s = value.trim().toLowerCase().replace('-', '_');
  if (!(STATUSES as readonly string[]).includes(s)) throw invalid(`status: "${value}" is not a status`, `use one of ${STATUSES.map(statusLabel).join(', ')}`);
  return s as Status;
}

/** An empty cell of an optional column: the column says "none". */
const orNull = <T>(cells: Record<string, string>, column: string, read: (value: string) => T): T | null | undefined => {
  const value = given(cells, column);
  if (value === undefined) return undefined;
  return value.trim() === '' ? null : read(value);
};

/** The clients' sessions, indexed as a staff member's are and grown as rows are booked: the "client is elsewhere" check. */
function clientCalendar(sessions: readonly Session[], staffHandles: ReadonlyMap<number, string>) {
  const byClient = new Map<number, SessionIndex>();
  // No limit counts a client's sessions per day, so the zone of the index does not matter.
  const indexOf = (clientId: number) => byClient.get(clientId) ?? byClient.set(clientId, sessionIndex([], 'UTC')).get(clientId)!;
  for (const s of sessions) indexOf(s.clientId).add(s);
  return {
    /** Sessions of the client starting within a day either side (no session lasts longer than a day). */
    near(clientId: number, start: number, end: number): ClientSession[] {
      const list = byClient.get(clientId)?.list;
      if (!list) return [];
      return list.slice(firstIndexAtOrAfter(list, start - DAY), firstIndexAtOrAfter(list, end + DAY)).map((s) => ({ ...s, staffHandle: staffHandles.get(s.staffId)! }));
    },
    add: (s: Session) => indexOf(s.clientId).add(s),
    remove: (clientId: number, id: number) => byClient.get(clientId)?.remove(id),
  };
}

const toSession = (b: Booking): Session => ({
  id: b.id, staffId: b.staffId, clientId: b.clientId, serviceId: b.serviceId, startAt: b.startAt, endAt: b.endAt, bufferBeforeMin: b.bufferBeforeMin, bufferAfterMin: b.bufferAfterMin,
});

function begin(tx: Tx, env: Env, rows: readonly CsvRow[], opts: ImportOptions): RowImporter {
  const now = env.now();
  const settings = officeSettings(tx);
  const staffBy = cached((h) => findStaff(tx, h, 'staff'));
  const clientBy = cached((c) => findClient(tx, c, 'client'));
  const serviceBy = cached((c) => findService(tx, c, 'service'));
  const zoneBy = cached((z) => checkZone(z, 'tz'));
  // Keyed "client id NUL name or id": an engagement is named among its client's.
  const engagementBy = cached((key) => {
    const cut = key.indexOf('\u0000');
    return clientEngagement(tx, tx.clientById(Number(key.slice(0, cut)))!, key.slice(cut + 1), 'engagement');
  });

  /** Reads every cell of the row, so that all its problems are listed at once. */
  function read(cells: Record<string, string>): Row {
    const f = fieldReader();
    const need = (column: string) => {
      const value = cells[column]?.trim();
      if (!value) throw invalid(`${column}: required`, 'every booking names its staff member, client, service and start');
      return value;
    };
    const staff = f.read(() => staffBy(need('staff').toLowerCase()));
    const client = f.read(() => clientBy(need('client').toLowerCase()));
    const service = f.read(() => serviceBy(need('service')));
    const tz = f.read(() => (cells.tz?.trim() ? zoneBy(cells.tz.trim()) : undefined));
    // Without a known staff member a wall time has no zone to be read in: it is read in UTC (or the row's
    // zone) only to report a start that is no date and time in any zone.
    const start = f.read(() => parseAt(need('start'), tz ?? staff?.tz ?? 'UTC', 'start'));
    const externalId = f.read(() => (cells.external_id?.trim() ? v.text(cells.external_id, 'external_id', 200) : null));
    const status = f.read(() => (cells.status?.trim() ? readStatus(cells.status) : undefined));
    const format = f.read(() => (cells.format?.trim() ? v.format(cells.format, 'format') : undefined));
    const notes = f.read(() => orNull(cells, 'notes', (x) => v.note(x, 'notes')));
    // By name (or id) among the client's engagements: without a known client there is nothing to look in.
    const engagement = client ? f.read(() => orNull(cells, 'engagement', (x) => engagementBy(`${client.id}\u0000${x.trim()}`))) : undefined;
    const rating = f.read(() => orNull(cells, 'rating', (x) => v.int(x, 'rating', 1, 5)));
    const feedback = f.read(() => orNull(cells, 'feedback', (x) => v.note(x, 'feedback')));
    const cancelReason = f.read(() => orNull(cells, 'cancel_reason', (x) => v.note(x, 'cancel_reason', REASON_MAX)));
    const late = f.read(() => (cells.late?.trim() ? v.bool(cells.late, 'late') : undefined));
    const forced = f.read(() => (cells.forced?.trim() ? v.bool(cells.forced, 'forced') : false));
    f.done();
    return { externalId, staff, client, service, start, tz, status, format, notes, engagement, rating, feedback, cancelReason, late, forced: forced ?? false };
  }

  // Everything the checks need over the file's dates, loaded on first need: a week and a day either side
  // covers buffers, sessions across midnight and weekly limits.
  let span: [number, number] | undefined;
  const range = (): [number, number] => {
    if (span) return span;
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of rows) {
      const at = r.cells.start?.trim();
      if (!at) continue;
      // A rough bound is enough (the exact instant needs the row's zone): the date part, a day either side.
      const ms = Date.parse(`${at.slice(0, 10)}T00:00:00Z`);
      if (Number.isNaN(ms)) continue;
      lo = Math.min(lo, ms - DAY);
      hi = Math.max(hi, ms + 2 * DAY);
    }
    if (lo === Infinity) [lo, hi] = [now, now + DAY];
    return (span = [lo - 8 * DAY, hi + 8 * DAY]);
  };
  let sessions: Session[] | undefined;
  const loaded = () => (sessions ??= tx.sessionsStarting(...range()));
  let clients: ReturnType<typeof clientCalendar> | undefined;
  const clientSessions = () => (clients ??= clientCalendar(loaded(), new Map(tx.listStaff({ includeInactive: true }).map((s) => [s.id, s.handle]))));
  const schedules = new Map<number, { index: SessionIndex; weekly: ReturnType<Tx['weeklyHours']>; overrides: ReturnType<Tx['overrides']>; blocks: ReturnType<Tx['blocks']> }>();
  const scheduleOf = (staff: Staff) => {
    let s = schedules.get(staff.id);
    if (!s) {
      const [lo, hi] = range();
      s = {
        index: sessionIndex(loaded().filter((x) => x.staffId === staff.id), staff.tz),
        weekly: tx.weeklyHours(staff.id),
        overrides: tx.overrides(staff.id, addDays(localDate(lo, 'UTC'), -1), addDays(localDate(hi, 'UTC'), 1)),
        blocks: tx.blocks(staff.id, lo, hi),
      };
      schedules.set(staff.id, s);
    }
    return s;
  };
  /** Bookings this file made, by id: a clash with one of them names its line. */
  const lineOf = new Map<number, number>();
  const checkers = new Map<string, SlotChecker>();
  const checkerFor = (staff: Staff, service: Service, tz: string) => {
    const key = `${staff.id}:${service.id}:${tz}`;
    let c = checkers.get(key);
    if (!c) {
      const s = scheduleOf(staff);
      c = slotChecker({
        staff, service, now, displayTz: tz, weekly: s.weekly, overrides: s.overrides, blocks: s.blocks, sessions: [], index: s.index,
        // A booking made by an earlier row may yet be rolled back with the whole file: its line is what the user knows.
        bookingName: (id) => (lineOf.has(id) ? `line ${lineOf.get(id)} of this file` : `booking ${id}`),
      });
      checkers.set(key, c);
    }
    return c;
  };

  /** Bookings the rows above stand for, with their lines: each row stands for a booking of its own. */
  const claimed = new Map<number, number>();

  /**
   * The booking a row stands for: by external id, else by staff, start and client. Several bookings can share
   * these (a session cancelled and booked again at the same time): a row takes one no row above took, in the
   * same standing (cancelled or not) first, so that exporting them and importing the file back keeps each.
   */
  function existing(r: Row): Booking | undefined {
    if (r.externalId) {
      const b = tx.bookingByExternalId(r.externalId);
      if (b && claimed.has(b.id)) throw invalid(`external_id: booking ${b.id} (external id "${r.externalId}") is also on line ${claimed.get(b.id)}: a file names each record once`, 'keep one of the rows');
      return b;
    }
    const same = tx.bookingsAt(r.staff.id, r.client.id, r.start);
    const free = same.filter((b) => !claimed.has(b.id));
    const wanted = holdsTime(r.status ?? 'scheduled');
    const found = free.find((b) => holdsTime(b.status) === wanted);
    if (found) return found;
    // Two rows for one session that holds its time: which one wins would depend on their order.
    const live = same.find((b) => claimed.has(b.id) && holdsTime(b.status));
    if (wanted && live) {
      throw invalid(`start: this session (staff, client and start) is also on line ${claimed.get(live.id)}: a file names each record once`, 'keep one of the rows');
    }
    // A row that cancels a session, or brings a cancelled one back.
    return free[0];
  }

  function apply(row: CsvRow): RowOutcome {
    const r = read(row.cells);
    const force = opts.force || r.forced;
    const old = existing(r);
    const status = r.status ?? old?.status ?? (settings.autoConfirm ? 'confirmed' : 'scheduled');
    const kept = keptIn(status, old ?? { rating: null, feedback: null, cancelReason: null });
    const next = {
      staffId: r.staff.id, clientId: r.client.id, serviceId: r.service.id, startAt: r.start, endAt: r.start + r.service.durationMin * MINUTE, status,
      tz: r.tz ?? old?.tz ?? r.staff.tz,
      format: r.format ?? old?.format ?? r.service.format,
      notes: r.notes === undefined ? old?.notes ?? null : r.notes,
      engagementId: r.engagement === undefined ? old?.engagementId ?? null : r.engagement?.id ?? null,
      // A column the file leaves out keeps what the booking had, as far as its new standing keeps it; one the file
      // gives is taken as given (and refused below if it does not fit).
      rating: r.rating === undefined ? kept.rating : r.rating,
      feedback: r.feedback === undefined ? kept.feedback : r.feedback,
      cancelReason: r.cancelReason === undefined ? kept.cancelReason : r.cancelReason,
      // Late means a late cancellation for a cancelled session, a late move otherwise: into or out of cancelled,
      // the old mark no longer says anything true.
      lateChange: r.late ?? (old && (old.status === 'cancelled') === (status === 'cancelled') ? old.lateChange : false),
      externalId: r.externalId ?? old?.externalId ?? null,
    };
    if (old && (Object.keys(next) as Array<keyof typeof next>).every((k) => old[k] === next[k])) {
      claimed.set(old.id, row.line);
      return 'unchanged';
    }

    if ((status === 'completed' || status === 'no_show') && next.startAt > now) {
      throw illegal(`status: a session cannot be ${statusLabel(status)} before it starts (it starts ${fmtDayTime(next.startAt, next.tz)})`, 'import it as scheduled or confirmed');
    }
    if (next.rating !== null && status !== 'completed') throw invalid('rating: only a completed session has a rating', 'leave the cell empty');
    if (next.feedback !== null && status !== 'completed') throw invalid('feedback: only a completed session has feedback', 'leave the cell empty');
    if (next.cancelReason !== null && status !== 'cancelled') throw invalid('cancel_reason: only a cancelled session has a reason for cancelling', 'leave the cell empty');
    // As for `sched cancel`: reports leave withdrawn bookings out, so no import may make a cancellation one.
    if (next.cancelReason === WITHDRAWN_REASON && old?.cancelReason !== WITHDRAWN_REASON) {
      throw invalid(`cancel_reason: "${WITHDRAWN_REASON}" is kept for bookings withdrawn as made in error`, 'give the reason in other words');
    }

    // What holds time where it did not before (or for another client) needs the slot check; a row that only changes its notes does not.
    const moved = !old || old.staffId !== next.staffId || old.clientId !== next.clientId || old.serviceId !== next.serviceId || old.startAt !== next.startAt || holdsTime(old.status) !== holdsTime(status);
    const waived: string[] = [];
    if (holdsTime(status) && moved) {
      const check = checkerFor(r.staff, r.service, next.tz).check(next.startAt, {
        clientSessions: clientSessions().near(r.client.id, next.startAt, next.endAt), clientName: r.client.name, force, forceable: IMPORT_FORCEABLE, ignoreBookingId: old?.id, agreedElsewhere: true,
      });
      // History may name someone who has since left, or a service no longer offered: "inactive" only stops new
      // sessions, and --force lets upcoming ones in too (an office moved whole keeps a leaver's booked sessions).
      const inactive = check.problems.filter((p) => p.kind === 'inactive' && next.startAt >= now);
      const first = check.problems.find((p) => p.kind !== 'inactive') ?? (force ? undefined : inactive[0]);
      if (first) {
        throw notBookable(`start: ${first.message}`, IMPORT_FORCEABLE.has(first.kind) || first.kind === 'inactive' ? 'fix the row, or --force to import it anyway' : undefined);
      }
      waived.push(...check.waived.map((p) => p.message), ...inactive.map((p) => p.message));
    }
    const engagement = r.engagement === undefined ? (next.engagementId === null ? null : tx.engagementById(next.engagementId)!) : r.engagement;
    // Drawing on an engagement needs it to be the client's and open; one the booking already drew on stays.
    // A closed one: history drew on it while it was open; a session to come needs --force (its sessions stay
    // when it is closed, so an office moved whole has such sessions).
    if (engagement && (old?.engagementId !== engagement.id || old.clientId !== r.client.id)) {
      engagementFor(tx, String(engagement.id), r.client, 'engagement', true);
      if (engagement.status === 'closed' && canChange(status)) {
        const closed = `engagement ${engagement.id} (${engagement.name}) is closed`;
        if (!force) throw illegal(`engagement: ${closed}`, 'open it again (status open in the engagements file), or --force to import the session as it stands');
        waived.push(closed);
      }
    }
    if (engagement && holdsTime(status) && (moved || old?.engagementId !== engagement.id || old.serviceId !== next.serviceId)) {
      const overdrawn = engagementProblem(tx, engagement, r.client, next.startAt, r.service.durationMin, settings, old?.engagementId === engagement.id ? old : undefined);
      if (overdrawn && !force) throw notBookable(`engagement: ${overdrawn}`, 'add hours with a new engagement, or --force');
      if (overdrawn) waived.push(overdrawn);
    }

    const at = env.now();
    const forced = forcedNote(waived);
    const row0 = { bufferBeforeMin: r.service.bufferBeforeMin, bufferAfterMin: r.service.bufferAfterMin };
    let booking: Booking;
    if (!old) {
      booking = tx.insertBooking({ ...next, ...row0, seriesId: null, sequence: 0, createdAt: at, updatedAt: at });
      tx.addEvent({ bookingId: booking.id, at, actor: env.actor, kind: 'imported', fromStatus: null, toStatus: status, oldStartAt: null, oldEndAt: null, newStartAt: booking.startAt, newEndAt: booking.endAt, text: forced });
      lineOf.set(booking.id, row.line);
    } else {
      // A new time, or a change of standing (cancelled or not), is a new version of the session, as in reschedule and cancel.
      const sequence = old.sequence + (moved ? 1 : 0);
      const buffers = old.serviceId === next.serviceId && old.startAt === next.startAt ? {} : row0;
      tx.updateBooking(old.id, { ...next, ...buffers, sequence, updatedAt: at });
      booking = tx.bookingById(old.id)!;
      const timeChanged = old.startAt !== next.startAt || old.endAt !== next.endAt;
      tx.addEvent({
        bookingId: old.id, at, actor: env.actor, kind: 'imported', fromStatus: old.status, toStatus: status,
        oldStartAt: timeChanged ? old.startAt : null, oldEndAt: timeChanged ? old.endAt : null, newStartAt: timeChanged ? next.startAt : null, newEndAt: timeChanged ? next.endAt : null,
        text: ['updated by an import', forced].filter(Boolean).join('; '),
      });
      if (holdsTime(old.status)) {
        scheduleOf(tx.staffById(old.staffId)!).index.remove(old.id);
        clientSessions().remove(old.clientId, old.id);
      }
    }
    tx.audit({
      at, actor: env.actor, action: old ? 'booking.import.update' : 'booking.import', entity: 'booking', entityId: booking.id,
      details: { line: row.line, externalId: booking.externalId, staff: r.staff.handle, client: r.client.id, service: r.service.code, startAt: booking.startAt, status, forced },
    });
    onImported(tx, booking, { clientEmail: r.client.email, staffEmail: r.staff.email }, settings, at, !!old && moved);
    // Last, once nothing can fail: a row rolled back by its savepoint must not stay in the schedule.
    claimed.set(booking.id, row.line);
    if (holdsTime(status)) {
      scheduleOf(r.staff).index.add(toSession(booking));
      clientSessions().add(toSession(booking));
    }
    return old ? 'updated' : 'created';
  }

  return { apply };
}

// External ids come from other systems, where X-1 and x-1 may be two records: they match as written.
export const bookings: ImportKind = { columns: BOOKING_COLUMNS, keys: ['staff', 'client', 'service', 'start'], unique: 'external_id', uniqueMatchesCase: true, begin };
