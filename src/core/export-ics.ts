// `sched export ics`: bookings as a calendar file any calendar program imports (METHOD:PUBLISH).
// Cancelled bookings are included as STATUS:CANCELLED, so re-importing a newer export removes them.
import { invalid, notFound } from '../errors';
import { viewer } from './agenda';
import { calendarText, internalNotes, type Reader } from './calendar';
import { findClient } from './clients';
import type { Env } from './env';
import { officeSettings } from './settings';
import { findStaff } from './staff';
import { addDays, boundaryToInstant, parseDate } from './time';
import * as v from './validate';

export interface IcsExportRequest {
  id?: string;
  staff?: string;
  client?: string;
  from?: string;
  to?: string;
}

export interface IcsExport {
  text: string;
  count: number;
  reader: Reader;
}

export function exportIcs(env: Env, req: IcsExportRequest): IcsExport {
  const id = req.id === undefined ? undefined : v.id(req.id, 'ID');
  return env.store.read((tx) => {
    const settings = officeSettings(tx);
    const staff = req.staff === undefined ? undefined : findStaff(tx, req.staff);
    const client = req.client === undefined ? undefined : findClient(tx, req.client);
    // A client's export is for the client: it leaves out internal notes and the client's own contact.
    const reader: Reader = client && !staff ? 'client' : 'staff';
    const zone = staff?.tz ?? client?.tz ?? settings.defaultTz;
    const now = env.now();
    let bookings;
    if (id !== undefined) {
      const b = tx.bookingById(id);
      if (!b) throw notFound(`no booking ${id}`, 'see sched list');
      bookings = [b];
    } else {
      const from = req.from === undefined ? undefined : parseDate(req.from, '--from', zone, now);
      const to = req.to === undefined ? undefined : parseDate(req.to, '--to', zone, now);
      if (from && to && to < from) throw invalid(`--to ${to} is before --from ${from}`);
      bookings = tx.listBookings({
        staffId: staff?.id,
        clientId: client?.id,
        fromMs: from === undefined ? undefined : boundaryToInstant(from, 0, zone),
        toMs: to === undefined ? undefined : boundaryToInstant(addDays(to, 1), 0, zone),
      });
    }
    const view = viewer(tx, undefined);
    const entries = bookings.map((b) => ({
      view: view(b),
      internalNotes: reader === 'staff' ? internalNotes(tx.events(b.id)) : [],
    }));
    return { text: calendarText(entries, reader, 'PUBLISH', settings, now), count: entries.length, reader };
  });
}
