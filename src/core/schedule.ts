// Loads, through the store, exactly what the slot check needs for a period: the one place where
// slots, book and reschedule get their data, so they cannot disagree.
import type { Tx } from '../db/store';
import type { Env } from './env';
import { slotChecker, type SlotChecker } from './slots';
import { findStaff } from './staff';
import { addDays, localDate, wallToInstant, weekStart } from './time';
import { OPEN_STATUSES, type Booking, type Service, type Staff } from './types';

const DAY = 86_400_000;
const MINUTE = 60_000;

/**
 * A checker for sessions of `service` starting in [fromMs, toMs). It loads only what can matter: sessions
 * whose time or buffers come near, the whole local days when a daily limit counts them, whole weeks when
 * a weekly count matters (a weekly limit, or choosing the least busy staff member).
 */
export function loadChecker(tx: Tx, staff: Staff, service: Service, fromMs: number, toMs: number, now: number, displayTz: string, wholeWeeks = false): SlotChecker {
  const weeks = wholeWeeks || staff.maxPerWeek !== null;
  const first = localDate(fromMs, staff.tz);
  const last = localDate(toMs, staff.tz);
  // Dates for windows and overrides: a day either side, for sessions that cross midnight.
  const firstDay = weeks ? addDays(weekStart(first), -1) : addDays(first, -1);
  const lastDay = weeks ? addDays(weekStart(last), 8) : addDays(last, 2);
  const reachMs = (service.durationMin + service.bufferAfterMin) * MINUTE;
  let from = fromMs - service.bufferBeforeMin * MINUTE;
  let to = toMs + reachMs;
  if (weeks) {
    from = Math.min(from, wallToInstant(firstDay, 0, 'UTC', 'from') - DAY);
    to = Math.max(to, wallToInstant(lastDay, 0, 'UTC', 'to') + DAY);
  } else if (staff.maxPerDay !== null) {
    from = Math.min(from, wallToInstant(first, 0, 'UTC', 'from') - DAY);
    to = Math.max(to, wallToInstant(addDays(last, 1), 0, 'UTC', 'to') + DAY);
  }
  return slotChecker({
    staff,
    service,
    now,
    displayTz,
    weekly: tx.weeklyHours(staff.id),
    overrides: tx.overrides(staff.id, firstDay, lastDay),
    blocks: tx.blocks(staff.id, from, to),
    sessions: tx.staffSessions(staff.id, from, to),
  });
}

/**
 * Sessions still to come (scheduled or confirmed) in [fromMs, toMs) that the staff member's hours or blocks no
 * longer allow, by start: after a change of hours, a block or a zone they stay booked, and the office is told
 * which ones to move or cancel. The slot check decides, as it would for booking them now.
 */
export function sessionsLeftOutside(env: Env, handle: string, fromMs = -Infinity, toMs = Infinity): Booking[] {
  return env.store.read((tx) => {
    const staff = findStaff(tx, handle);
    const now = env.now();
    const upcoming = tx.listBookings({ staffId: staff.id, fromMs: Math.max(fromMs, now), toMs: Number.isFinite(toMs) ? toMs : undefined, statuses: OPEN_STATUSES })
      .filter((b) => b.startAt >= now);
    return upcoming.filter((b) => {
      // The session as it was booked (its own length), whatever its service says now.
      const service = { ...tx.serviceById(b.serviceId)!, durationMin: (b.endAt - b.startAt) / MINUTE, bufferBeforeMin: 0, bufferAfterMin: 0 };
      const check = loadChecker(tx, staff, service, b.startAt, b.startAt + MINUTE, now, staff.tz).check(b.startAt, { ignoreBookingId: b.id, agreedElsewhere: true });
      return check.problems.some((p) => p.kind === 'hours' || p.kind === 'block');
    });
  });
}
