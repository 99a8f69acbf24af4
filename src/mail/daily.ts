// Messages that no booking change causes: each staff member's agenda at 07:00 their time, and the
// weekly office report on Monday at 08:00 in the office's zone. The sender plans them when their moment
// has come; the unique key (staff + date, week) makes planning them again a no-op, and a sender that was
// down plans this morning's agenda and this week's report late rather than never.
import type { NewMessage, Tx } from '../db/store';
import { officeSettings } from '../core/settings';
import { addDays, boundaryToInstant, localDate, localMinutes, weekStart } from '../core/time';
import { OPEN_STATUSES, type Booking, type Staff } from '../core/types';

export const AGENDA_AT_MIN = 7 * 60;
/** After noon the day is half gone: a sender that was down all morning does not send that day's agenda. */
export const AGENDA_UNTIL_MIN = 12 * 60;
export const REPORT_AT_MIN = 8 * 60;

/** The sessions a staff member's agenda of `date` lists: open ones starting that day in their zone. */
export function agendaSessions(tx: Tx, staff: Staff, date: string): Booking[] {
  const fromMs = boundaryToInstant(date, 0, staff.tz);
  const toMs = boundaryToInstant(addDays(date, 1), 0, staff.tz);
  return tx.listBookings({ staffId: staff.id, fromMs, toMs, statuses: OPEN_STATUSES }).filter((b) => b.startAt >= fromMs);
}

export function planDaily(tx: Tx, now: number): number {
  const settings = officeSettings(tx);
  const planned: NewMessage[] = [];
  for (const staff of tx.listStaff()) {
    const today = localDate(now, staff.tz);
    const minutes = localMinutes(now, staff.tz);
    if (minutes < AGENDA_AT_MIN || minutes >= AGENDA_UNTIL_MIN) continue;
    // A day without sessions gets no agenda (and no row saying so every day): the same sessions the agenda lists.
    if (agendaSessions(tx, staff, today).length === 0) continue;
    planned.push({
      key: `agenda:${staff.id}:${today}`, kind: 'agenda', recipientRole: 'staff', recipient: staff.email, bookingId: null, staffId: staff.id,
      sequence: null, startAt: null, endAt: null, offsetMin: null, period: today, dueAt: boundaryToInstant(today, AGENDA_AT_MIN, staff.tz),
    });
  }
  if (settings.adminEmail) {
    const zone = settings.defaultTz;
    const monday = weekStart(localDate(now, zone));
    const due = boundaryToInstant(monday, REPORT_AT_MIN, zone);
    if (now >= due) {
      const lastWeek = addDays(monday, -7);
      planned.push({
        key: `weekly_report:${lastWeek}`, kind: 'weekly_report', recipientRole: 'admin', recipient: settings.adminEmail, bookingId: null, staffId: null,
        sequence: null, startAt: null, endAt: null, offsetMin: null, period: lastWeek, dueAt: due,
      });
    }
  }
  return planned.length ? tx.enqueue(planned) : 0;
}
