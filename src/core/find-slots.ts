// `sched slots`: bookable start times for one staff member, or merged over every active one ("any").
import type { Env } from './env';
import { loadChecker } from './schedule';
import { findService } from './services';
import { officeSettings } from './settings';
import { listSlots } from './slots';
import { anyZone, findStaff } from './staff';
import { addDays, boundaryToInstant, checkZone, inKeptYears, parseDate } from './time';
import type { Service, Staff } from './types';
import * as v from './validate';

export interface SlotsRequest {
  staff: string;
  service: string;
  from?: string;
  days?: string;
  tz?: string;
}

export interface FoundSlot {
  start: number;
  end: number;
  seats: number;
  staff: Staff;
}

export interface SlotsResult {
  slots: FoundSlot[];
  service: Service;
  any: boolean;
  /** The zone the dates were read in and times are shown in (each staff member's own when no --tz, for a single staff member). */
  zone: string;
  from: string;
  days: number;
  /** Why nothing can be booked at all (an inactive staff member or service), rather than no free time. */
  closed: string | null;
}

export function findSlots(env: Env, req: SlotsRequest): SlotsResult {
  const tz = req.tz === undefined ? undefined : checkZone(req.tz, '--tz');
  const days = req.days === undefined ? 7 : v.int(req.days, '--days', 1, 366);
  return env.store.read((tx) => {
    const service = findService(tx, req.service);
    const any = req.staff.trim().toLowerCase() === 'any';
    const staffList = any ? tx.listStaff() : [findStaff(tx, req.staff)];
    const zone = tz ?? (any ? anyZone(staffList, officeSettings(tx).defaultTz) : staffList[0]!.tz);
    const now = env.now();
    const from = parseDate(req.from ?? 'today', '--from', zone, now);
    const fromMs = boundaryToInstant(from, 0, zone);
    const toMs = boundaryToInstant(addDays(from, days), 0, zone);
    const slots: FoundSlot[] = [];
    for (const staff of staffList) {
      const checker = loadChecker(tx, staff, service, fromMs, toMs, now, zone);
      // The staff member's local dates that can hold a start inside [fromMs, toMs).
      for (const s of listSlots(checker, addDays(from, -1), days + 2)) {
        // Not past the years sched keeps, which book would refuse (slots --from 2999-12-31 --days 3).
        if (s.start >= fromMs && s.start < toMs && inKeptYears(s.start)) slots.push({ ...s, staff });
      }
    }
    slots.sort((a, b) => a.start - b.start || a.staff.handle.localeCompare(b.staff.handle));
    // Nothing can be booked at all: said as the reason for no slots, as for an empty week (book says it with exit 3).
    const closed = !service.active ? `service ${service.code} is no longer offered`
      : any && staffList.length === 0 ? 'there is no active staff member (add one with sched staff add)'
      : !any && !staffList[0]!.active ? `${staffList[0]!.handle} is no longer active` : null;
    return { slots, service, any, zone, from, days, closed };
  });
}
