// `sched avail import-busy`: another calendar's busy times become blocks. Each import replaces what the
// previous import of the same calendar blocked from today on, in one transaction, so a newer export moves, adds
// and removes blocks as the other calendar did, and the staff member is never briefly unblocked. Past blocks stay.
import { basename } from 'node:path';
import type { Env } from './env';
import { parseBusy } from './busy-ics';
import { findStaff } from './staff';
import { boundaryToInstant, localDate } from './time';
import type { Staff } from './types';
import * as v from './validate';
import { invalid } from '../errors';

const DAY = 86_400_000;

export interface BusyImport {
  staff: Staff;
  source: string;
  removed: number;
  added: number;
  from: number;
  to: number;
  /** Recurring events with more repeats than are expanded: the later ones are not blocked. */
  cutShort: string[];
}

export function importBusy(env: Env, handle: string, file: string, text: string, opts: { source?: string; days?: string } = {}): BusyImport {
  const days = opts.days === undefined ? 365 : v.int(opts.days, '--days', 1, 3650);
  const sourceOpt = opts.source === undefined ? undefined : v.text(opts.source, '--source', 100);
  return env.store.write((tx) => {
    const staff = findStaff(tx, handle);
    const now = env.now();
    // Busy time that has passed blocks nothing: from the start of today in the staff member's zone.
    const from = boundaryToInstant(localDate(now, staff.tz), 0, staff.tz);
    const to = from + days * DAY;
    const cal = parseBusy(text, { zone: staff.tz, fromMs: from, toMs: to, file });
    if (!sourceOpt && !cal.name && file === '-') throw invalid('the calendar read from stdin has no X-WR-CALNAME', 'name it with --source NAME, so that the next import of it replaces this one');
    // Kept to 100 characters, as --source is: the name travels in the availability CSV.
    // A calendar's own name is not typed here: a direction override in it is dropped, as a name typed with one is refused.
    const name = Array.from(sourceOpt ?? (cal.name ?? basename(file)).replace(v.DIRECTION, '')).slice(0, 100).join('');
    const source = `ics:${name}`;
    // What has passed stays blocked as it was: reports over past weeks must not change with a later import.
    const removed = tx.deleteBlocksFrom(staff.id, source, from);
    // The reason names the calendar, not the event: a private appointment's title stays private.
    for (const b of cal.busy) tx.insertRule(staff.id, { kind: 'block', startAt: b.start, endAt: b.end, reason: `busy in ${name}`, source });
    tx.audit({ at: now, actor: env.actor, action: 'avail.import_busy', entity: 'staff', entityId: staff.handle, details: { source, file, removed, added: cal.busy.length, from, to } });
    return { staff, source, removed, added: cal.busy.length, from, to, cutShort: cal.cutShort };
  });
}
