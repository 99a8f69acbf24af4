// Reading bookings back: the agenda (`list`), one booking with its history (`show`), and their stable JSON shape.
import { invalid, notFound } from '../errors';
import type { Tx } from '../db/store';
import { findClient } from './clients';
import type { Env } from './env';
import { officeSettings } from './settings';
import { findStaff } from './staff';
import { addDays, boundaryToInstant, checkZone, isoInstant, localDate, readDateRange } from './time';

const DAY = 86_400_000;
import { STATUSES, statusLabel, type Booking, type BookingEvent, type Client, type Service, type Staff, type Status } from './types';
import * as v from './validate';

export interface BookingView {
  booking: Booking;
  staff: Staff;
  client: Client;
  service: Service;
  /** The zone its times are shown in: --tz, else the staff member's. */
  tz: string;
}

/** Resolves the people and service of bookings, each looked up once. */
export function viewer(tx: Tx, tz: string | undefined) {
  const staff = new Map<number, Staff>();
  const clients = new Map<number, Client>();
  const services = new Map<number, Service>();
  const get = <T>(m: Map<number, T>, id: number, load: (id: number) => T | undefined) => {
    if (!m.has(id)) m.set(id, load(id)!);
    return m.get(id)!;
  };
  return (b: Booking): BookingView => {
    const s = get(staff, b.staffId, (id) => tx.staffById(id));
    return { booking: b, staff: s, client: get(clients, b.clientId, (id) => tx.clientById(id)), service: get(services, b.serviceId, (id) => tx.serviceById(id)), tz: tz ?? s.tz };
  };
}

/** Bookings as views, read in one snapshot: what commands print after a change. */
export function viewBookings(env: Env, bookings: readonly Booking[], tz: string | undefined): BookingView[] {
  // --tz as the time zone database spells it (europe/paris -> Europe/Paris), as show and list print it.
  const zone = tz === undefined ? undefined : checkZone(tz, '--tz');
  return env.store.read((tx) => bookings.map(viewer(tx, zone)));
}

export function parseStatuses(value: string, field = '--status'): Status[] {
  return value.split(',').map((p) => {
    const s = p.trim().toLowerCase().replace('-', '_');
    if (!(STATUSES as readonly string[]).includes(s)) throw invalid(`${field}: "${p.trim()}" is not a status`, `use ${STATUSES.map(statusLabel).join(', ')} (comma-separated for several)`);
    return s as Status;
  });
}

export interface ListRequest {
  staff?: string;
  client?: string;
  from?: string;
  to?: string;
  status?: string;
  tz?: string;
}

export interface Agenda {
  views: BookingView[];
  /** The zone the date range was read in. */
  zone: string;
  from: string;
  to: string | null;
}

/**
 * Sessions from --from (default today) to --to (inclusive; default open), dates read in --tz, else the staff
 * member's zone; listing everyone without --tz, in each session's own (staff) zone, where it is shown.
 */
export function listBookings(env: Env, req: ListRequest): Agenda {
  const tz = req.tz === undefined ? undefined : checkZone(req.tz, '--tz');
  const statuses = req.status === undefined ? undefined : parseStatuses(req.status);
  return env.store.read((tx) => {
    const staff = req.staff === undefined ? undefined : findStaff(tx, req.staff);
    const client = req.client === undefined ? undefined : findClient(tx, req.client);
    const zone = tz ?? staff?.tz ?? officeSettings(tx).defaultTz;
    const now = env.now();
    const range = readDateRange(req.from ?? 'today', req.to, zone, now);
    const view = viewer(tx, tz);
    // Shown in each staff member's zone (no --tz, no --staff), a session belongs to the dates it shows: the
    // range is read in each one's zone, so a session is never listed under a day outside --from..--to.
    const own = tz === undefined && staff === undefined;
    const rows = tx.listBookings({
      staffId: staff?.id,
      clientId: client?.id,
      fromMs: range.fromMs === undefined ? undefined : range.fromMs - (own ? 2 * DAY : 0),
      toMs: range.toMs === undefined ? undefined : range.toMs + (own ? 2 * DAY : 0),
      statuses,
    });
    const views = rows.map(view);
    if (!own) return { views, zone, from: range.from!, to: range.to ?? null };
    // Without --from, "today" is each staff member's own: west of the office it is still yesterday there.
    const fromOf = (v: BookingView) => (req.from === undefined ? localDate(now, v.tz) : range.from!);
    const inRange = (v: BookingView) =>
      v.booking.endAt > boundaryToInstant(fromOf(v), 0, v.tz) && (range.to === undefined || v.booking.startAt < boundaryToInstant(addDays(range.to, 1), 0, v.tz));
    // Grouped by the day each shows, in date order: Kiritimati's morning comes after Pago Pago's evening before.
    const day = new Map(views.map((v) => [v, localDate(v.booking.startAt, v.tz)]));
    const sorted = views.filter(inRange).sort((a, b) => day.get(a)!.localeCompare(day.get(b)!) || a.booking.startAt - b.booking.startAt || a.booking.id - b.booking.id);
    return { views: sorted, zone, from: range.from!, to: range.to ?? null };
  });
}

export function showBooking(env: Env, idValue: string | number, tz?: string): { view: BookingView; events: BookingEvent[] } {
  const id = v.id(idValue, 'ID');
  const zone = tz === undefined ? undefined : checkZone(tz, '--tz');
  return env.store.read((tx) => {
    const b = tx.bookingById(id);
    if (!b) throw notFound(`no booking ${id}`, 'see sched list');
    return { view: viewer(tx, zone)(b), events: tx.events(id) };
  });
}

/** The stable JSON shape of a booking (field names are part of the interface: add, never rename). */
export function bookingJson(v: BookingView) {
  const b = v.booking;
  return {
    id: b.id,
    staff: v.staff.handle,
    staff_name: v.staff.name,
    client: b.clientId,
    client_name: v.client.name,
    client_email: v.client.email,
    service: v.service.code,
    service_name: v.service.name,
    start: isoInstant(b.startAt, v.tz),
    end: isoInstant(b.endAt, v.tz),
    timezone: v.tz,
    status: b.status,
    format: b.format,
    notes: b.notes,
    series_id: b.seriesId,
    engagement: b.engagementId,
    sequence: b.sequence,
    late: b.lateChange,
    cancel_reason: b.cancelReason,
    rating: b.rating,
    feedback: b.feedback,
    created_at: isoInstant(b.createdAt, v.tz),
    updated_at: isoInstant(b.updatedAt, v.tz),
  };
}

export function eventJson(e: BookingEvent, tz: string) {
  const at = (ms: number | null) => (ms === null ? null : isoInstant(ms, tz));
  return {
    at: at(e.at),
    actor: e.actor,
    kind: e.kind,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    old_start: at(e.oldStartAt),
    old_end: at(e.oldEndAt),
    new_start: at(e.newStartAt),
    new_end: at(e.newEndAt),
    text: e.text,
  };
}

export const staffJson = (s: Staff) => ({
  handle: s.handle, name: s.name, email: s.email, phone: s.phone, tz: s.tz, max_per_day: s.maxPerDay, max_per_week: s.maxPerWeek, active: s.active,
});
export const clientJson = (c: Client) => ({ id: c.id, name: c.name, email: c.email, phone: c.phone, tz: c.tz });
export const serviceJson = (s: Service) => ({
  code: s.code, name: s.name, duration: s.durationMin, buffer_before: s.bufferBeforeMin, buffer_after: s.bufferAfterMin,
  interval: s.intervalMin ?? s.durationMin, min_notice: s.minNoticeMin, horizon: s.horizonMin, capacity: s.capacity, format: s.format, location: s.location, active: s.active,
});
