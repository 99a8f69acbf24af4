// Where the calendar opens: which staff member, which week, which zone. Read through core (findStaff,
// parseDate, checkZone) before the screen opens, so a wrong option is the usual one-line error.
import type { Env } from '../core/env';
import { findStaff } from '../core/staff';
import { checkZone, localDate, parseDate } from '../core/time';
import { invalid } from '../errors';
import { cursorAt, type Start } from './state';

export interface StartOptions {
  staff?: string;
  week?: string;
  tz?: string;
}

/** The zone of the person at the terminal when no --tz says it: the machine's (TZ, else the system's). */
export function machineZone(): string {
  const z = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return z && z !== 'Etc/Unknown' ? z : 'UTC';
}

export function resolveStart(env: Env, o: StartOptions): Start {
  const viewerZone = o.tz === undefined ? machineZone() : checkZone(o.tz, '--tz');
  return env.store.read((tx) => {
    const staff = o.staff === undefined ? tx.listStaff()[0] : findStaff(tx, o.staff);
    if (!staff) throw invalid('there is no active staff member to show', 'add one with sched staff add');
    const zone = o.tz === undefined ? staff.tz : viewerZone;
    const now = env.now();
    const today = localDate(now, zone);
    const date = o.week === undefined ? today : parseDate(o.week, '--week', zone, now);
    // Today opens at the current half hour (its second row, the night clocks go back); another week at the start
    // of a working morning.
    const cursor = date === today ? cursorAt(now, zone) : { date, minute: 9 * 60 };
    return { staff: staff.handle, cursor, zoneMode: o.tz === undefined ? 'staff' : 'viewer', viewerZone };
  });
}
