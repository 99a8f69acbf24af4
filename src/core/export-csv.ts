// `sched export csv`: files that `sched import` reads back unchanged. A cell a spreadsheet would run as a
// formula (starting with = + - @, a tab or a carriage return) is written with a leading apostrophe, which
// spreadsheets show as text; the importer removes that apostrophe again (see import/csv.ts).
import { stringify } from 'csv-stringify/sync';
import { usage } from '../errors';
import type { Tx } from '../db/store';
import type { Env } from './env';
import { AVAILABILITY_COLUMNS } from './import/availability';
import { BOOKING_COLUMNS } from './import/bookings';
import { ENGAGEMENT_COLUMNS, hoursCell } from './import/engagements';
import { clients, services, staff } from './import/records';
import { formatDuration } from './duration';
import { WITHDRAWN_REASON } from './lifecycle';
import { officeSettings } from './settings';
import { FORCED_MARK } from './slots';
import { addDays, atText, boundaryToInstant, checkZone, formatClock, localDate, readDateRange } from './time';
import { statusLabel, type Block, type Booking, type Staff, type WeeklyHours } from './types';
import { formatDays } from './weekdays';

// A cell that already starts with apostrophes before such a character gets one more, so that the importer,
// which removes one, gives back exactly what was stored.
const FORMULA = /^'*[=+\-@\t\r]/;
export const neutralise = (cell: string) => (FORMULA.test(cell) ? `'${cell}` : cell);

const str = (v: string | number | boolean | null | undefined) => (v === null || v === undefined ? '' : String(v));

/** The start as people write it: a wall time in the booking's zone, with its offset only where that wall time happens twice (DST fall-back). */
export const startCell = (b: Pick<Booking, 'startAt' | 'tz'>): string => atText(b.startAt, b.tz);

export interface CsvExportRequest {
  from?: string;
  to?: string;
  /** --tz: the zone --from and --to are read in (else the office's). */
  tz?: string;
}

function bookingRecords(tx: Tx, env: Env, req: CsvExportRequest): unknown[][] {
  const zone = req.tz === undefined ? officeSettings(tx).defaultTz : checkZone(req.tz, '--tz');
  const { fromMs, toMs } = readDateRange(req.from, req.to, zone, env.now());
  const staffIds = new Map(tx.listStaff({ includeInactive: true }).map((s) => [s.id, s.handle]));
  const clientEmails = new Map<number, string>();
  const email = (id: number) => clientEmails.get(id) ?? clientEmails.set(id, tx.clientById(id)!.email).get(id)!;
  const codes = new Map(tx.listServices().map((s) => [s.id, s.code]));
  // By name, which travels (names are unique per client); the id would mean another engagement elsewhere.
  const engagementNames = new Map(tx.listEngagements().map((e) => [e.id, e.name]));
  // A withdrawn booking was made in error and never happened; the import would not take it either.
  // By the date a session starts, so that month-by-month exports hold each session once (one across midnight too).
  const starts = (b: Booking) => fromMs === undefined || b.startAt >= fromMs;
  // Booked past a rule with --force here: the other office lets it in as this one did.
  const forced = tx.forcedBookingIds(FORCED_MARK);
  return tx.listBookings({ fromMs, toMs }).filter((b) => starts(b) && b.cancelReason !== WITHDRAWN_REASON).map((b) => [
    b.externalId, staffIds.get(b.staffId), email(b.clientId), codes.get(b.serviceId), startCell(b), b.tz, statusLabel(b.status), b.format, b.notes,
    b.engagementId === null ? null : engagementNames.get(b.engagementId), b.rating, b.feedback, b.cancelReason, b.lateChange, forced.has(b.id) ? true : null,
  ]);
}

/**
 * A block's from and to as the import reads them: a date alone means the whole day, so a block from midnight
 * to midnight is written as its first and last dates, as people write holidays; any other as wall times (atText).
 */
function blockCells(b: Block, tz: string): [string, string] {
  // The start of a day: its midnight, or where the day begins when the clocks skip midnight (America/Santiago).
  const dayStart = (ms: number) => boundaryToInstant(localDate(ms, tz), 0, tz) === ms;
  if (dayStart(b.startAt) && dayStart(b.endAt)) return [localDate(b.startAt, tz), addDays(localDate(b.endAt, tz), -1)];
  return [atText(b.startAt, tz), atText(b.endAt, tz)];
}

/**
 * Each staff member's weekly hours (days that share a window and validity on one row: `mon-fri`), date
 * overrides and blocks, as the availability import reads them. Blocks read from a calendar (`avail import-busy`)
 * name it in `source`, so that reading that calendar again replaces them, there as here.
 */
function availabilityRecords(tx: Tx): unknown[][] {
  const rows: unknown[][] = [];
  const byHandle = (a: Staff, b: Staff) => a.handle.localeCompare(b.handle);
  for (const staff of tx.listStaff({ includeInactive: true }).sort(byHandle)) {
    const rules = tx.availability(staff.id);
    const windows = new Map<string, WeeklyHours[]>();
    for (const w of rules) {
      if (w.kind !== 'weekly') continue;
      const key = `${w.startMin}:${w.endMin}:${w.validFrom}:${w.validUntil}`;
      (windows.get(key) ?? windows.set(key, []).get(key)!).push(w);
    }
    const weekly = [...windows.values()].sort((a, b) => a[0]!.weekday - b[0]!.weekday || a[0]!.startMin - b[0]!.startMin);
    for (const days of weekly) {
      const w = days[0]!;
      rows.push([staff.handle, 'weekly', formatDays(days.map((d) => d.weekday)), null, formatClock(w.startMin), formatClock(w.endMin), w.validFrom, w.validUntil, null, null]);
    }
    const dates = rules.flatMap((r) => (r.kind === 'override' ? [r] : [])).sort((a, b) => a.date.localeCompare(b.date) || (a.startMin ?? 0) - (b.startMin ?? 0));
    for (const o of dates) {
      rows.push(o.off ? [staff.handle, 'off', null, o.date, null, null, null, null, null, null]
        : [staff.handle, 'date', null, o.date, formatClock(o.startMin!), formatClock(o.endMin!), null, null, null, null]);
    }
    const blocks = rules.flatMap((r) => (r.kind === 'block' ? [r] : [])).sort((a, b) => a.startAt - b.startAt || a.endAt - b.endAt);
    for (const b of blocks) rows.push([staff.handle, 'block', null, null, ...blockCells(b, staff.tz), null, null, b.reason, b.source]);
  }
  return rows;
}

const KINDS = ['staff', 'clients', 'services', 'availability', 'engagements', 'bookings'] as const;
type Kind = (typeof KINDS)[number];

const COLUMNS: Record<Kind, readonly string[]> = {
  staff: staff.columns,
  clients: clients.columns,
  services: services.columns,
  availability: AVAILABILITY_COLUMNS,
  engagements: ENGAGEMENT_COLUMNS,
  bookings: BOOKING_COLUMNS,
};

const duration = (min: number | null) => (min === null ? null : formatDuration(min));

function records(tx: Tx, env: Env, kind: Kind, req: CsvExportRequest): unknown[][] {
  switch (kind) {
    case 'staff':
      return tx.listStaff({ includeInactive: true }).map((s) => [s.handle, s.name, s.email, s.tz, s.phone, s.maxPerDay, s.maxPerWeek, s.active]);
    case 'clients':
      return tx.listClients().map((c) => [c.email, c.name, c.phone, c.tz]);
    case 'services':
      return tx.listServices().map((s) => [s.code, s.name, duration(s.durationMin), duration(s.bufferBeforeMin), duration(s.bufferAfterMin),
        duration(s.intervalMin), duration(s.minNoticeMin), duration(s.horizonMin), s.capacity, s.format, s.location, s.active]);
    case 'availability':
      return availabilityRecords(tx);
    case 'engagements': {
      const emails = new Map(tx.listClients().map((c) => [c.id, c.email]));
      return tx.listEngagements().map((e) => [emails.get(e.clientId), e.name, hoursCell(e.budgetMin), e.until, e.status]);
    }
    case 'bookings':
      return bookingRecords(tx, env, req);
  }
}

export function exportCsv(env: Env, kind: string, req: CsvExportRequest = {}): { text: string; rows: number } {
  if (!(KINDS as readonly string[]).includes(kind)) throw usage(`KIND: "${kind}" cannot be exported as CSV`, `use ${KINDS.join(', ')}`);
  const k = kind as Kind;
  if (k !== 'bookings' && (req.from !== undefined || req.to !== undefined)) throw usage(`--from and --to choose bookings by date: they do not apply to ${kind}`);
  const columns = COLUMNS[k];
  const rows = env.store.read((tx) => records(tx, env, k, req));
  const text = stringify([[...columns], ...rows.map((r) => r.map((v) => neutralise(str(v as string))))], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
  return { text, rows: rows.length };
}
