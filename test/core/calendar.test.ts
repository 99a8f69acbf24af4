// Calendar files as a calendar program reads them: every export is parsed with ical.js.
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setWeeklyHours } from '../../src/core/availability-rules';
import { book, reschedule } from '../../src/core/booking';
import { addClient } from '../../src/core/clients';
import { exportIcs } from '../../src/core/export-ics';
import { addNote, cancel } from '../../src/core/lifecycle';
import { addService } from '../../src/core/services';
import { setSetting } from '../../src/core/settings';
import { addStaff } from '../../src/core/staff';
import { refused, testEnv } from '../helpers';

let env: ReturnType<typeof testEnv>;

beforeEach(() => {
  env = testEnv('2026-11-30T08:00:00Z');
  addStaff(env, 'alice', { name: 'Alice Martin', email: 'alice@office.example', tz: 'Europe/Paris', phone: '+33 1 23 45 67 89' });
  setWeeklyHours(env, 'alice', { days: 'mon-fri', from: '09:00', to: '17:00' }, true);
  addService(env, 'intake', { name: 'Intake; first, talk \\ plan', duration: '60', location: 'Room 2, 10 rue de la Paix' });
  addClient(env, { name: 'Zoë Ölmez-Łukasz', email: 'zoe@example.com', tz: 'America/New_York' });
  setSetting(env, 'office_name', 'Cabinet Éléonore');
});
afterEach(() => env.close());

const parse = (text: string) => {
  const cal = new ICAL.Component(ICAL.parse(text));
  return { cal, events: cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
};

describe('export ics', () => {
  it('writes instants, UID, SEQUENCE, STATUS, organizer and attendee that ical.js reads back', () => {
    const [b] = book(env, { staff: 'alice', client: 'zoe@example.com', service: 'intake', at: '2026-12-01 14:00' }).bookings;
    const { cal, events } = parse(exportIcs(env, { staff: 'alice' }).text);
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e.uid).toMatch(new RegExp(`^booking-${b!.id}-[0-9a-f]{16}@sched$`));
    expect(e.startDate.toJSDate().toISOString()).toBe('2026-12-01T13:00:00.000Z');
    expect(e.endDate.toJSDate().toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(e.startDate.zone?.tzid).toBe('UTC');
    expect(e.sequence).toBe(0);
    expect(e.component.getFirstPropertyValue('status')).toBe('TENTATIVE');
    expect(e.summary).toBe('Intake; first, talk \\ plan with Zoë Ölmez-Łukasz');
    expect(e.location).toBe('Room 2, 10 rue de la Paix');
    expect(String(e.organizer)).toBe('MAILTO:alice@office.example');
    expect(e.attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual(['mailto:zoe@example.com']);
    expect(e.component.getFirstProperty('dtstamp')).not.toBeNull();
  });

  it('keeps the UID and raises SEQUENCE on reschedule and cancellation; a cancelled booking says CANCELLED', () => {
    const [b] = book(env, { staff: 'alice', client: 'zoe@example.com', service: 'intake', at: '2026-12-01 14:00' }).bookings;
    const first = parse(exportIcs(env, { id: String(b!.id) }).text).events[0]!;
    reschedule(env, { id: b!.id, at: '2026-12-02 10:00' });
    const moved = parse(exportIcs(env, { id: String(b!.id) }).text).events[0]!;
    cancel(env, { id: b!.id, reason: 'ill' });
    const gone = parse(exportIcs(env, { id: String(b!.id) }).text).events[0]!;
    expect(moved.uid).toBe(first.uid);
    expect(gone.uid).toBe(first.uid);
    expect([first.sequence, moved.sequence, gone.sequence]).toEqual([0, 1, 2]);
    expect(moved.startDate.toJSDate().toISOString()).toBe('2026-12-02T09:00:00.000Z');
    expect(gone.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('escapes notes: a newline followed by BEGIN:VEVENT stays text and never becomes a second event', () => {
    const notes = 'line one; two, three \\ four\nBEGIN:VEVENT\nUID:evil\nSUMMARY:injected\nEND:VEVENT\r\nlast';
    const [b] = book(env, { staff: 'alice', client: 'zoe@example.com', service: 'intake', at: '2026-12-01 14:00', notes }).bookings;
    addNote(env, b!.id, 'internal: owes an invoice');
    const text = exportIcs(env, { staff: 'alice' }).text;
    const { events } = parse(text);
    expect(events).toHaveLength(1);
    expect(text.match(/^BEGIN:VEVENT/gm)).toHaveLength(1);
    const description = events[0]!.description;
    expect(description).toContain('Notes: line one; two, three \\ four\nBEGIN:VEVENT\nUID:evil\nSUMMARY:injected\nEND:VEVENT\nlast');
    expect(description).toContain('Internal note: internal: owes an invoice');
    // The client's copy leaves the internal notes out.
    const forClient = parse(exportIcs(env, { client: 'zoe@example.com' }).text).events[0]!.description;
    expect(forClient).not.toContain('owes an invoice');
    expect(forClient).toContain('Contact: Alice Martin <alice@office.example>, +33 1 23 45 67 89');
  });

  it('uses CRLF and folds every line at 75 octets, never inside a UTF-8 character', () => {
    const notes = 'é'.repeat(120) + ' ' + 'Ł'.repeat(50) + ' 漢字'.repeat(30);
    book(env, { staff: 'alice', client: 'zoe@example.com', service: 'intake', at: '2026-12-01 14:00', notes });
    const text = exportIcs(env, {}).text;
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n').slice(0, -1);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    expect(text).not.toContain('\uFFFD');
    expect(parse(text).events[0]!.description).toContain(notes);
  });

  it('takes only addresses a calendar file can hold (a domain with accents in its ASCII form, which the hint gives); a stored address it cannot hold leaves that person out, not the session', () => {
    for (const bad of ['typo@example..com', 'josé@example.com', 'a@-x.com']) {
      expect(refused(() => addClient(env, { name: 'X', email: bad })).message).toBe(`--email: "${bad}" is not an email address`);
    }
    expect(refused(() => addClient(env, { name: 'Umlaut', email: 'a@exämple.com' })).hint).toBe('write the domain in its ASCII form: a@xn--exmple-cua.com');
    addClient(env, { name: 'Umlaut', email: 'a@xn--exmple-cua.com' });
    const [b] = book(env, { staff: 'alice', client: 'a@xn--exmple-cua.com', service: 'intake', at: '2026-12-01 14:00' }).bookings;
    // As an older version of sched may have stored it.
    env.store.write((tx) => tx.updateClient(b!.clientId, { email: 'typo@example..com' }));
    const { events } = parse(exportIcs(env, { staff: 'alice' }).text);
    expect(events.map((e) => [e.summary, e.attendees.length, e.organizer])).toEqual([[`Intake; first, talk \\ plan with Umlaut`, 0, 'MAILTO:alice@office.example']]);
  });

  it('writes a quote in a name as a parameter value can hold it', () => {
    addClient(env, { name: 'Ana "Nana" Lima', email: 'ana@example.com' });
    book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at: '2026-12-01 10:00' });
    const text = exportIcs(env, { client: 'ana@example.com' }).text;
    const attendee = parse(text).events[0]!.attendees[0]!;
    expect(attendee.getParameter('cn')).toBe("Ana 'Nana' Lima");
  });

  it('writes the office name as escaped text, with and without events', () => {
    // ical.js leaves X- properties raw, so the text itself is checked (TEXT escaping, RFC 5545 3.3.11).
    setSetting(env, 'office_name', 'Martin, Lima; Partners \\ Co');
    const calName = 'X-WR-CALNAME:Martin\\, Lima\\; Partners \\\\ Co\r\n';
    expect(exportIcs(env, { staff: 'alice' }).text).toContain(calName);
    book(env, { staff: 'alice', client: 'zoe@example.com', service: 'intake', at: '2026-12-01 09:00' });
    expect(exportIcs(env, { staff: 'alice' }).text).toContain(calName);
  });

  it('exports a date range in the staff zone, and an empty range as a valid empty calendar', () => {
    book(env, { staff: 'alice', client: 'zoe@example.com', service: 'intake', at: '2026-12-01 09:00' });
    book(env, { staff: 'alice', client: 'zoe@example.com', service: 'intake', at: '2026-12-03 16:00' });
    expect(parse(exportIcs(env, { staff: 'alice', from: '2026-12-03', to: '2026-12-03' }).text).events).toHaveLength(1);
    // 16:00 in Paris on the 3rd is 04:00 on the 4th in Auckland: --tz says which day the dates are.
    expect(exportIcs(env, { staff: 'alice', from: '2026-12-03', to: '2026-12-03', tz: 'Pacific/Auckland' }).count).toBe(0);
    expect(exportIcs(env, { staff: 'alice', from: '2026-12-04', to: '2026-12-04', tz: 'Pacific/Auckland' }).count).toBe(1);
    const empty = exportIcs(env, { staff: 'alice', from: '2027-01-01', to: '2027-01-31' });
    expect(empty.count).toBe(0);
    expect(parse(empty.text).events).toHaveLength(0);
  });
});
