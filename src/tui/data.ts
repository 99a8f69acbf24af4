// What the calendar shows, read through the store in one snapshot per question and kept until the data
// changes (a change here, or another connection's commit seen by the live poll). Every rule stays in core:
// bookings come as core BookingViews, working windows from core/availability, bookings' details from showBooking.
import { showBooking, viewer, type BookingView } from '../core/agenda';
import { localSpan, workingWindows } from '../core/availability';
import type { Env } from '../core/env';
import { officeSettings } from '../core/settings';
import { sessionKey } from '../core/slots';
import { addDays, boundaryToInstant, localDate } from '../core/time';
import { ACTIVE_STATUSES, type BookingEvent, type Client, type Interval, type Service, type Staff, type Status } from '../core/types';

const DAY = 86_400_000;
/** How far ahead the agenda looks. */
export const AGENDA_DAYS = 60;

export interface Basics {
  officeName: string;
  /** Active staff, by handle: what Tab cycles through. */
  staff: Staff[];
  services: Service[];
}

export interface WeekData {
  views: BookingView[];
  windows: Interval[];
  blocks: Array<Interval & { reason: string | null }>;
}

export interface Detail {
  view: BookingView;
  events: BookingEvent[];
}

export class TuiData {
  private cache = new Map<string, unknown>();
  /** Raised on every change, so views can tell that what they hold is stale. */
  version = 0;

  constructor(readonly env: Env) {}

  invalidate(): void {
    this.cache.clear();
    this.version++;
  }

  remember<T>(key: string, load: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    // A long session visits many weeks: keep the cache small, it is cheap to rebuild.
    if (this.cache.size > 64) this.cache.clear();
    const value = load();
    this.cache.set(key, value);
    return value;
  }

  basics(): Basics {
    return this.remember('basics', () =>
      this.env.store.read((tx) => ({
        officeName: officeSettings(tx).officeName,
        staff: tx.listStaff(),
        services: tx.listServices().filter((s) => s.active),
      })),
    );
  }

  staffByHandle(handle: string): Staff | undefined {
    return this.remember(`staff:${handle}`, () => this.env.store.read((tx) => tx.staffByHandle(handle)));
  }

  /** Bookings, working windows and blocks of one staff member over the dates shown (dates in `zone`). */
  week(staff: Staff, dates: readonly string[], zone: string, showCancelled: boolean): WeekData {
    return this.remember(`week:${staff.id}:${dates[0]}:${dates.length}:${zone}:${showCancelled}`, () => {
      const fromMs = boundaryToInstant(dates[0]!, 0, zone);
      const toMs = boundaryToInstant(addDays(dates[dates.length - 1]!, 1), 0, zone);
      return this.env.store.read((tx) => {
        const view = viewer(tx, zone);
        const views = tx.listBookings({ staffId: staff.id, fromMs, toMs, statuses: showCancelled ? undefined : ACTIVE_STATUSES }).map(view);
        // Windows are dates in the staff member's own zone, which may be far from the zone shown.
        const overrides = tx.overrides(staff.id, ...localSpan(staff.tz, fromMs, toMs));
        const windows = workingWindows(staff.tz, tx.weeklyHours(staff.id), overrides, fromMs, toMs);
        const blocks = tx.blocks(staff.id, fromMs, toMs).map((b) => ({ start: b.startAt, end: b.endAt, reason: b.reason }));
        return { views, windows, blocks };
      });
    });
  }

  /** Sessions a day of one staff member over the given dates (in `zone`). */
  dayCounts(staff: Staff, dates: readonly string[], zone: string, showCancelled: boolean): Map<string, number> {
    return this.remember(`counts:${staff.id}:${dates[0]}:${dates.length}:${zone}:${showCancelled}`, () => {
      const fromMs = boundaryToInstant(dates[0]!, 0, zone);
      const toMs = boundaryToInstant(addDays(dates[dates.length - 1]!, 1), 0, zone);
      const rows = this.env.store.read((tx) => tx.listBookings({ staffId: staff.id, fromMs, toMs, statuses: showCancelled ? undefined : ACTIVE_STATUSES }));
      // A group session is one session, however many clients it seats (as the limits and reports count it); a
      // cancelled seat of a session that still takes place is part of it, and a session cancelled whole is one.
      const live = new Set(rows.filter((b) => b.status !== 'cancelled').map(sessionKey));
      const seen = new Set<string>();
      const counts = new Map<string, number>();
      for (const b of rows) {
        const key = b.status === 'cancelled' && !live.has(sessionKey(b)) ? `cancelled:${sessionKey(b)}` : sessionKey(b);
        if (seen.has(key)) continue;
        seen.add(key);
        const d = localDate(b.startAt, zone);
        counts.set(d, (counts.get(d) ?? 0) + 1);
      }
      return counts;
    });
  }

  /** The coming sessions of every staff member, from the start of today in `zone`. */
  agenda(zone: string, statuses: readonly Status[] | undefined): BookingView[] {
    const fromMs = boundaryToInstant(localDate(this.env.now(), zone), 0, zone);
    return this.remember(`agenda:${zone}:${fromMs}:${statuses?.join(',') ?? 'live'}`, () => {
      return this.env.store.read((tx) =>
        tx.listBookings({ fromMs, toMs: fromMs + AGENDA_DAYS * DAY, statuses: statuses ?? ACTIVE_STATUSES }).map(viewer(tx, zone)),
      );
    });
  }

  detail(id: number, zone: string): Detail | undefined {
    return this.remember(`detail:${id}:${zone}`, () => {
      try {
        return showBooking(this.env, id, zone);
      } catch {
        // Gone (another process removed it): the pane just shows nothing.
        return undefined;
      }
    });
  }

  /** Clients whose name or email contains the text, for the booking form (at most `limit`). */
  clients(search: string, limit = 50): Client[] {
    return this.remember(`clients:${search}`, () => this.env.store.read((tx) => tx.listClients(search.trim() || undefined)).slice(0, limit));
  }
}
