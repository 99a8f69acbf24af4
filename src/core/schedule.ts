// Loads, through the store, exactly what the slot check needs for a period: the one place where
// slots, book and reschedule get their data, so they cannot disagree.
import type { Tx } from '../db/store';
import { slotChecker, type SlotChecker } from './slots';
import { addDays, localDate, wallToInstant, weekStart } from './time';
import type { Service, Staff } from './types';

const DAY = 86_400_000;

/** A checker whose data covers every session start in [fromMs, toMs), including whole weeks for weekly limits. */
export function loadChecker(tx: Tx, staff: Staff, service: Service, fromMs: number, toMs: number, now: number, displayTz: string): SlotChecker {
  const firstDay = addDays(weekStart(localDate(fromMs, staff.tz)), -1);
  const lastDay = addDays(weekStart(localDate(toMs, staff.tz)), 8);
  const from = wallToInstant(firstDay, 0, 'UTC', 'from') - DAY;
  const to = wallToInstant(lastDay, 0, 'UTC', 'to') + DAY;
  const names = new Map<number, string>();
  const handles = new Map<number, string>();
  return slotChecker({
    staff,
    service,
    now,
    displayTz,
    weekly: tx.weeklyHours(staff.id),
    overrides: tx.overrides(staff.id, firstDay, lastDay),
    blocks: tx.blocks(staff.id, from, to),
    sessions: tx.staffSessions(staff.id, from, to),
    clientName: (id) => names.get(id) ?? names.set(id, tx.clientById(id)?.name ?? `client ${id}`).get(id)!,
    staffHandle: (id) => handles.get(id) ?? handles.set(id, tx.staffById(id)?.handle ?? `staff ${id}`).get(id)!,
  });
}
