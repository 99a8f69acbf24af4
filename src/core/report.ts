// Office figures over a period: what the weekly report email says (and what `sched report` will build on).
import type { Tx } from '../db/store';
import { addDays, boundaryToInstant } from './time';
import type { Booking } from './types';

export interface Figures {
  /** Every session that starts in the period, cancelled ones included. */
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
  hoursDelivered: number;
}

export interface OfficeReport extends Figures {
  from: string;
  to: string;
  zone: string;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

export function figures(bookings: readonly Booking[]): Figures {
  let completed = 0, noShow = 0, cancelled = 0, lateCancelled = 0, minutes = 0;
  for (const b of bookings) {
    if (b.status === 'completed') {
      completed++;
      minutes += (b.endAt - b.startAt) / 60_000;
    } else if (b.status === 'no_show') noShow++;
    else if (b.status === 'cancelled') {
      cancelled++;
      if (b.lateChange) lateCancelled++;
    }
  }
  return {
    booked: bookings.length, completed, noShow, cancelled, lateCancelled,
    completionRate: ratio(completed, completed + noShow),
    noShowRate: ratio(noShow, completed + noShow),
    cancellationRate: ratio(cancelled, bookings.length),
    hoursDelivered: minutes / 60,
  };
}

/** Sessions starting from `from` to `to` (dates, inclusive) in `zone`. */
export function officeReport(tx: Tx, from: string, to: string, zone: string): OfficeReport {
  const fromMs = boundaryToInstant(from, 0, zone);
  const toMs = boundaryToInstant(addDays(to, 1), 0, zone);
  const rows = tx.listBookings({ fromMs, toMs }).filter((b) => b.startAt >= fromMs);
  return { from, to, zone, ...figures(rows) };
}
