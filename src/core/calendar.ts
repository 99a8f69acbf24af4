// Bookings as iCalendar (RFC 5545) through the `ics` package, made conformant where the package is not:
// it leaves a lone carriage return unescaped, folds lines by characters instead of 75 octets, and writes
// a double quote inside a quoted parameter (CN="..."), which RFC 5545 forbids.
import { createEvents, type EventAttributes } from 'ics';
import type { BookingView } from './agenda';
import type { OfficeSettings } from './settings';
import { fmtDayTime } from './time';
import type { Booking, BookingEvent } from './types';
import { isEmail } from './validate';

export type Method = 'REQUEST' | 'CANCEL' | 'PUBLISH';
/** Who reads the file: the client sees the booking's notes; staff also see the internal notes and the client's contact. */
export type Reader = 'client' | 'staff';

export interface CalendarEntry {
  view: BookingView;
  /** Internal notes (sched note), for a staff reader. */
  internalNotes?: string[];
  /** The booking as this file describes it; defaults to the booking itself. */
  sequence?: number;
  startAt?: number;
  endAt?: number;
}

const FORMAT_WORDS: Record<Booking['format'], string> = { 'in-person': 'in person', video: 'by video', phone: 'by phone' };

/** The notes staff wrote on a booking (sched note): in staff copies only. */
export const internalNotes = (events: readonly BookingEvent[]): string[] => events.filter((e) => e.kind === 'note' && e.text).map((e) => e.text!);

export const bookingUid = (bookingId: number, settings: OfficeSettings) => `booking-${bookingId}-${settings.officeUid}@sched`;

/** Where the session happens: the service's location, else the office address (in person) or the staff member's phone. */
export function whereOf(view: BookingView, settings: OfficeSettings): string | null {
  const { service, staff, booking } = view;
  if (service.location) return service.location;
  if (booking.format === 'in-person') return settings.officeAddress;
  if (booking.format === 'phone' && staff.phone) return `by phone: ${staff.name}, ${staff.phone}`;
  return null;
}

const icsStatus = (b: Booking): EventAttributes['status'] =>
  b.status === 'cancelled' ? 'CANCELLED' : b.status === 'scheduled' ? 'TENTATIVE' : 'CONFIRMED';

// A parameter value cannot hold a double quote, and the package does not strip line breaks.
const paramText = (s: string) => s.replace(/["\r\n]+/g, "'");
const plain = (s: string) => s.replace(/\r\n?/g, '\n');

function description(e: CalendarEntry, reader: Reader, settings: OfficeSettings, zone: string): string {
  const { view } = e;
  const other = reader === 'client' ? view.staff.name : view.client.name;
  const start = e.startAt ?? view.booking.startAt;
  const lines = [`${view.service.name} with ${other}, ${FORMAT_WORDS[view.booking.format]}`, `When: ${fmtDayTime(start, zone)} (${zone})`];
  const where = whereOf(view, settings);
  if (where) lines.push(`Where: ${where}`);
  if (view.booking.notes) lines.push(`Notes: ${view.booking.notes}`);
  if (reader === 'staff') {
    lines.push(`Client: ${view.client.name} <${view.client.email}>${view.client.phone ? `, ${view.client.phone}` : ''}`);
    for (const n of e.internalNotes ?? []) lines.push(`Internal note: ${n}`);
  } else {
    lines.push(`Contact: ${view.staff.name} <${view.staff.email}>${view.staff.phone ? `, ${view.staff.phone}` : ''}`);
  }
  lines.push(`Booking ${view.booking.id}, ${settings.officeName}`);
  return plain(lines.join('\n'));
}

/** How a file travels: in an email (iTIP: METHOD REQUEST or CANCEL, sent by `sentBy`, the mail's From), or as an export. */
export interface Sending {
  method: Method;
  /** The address the email comes from, when it is not the organizer's (RFC 6047 3: From is the organizer or SENT-BY). */
  sentBy?: string;
}

function event(e: CalendarEntry, reader: Reader, settings: OfficeSettings, stamp: number, sending: Sending): EventAttributes {
  const { booking, staff, client, service } = e.view;
  const zone = reader === 'client' ? client.tz ?? settings.defaultTz : staff.tz;
  const other = reader === 'client' ? staff.name : client.name;
  const where = whereOf(e.view, settings);
  const partstat = booking.status === 'cancelled' ? 'DECLINED' : booking.status === 'scheduled' ? 'NEEDS-ACTION' : 'ACCEPTED';
  const attendees: NonNullable<EventAttributes['attendees']> = [];
  if (isEmail(client.email)) attendees.push({ name: paramText(client.name), email: client.email, rsvp: false, partstat, role: 'REQ-PARTICIPANT' });
  // The staff member's copy of an invitation is processed by their own calendar program, which looks for its
  // user among the attendees (RFC 5546 3.2.2): the organizer is listed as the chair. A PUBLISH export is not
  // processed so, and lists no more people than the session has.
  if (sending.method !== 'PUBLISH' && isEmail(staff.email)) {
    attendees.push({ name: paramText(staff.name), email: staff.email, rsvp: false, partstat: booking.status === 'cancelled' ? 'DECLINED' : 'ACCEPTED', role: 'CHAIR' });
  }
  const sentBy = sending.sentBy !== undefined && isEmail(sending.sentBy) && sending.sentBy.toLowerCase() !== staff.email.toLowerCase() ? { sentBy: sending.sentBy } : {};
  return {
    uid: bookingUid(booking.id, settings),
    start: e.startAt ?? booking.startAt,
    end: e.endAt ?? booking.endAt,
    startInputType: 'utc', startOutputType: 'utc', endInputType: 'utc', endOutputType: 'utc',
    // DTSTAMP: the package reads `timestamp` (default: the real clock) but leaves it out of its types.
    ...({ timestamp: stamp } as object),
    title: plain(`${service.name} with ${other}`),
    description: description(e, reader, settings, zone),
    ...(where ? { location: plain(where) } : {}),
    status: icsStatus(booking),
    sequence: e.sequence ?? booking.sequence,
    // An address taken before sched checked addresses as the ics package does would make the package refuse
    // the whole file: such a person is left out of it rather than the session.
    ...(isEmail(staff.email) ? { organizer: { name: paramText(staff.name), email: staff.email, ...sentBy } } : {}),
    attendees,
    productId: '-//sched//sched 0.1//EN',
  };
}

const encoder = new TextEncoder();

/** Folds one content line at 75 octets, never inside a UTF-8 character (RFC 5545 3.1). */
/** UTF-8 bytes of one code point (a character of a for..of). */
const utf8Bytes = (ch: string): number => {
  const c = ch.codePointAt(0)!;
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
};

function fold(line: string): string {
  // Most lines are short ASCII: no bytes to count (a calendar of thousands of events folds every line).
  if (line.length <= 75 && /^[\x00-\x7f]*$/.test(line)) return line;
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = utf8Bytes(ch);
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74; // continuation lines start with a space
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

// The package quotes every parameter value; ROLE, PARTSTAT and RSVP take bare tokens (RFC 5545 3.2.12, 3.2.16, 3.2.17).
// Only people's lines are touched: in text, a ";" is escaped and could be followed by anything.
const bareTokens = (line: string) =>
  /^(ATTENDEE|ORGANIZER)[;:]/.test(line) ? line.replace(/;(ROLE|PARTSTAT|RSVP)="([A-Z-]+)"/g, ';$1=$2') : line;

/** Unfolds what the package wrote and folds it again by octets. Escaped text holds no CR or LF, so every CRLF + blank is a fold. */
export function conform(text: string): string {
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter((l) => l !== '');
  return `${lines.map((l) => fold(bareTokens(l))).join('\r\n')}\r\n`;
}

export function calendarText(entries: CalendarEntry[], reader: Reader, sending: Sending, settings: OfficeSettings, stamp: number): string {
  const { method } = sending;
  if (entries.length === 0) return conform(emptyCalendar(method, settings));
  const result = createEvents(
    entries.map((e) => event(e, reader, settings, stamp, sending)),
    { method, productId: '-//sched//sched 0.1//EN', calName: calName(settings) },
  );
  if (result.error || !result.value) throw new Error(`calendar file: ${result.error?.message ?? 'no output'}`);
  return conform(result.value);
}

// The office name as TEXT (RFC 5545 3.3.11): the package writes X-WR-CALNAME as given, unescaped.
const calName = (settings: OfficeSettings) => settings.officeName.replace(/[\r\n]+/g, ' ').replace(/[\\;,]/g, (c) => `\\${c}`);

// The package refuses an empty list; an export of an empty range is still a valid calendar.
const emptyCalendar = (method: Method, settings: OfficeSettings) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'CALSCALE:GREGORIAN', 'PRODID:-//sched//sched 0.1//EN', `METHOD:${method}`,
    `X-WR-CALNAME:${calName(settings)}`, 'END:VCALENDAR', ''].join('\r\n');
