// `sched export ics`: bookings as a calendar file any calendar program imports (METHOD:PUBLISH).
// Cancelled bookings are included as STATUS:CANCELLED, so re-importing a newer export removes them.
import { notFound, usage } from '../errors';
import { viewer } from './agenda';
import { calendarText, internalNotes, type Reader } from './calendar';
import { findClient } from './clients';
import type { Env } from './env';
import { officeSettings } from './settings';
import { findStaff } from './staff';
import { checkZone, readDateRange } from './time';
import * as v from './validate';

export interface IcsExportRequest {
  id?: string;
  staff?: string;
  client?: string;
  from?: string;
  to?: string;
  /** --tz: the zone --from and --to are read in (else the staff member's, the client's, the office's). */
  tz?: string;
}

export interface IcsExport {
  text: string;
  count: number;
  reader: Reader;
}

export function exportIcs(env: Env, req: IcsExportRequest): IcsExport {
  const id = req.id === undefined ? undefined : v.id(req.id, 'ID');
  const tz = req.tz === undefined ? undefined : checkZone(req.tz, '--tz');
  return env.store.read((tx) => {
    const settings = officeSettings(tx);
    const staff = req.staff === undefined ? undefined : findStaff(tx, req.staff);
    const client = req.client === undefined ? undefined : findClient(tx, req.client);
    // A client's export is for the client: it leaves out internal notes and the client's own contact.
    const reader: Reader = client && !staff ? 'client' : 'staff';
    const zone = tz ?? staff?.tz ?? client?.tz ?? settings.defaultTz;
    const now = env.now();
    let bookings;
    if (id !== undefined) {
      const b = tx.bookingById(id);
      if (!b) throw notFound(`no booking ${id}`, 'see sched list');
      // With an id, --staff or --client says whose copy it is; a booking of someone else is not theirs to export.
      if (staff && b.staffId !== staff.id) throw notFound(`booking ${id} is not ${staff.handle}'s`, `sched export ics ${id} without --staff`);
      if (client && b.clientId !== client.id) throw notFound(`booking ${id} is not ${client.email}'s`, `sched export ics ${id} without --client`);
      if (req.from !== undefined || req.to !== undefined) throw usage(`--from and --to choose bookings by date: they do not apply to one booking (ID ${id})`);
      bookings = [b];
    } else {
      const range = readDateRange(req.from, req.to, zone, now);
      bookings = tx.listBookings({ staffId: staff?.id, clientId: client?.id, fromMs: range.fromMs, toMs: range.toMs });
    }
    const view = viewer(tx, undefined);
    const entries = bookings.map((b) => ({
      view: view(b),
      internalNotes: reader === 'staff' ? internalNotes(tx.events(b.id)) : [],
    }));
    return { text: calendarText(entries, reader, { method: 'PUBLISH' }, settings, now), count: entries.length, reader };
  });
}
