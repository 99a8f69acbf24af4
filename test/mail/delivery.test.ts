// The outbox and its delivery, through the core and a real SMTP server on 127.0.0.1: what is written in
// the booking's transaction, what arrives (both parts, the .ics parsed with ical.js), retries and skips.
import ICAL from 'ical.js';
import { readdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setWeeklyHours } from '../../src/core/availability-rules';
import { book, reschedule } from '../../src/core/booking';
import { addClient } from '../../src/core/clients';
import { cancel, complete, confirm, noShow, rate, setNotes } from '../../src/core/lifecycle';
import { importCsv } from '../../src/core/import/run';
import { retryMessage } from '../../src/core/outbox';
import { addService } from '../../src/core/services';
import { setSetting } from '../../src/core/settings';
import { addStaff } from '../../src/core/staff';
import type { Message } from '../../src/core/types';
import { deliverDue, type DeliveryCounts, type DeliveryEvent } from '../../src/mail/deliver';
import { describeFailure, fileSender, smtpConfig, smtpSender, type Sender } from '../../src/mail/transport';
import { refused, tempDir, testEnv } from '../helpers';
import { startSmtp, type TestSmtp } from '../smtp';

let smtp: TestSmtp;
let sender: Sender;
let env: ReturnType<typeof testEnv>;
let log: DeliveryEvent[];

beforeAll(async () => {
  smtp = await startSmtp();
  sender = await smtpSender(smtpConfig(smtp.url)!);
});
afterAll(async () => {
  sender.close();
  await smtp.close();
});

beforeEach(() => {
  smtp.received.length = 0;
  smtp.refuse(0, 0, '');
  log = [];
  env = testEnv('2026-11-30T08:00:00Z'); // Monday, 09:00 in Paris
  setSetting(env, 'office_name', 'Cabinet Martin');
  addStaff(env, 'alice', { name: 'Alice Martin', email: 'alice@office.example', tz: 'Europe/Paris' });
  setWeeklyHours(env, 'alice', { days: 'mon-fri', from: '09:00', to: '17:00' }, true);
  addService(env, 'intake', { name: 'Intake', duration: '60', location: 'Room 2' });
  addClient(env, { name: 'Ana Lima', email: 'ana@example.com', tz: 'America/Sao_Paulo' });
});
afterEach(() => env.close());

const run = () => deliverDue(env, sender, { worker: 'test', from: 'office@example.com', log: (e) => log.push(e) });
const outbox = (): Message[] => env.store.read((tx) => tx.listMessages({}));
const byKind = (kind: string) => outbox().filter((m) => m.kind === kind);
const calendarOf = (i: number) => {
  const ics = smtp.received[i]!.mail.attachments.find((a) => a.mimeType.startsWith('text/calendar'))!;
  const text = typeof ics.content === 'string' ? ics.content : new TextDecoder().decode(ics.content as ArrayBuffer);
  const cal = new ICAL.Component(ICAL.parse(text));
  return { method: cal.getFirstPropertyValue('method'), event: new ICAL.Event(cal.getFirstSubcomponent('vevent')!) };
};
const bookAna = (at = '2026-12-02 14:00') => book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at }).bookings[0]!;

describe('the outbox', () => {
  it('is written in the booking transaction: a confirmation to each party and the reminders', () => {
    const b = bookAna();
    const rows = outbox();
    expect(rows.map((m) => `${m.kind}/${m.recipientRole}/${m.offsetMin ?? ''}`).sort()).toEqual(['confirmation/client/', 'confirmation/staff/', 'reminder/client/1440', 'reminder/client/60']);
    expect(rows.find((m) => m.offsetMin === 1440)!.dueAt).toBe(b.startAt - 24 * 3_600_000);
    // A refused booking writes nothing, not even a message.
    expect(() => bookAna()).toThrow();
    expect(outbox()).toHaveLength(4);
  });

  it('plans no reminder whose moment has passed when the session is booked', () => {
    env.setNow('2026-12-02T08:00:00Z'); // 09:00 Paris, the session at 14:00
    bookAna();
    expect(byKind('reminder').map((m) => m.offsetMin)).toEqual([60]);
  });

  it('follows the office reminder offsets', () => {
    setSetting(env, 'reminder_offsets', '2d,3h,30m');
    bookAna();
    expect(byKind('reminder').map((m) => m.offsetMin).sort((a, b) => a! - b!)).toEqual([30, 180, 2880]);
  });
});

describe('delivery to a real SMTP server', () => {
  it('sends the confirmation to client and staff: plain text, HTML, and an .ics invitation (METHOD:REQUEST)', async () => {
    const b = bookAna();
    await run();
    expect(smtp.received.map((r) => r.to[0]).sort()).toEqual(['alice@office.example', 'ana@example.com']);
    const toAna = smtp.received.findIndex((r) => r.to[0] === 'ana@example.com');
    const mail = smtp.received[toAna]!.mail;
    // In Ana's zone (Sao Paulo, UTC-3): 14:00 Paris is 10:00 there.
    expect(mail.subject).toBe('Booked: Intake with Alice Martin, Wednesday 2 December 2026, 10:00');
    expect(mail.from?.address).toBe('office@example.com');
    expect(mail.from?.name).toBe('Cabinet Martin');
    expect(mail.text).toContain('Where:');
    expect(mail.text).toContain('Room 2');
    expect(mail.text).toContain('Alice Martin: alice@office.example');
    expect(mail.html).toContain('<table');
    expect(mail.html).toContain('Room 2');
    const { method, event } = calendarOf(toAna);
    expect(method).toBe('REQUEST');
    expect(event.startDate.toJSDate().getTime()).toBe(b.startAt);
    expect(event.sequence).toBe(0);
    expect(smtp.received[toAna]!.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(byKind('confirmation').every((m) => m.status === 'sent' && m.attempts === 1)).toBe(true);
    // Nothing is sent twice.
    await run();
    expect(smtp.received).toHaveLength(2);
  });

  it("lists the staff member among the invitation's attendees, as chair, so that their own calendar program takes it; names the office's address as SENT-BY", async () => {
    bookAna();
    await run();
    const toAlice = smtp.received.findIndex((r) => r.to[0] === 'alice@office.example');
    const { event } = calendarOf(toAlice);
    const people = event.attendees.map((a) => [String(a.getFirstValue()).toLowerCase(), a.getParameter('role'), a.getParameter('partstat'), a.getParameter('rsvp')]);
    expect(people).toEqual([['mailto:ana@example.com', 'REQ-PARTICIPANT', 'NEEDS-ACTION', 'FALSE'], ['mailto:alice@office.example', 'CHAIR', 'ACCEPTED', 'FALSE']]);
    const organizer = event.component.getFirstProperty('organizer')!;
    expect([String(organizer.getFirstValue()), organizer.getParameter('sent-by')]).toEqual(['MAILTO:alice@office.example', 'MAILTO:office@example.com']);
    // Enumerated parameter values are tokens, not quoted strings (RFC 5545 3.2.12, 3.2.16).
    const raw = smtp.received[toAlice]!.raw.replace(/\r\n[ \t]/g, '');
    expect(raw).toMatch(/^ATTENDEE;RSVP=FALSE;ROLE=CHAIR;PARTSTAT=ACCEPTED;CN=/m);
    expect(raw).not.toMatch(/(ROLE|PARTSTAT|RSVP)="/);
  });

  it('on reschedule drops the old reminders, plans new ones and sends an update with the same UID and a higher SEQUENCE', async () => {
    const b = bookAna();
    await run();
    env.setNow('2026-11-30T09:00:00Z');
    reschedule(env, { id: b.id, at: '2026-12-03 10:00' });
    const reminders = byKind('reminder');
    expect(reminders.filter((m) => m.status === 'skipped').map((m) => m.skipReason)).toEqual(['the session was rescheduled', 'the session was rescheduled']);
    expect(reminders.filter((m) => m.status === 'pending').map((m) => m.startAt)).toEqual([Date.parse('2026-12-03T09:00:00Z'), Date.parse('2026-12-03T09:00:00Z')]);
    await run();
    const update = smtp.received.findIndex((r) => r.to[0] === 'ana@example.com' && r.mail.subject!.startsWith('Moved'));
    expect(smtp.received[update]!.mail.subject).toBe('Moved: Intake with Alice Martin, now Thursday 3 December 2026, 06:00');
    expect(smtp.received[update]!.mail.text).toContain('The session of Wednesday 2 December 2026, 10:00 has moved');
    const first = calendarOf(smtp.received.findIndex((r) => r.to[0] === 'ana@example.com'));
    const moved = calendarOf(update);
    expect(moved.event.uid).toBe(first.event.uid);
    expect(moved.event.sequence).toBe(1);
    expect(moved.event.startDate.toJSDate().toISOString()).toBe('2026-12-03T09:00:00.000Z');
  });

  it('a booking cancelled before its reminder: no reminder, one cancellation (METHOD:CANCEL, same UID, higher SEQUENCE)', async () => {
    const b = bookAna();
    await run();
    cancel(env, { id: b.id, reason: 'client is ill' });
    env.setNow('2026-12-02T12:30:00Z'); // both reminders would be due by now
    await run();
    const toAna = smtp.received.filter((r) => r.to[0] === 'ana@example.com');
    expect(toAna.map((r) => r.mail.subject!.split(':')[0])).toEqual(['Booked', 'Cancelled']);
    const cancelled = calendarOf(smtp.received.indexOf(toAna[1]!));
    expect(cancelled.method).toBe('CANCEL');
    expect(cancelled.event.uid).toBe(calendarOf(smtp.received.indexOf(toAna[0]!)).event.uid);
    expect(cancelled.event.sequence).toBe(1);
    expect(cancelled.event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(toAna[1]!.mail.text).toContain('client is ill');
    expect(byKind('reminder').map((m) => [m.status, m.skipReason])).toEqual([['skipped', 'the session was cancelled'], ['skipped', 'the session was cancelled']]);
  });

  it('a session moved or cancelled before its messages went: no stale invitation, only what is still true', async () => {
    const cancelled = bookAna('2026-12-02 10:00');
    cancel(env, { id: cancelled.id });
    const moved = bookAna('2026-12-03 10:00');
    await run();
    reschedule(env, { id: moved.id, at: '2026-12-03 14:00' });
    confirm(env, moved.id);
    cancel(env, { id: moved.id });
    await run();
    const toAna = smtp.received.filter((r) => r.to[0] === 'ana@example.com').map((r) => r.mail.subject!.split(':')[0]);
    // The first was cancelled before anything went: nobody hears of a session that no longer exists. The second had
    // its confirmation, then its move and confirmation were overtaken by the cancellation, which could otherwise
    // arrive before them.
    expect(toAna).toEqual(['Booked', 'Cancelled']);
    expect(outbox().filter((m) => m.status === 'skipped' && m.kind !== 'reminder').map((m) => `${m.kind}/${m.recipientRole}: ${m.skipReason}`).sort()).toEqual([
      'confirmation/client: the session was cancelled before its confirmation went: nothing to tell',
      'confirmation/staff: the session was cancelled before its confirmation went: nothing to tell',
      'reschedule/client: the session was cancelled since: the cancellation says so',
      'reschedule/staff: the session was cancelled since: the cancellation says so',
    ]);
    expect(byKind('cancellation').filter((m) => m.bookingId === cancelled.id)).toEqual([]);
  });

  it('a move into a time already under way still reaches the calendars: the old time may be still to come', async () => {
    const b = bookAna('2026-12-04 10:00');
    await run();
    env.setNow('2026-12-02T12:58:00Z');
    reschedule(env, { id: b.id, at: '2026-12-02 14:00', force: true });
    env.setNow('2026-12-02T13:01:00Z'); // the sender's next run comes after the new start
    await run();
    expect(smtp.received.filter((r) => r.to[0] === 'ana@example.com').map((r) => r.mail.subject!.split(':')[0])).toEqual(['Booked', 'Moved']);
  });

  it('a confirmation update that is no longer true does not go', async () => {
    const b = bookAna();
    await run();
    confirm(env, b.id);
    env.store.write((tx) => tx.updateBooking(b.id, { status: 'scheduled' })); // as an import that says scheduled does
    await run();
    expect(byKind('confirmed').map((m) => m.skipReason)).toEqual(['the session is no longer confirmed', 'the session is no longer confirmed']);
  });

  it('confirming a session whose invitation went sends an update: same UID and SEQUENCE, STATUS:CONFIRMED, a newer DTSTAMP', async () => {
    const b = bookAna();
    await run();
    const booked = calendarOf(smtp.received.findIndex((r) => r.to[0] === 'ana@example.com'));
    expect(booked.event.component.getFirstPropertyValue('status')).toBe('TENTATIVE');
    env.setNow('2026-11-30T10:00:00Z');
    confirm(env, b.id);
    await run();
    const toAna = smtp.received.filter((r) => r.to[0] === 'ana@example.com');
    expect(toAna.map((r) => r.mail.subject)).toEqual(['Booked: Intake with Alice Martin, Wednesday 2 December 2026, 10:00', 'Confirmed: Intake with Alice Martin, Wednesday 2 December 2026, 10:00']);
    expect(toAna[1]!.mail.text).toContain('Your session of Wednesday 2 December 2026, 10:00 is confirmed.');
    const update = calendarOf(smtp.received.indexOf(toAna[1]!));
    expect(update.method).toBe('REQUEST');
    expect(update.event.uid).toBe(booked.event.uid);
    expect(update.event.sequence).toBe(booked.event.sequence);
    expect(update.event.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    const stamp = (c: typeof update) => (c.event.component.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().getTime();
    expect(stamp(update)).toBeGreaterThan(stamp(booked));
    // The staff member's calendar is brought up to date too.
    expect(smtp.received.filter((r) => r.to[0] === 'alice@office.example').map((r) => r.mail.subject!.split(':')[0])).toEqual(['Booked', 'Confirmed']);
  });

  it('new session notes reach both calendars; while the invitation has not gone, it alone carries the change', async () => {
    const early = bookAna('2026-12-02 10:00');
    confirm(env, early.id);
    setNotes(env, early.id, 'Bring last year\'s report');
    expect(outbox().filter((m) => m.bookingId === early.id && (m.kind === 'confirmed' || m.kind === 'update'))).toEqual([]);
    await run();
    const first = smtp.received.filter((r) => r.to[0] === 'ana@example.com');
    expect(first.map((r) => r.mail.subject!.split(':')[0])).toEqual(['Booked']);
    expect(first[0]!.mail.text).toContain("Bring last year's report");
    expect(calendarOf(smtp.received.indexOf(first[0]!)).event.component.getFirstPropertyValue('status')).toBe('CONFIRMED');

    env.setNow('2026-11-30T10:00:00Z');
    setNotes(env, early.id, 'Room 3 this time');
    setNotes(env, early.id, 'Room 4 this time');
    await run();
    const updates = smtp.received.filter((r) => r.mail.subject!.startsWith('Updated'));
    expect(updates.map((r) => r.to[0]).sort()).toEqual(['alice@office.example', 'ana@example.com']);
    const toAna = updates.find((r) => r.to[0] === 'ana@example.com')!;
    expect(toAna.mail.text).toContain('its time stays the same');
    expect(calendarOf(smtp.received.indexOf(toAna)).event.description).toContain('Notes: Room 4 this time');
    // The second change came while the first one's update waited: that one update carries both.
    expect(byKind('update').map((m) => m.status)).toEqual(['sent', 'sent']);
  });

  it('sends no invitation for a session already under way: not a late confirmation, nor an update on confirming it', async () => {
    const b = bookAna('2026-12-02 14:00');
    env.setNow('2026-12-02T13:30:00Z'); // the sender was down until the session had started
    await run();
    expect(smtp.received).toHaveLength(0);
    expect(byKind('confirmation').map((m) => [m.status, m.skipReason])).toEqual([['skipped', 'the session had already started'], ['skipped', 'the session had already started']]);
    confirm(env, b.id); // so that it can be marked completed
    expect(outbox().filter((m) => m.kind === 'confirmed')).toEqual([]);
    complete(env, b.id);
  });

  it('sends each reminder once, on time, and skips one that is superseded or whose session has started', async () => {
    bookAna();
    await run();
    env.setNow('2026-12-01T12:59:00Z');
    await run();
    expect(smtp.received.filter((r) => r.mail.subject!.startsWith('Reminder'))).toHaveLength(0);
    env.setNow('2026-12-01T13:00:00Z'); // 24 h before
    await run();
    await run();
    expect(smtp.received.filter((r) => r.mail.subject!.startsWith('Reminder'))).toHaveLength(1);
    env.setNow('2026-12-02T12:00:00Z'); // 1 h before
    await run();
    expect(smtp.received.filter((r) => r.mail.subject!.startsWith('Reminder'))).toHaveLength(2);

    // A sender that was down: at 13:30 both reminders of a new booking are due; only the 1 h one goes.
    bookAna('2026-12-04 14:00');
    env.setNow('2026-12-04T12:30:00Z');
    await run();
    const skipped = log.filter((e) => e.outcome === 'skipped');
    expect(skipped.map((e) => e.detail)).toEqual(['superseded by the 1h reminder']);
    // And after the session has started, nothing.
    bookAna('2026-12-07 14:00');
    env.setNow('2026-12-07T13:30:00Z');
    await run();
    expect(log.filter((e) => e.outcome === 'skipped').map((e) => e.detail)).toContain('the session had already started');
  });

  it('a dry run writes and skips exactly what a real run then sends and skips, and changes nothing', async () => {
    bookAna('2026-12-04 11:00');
    const cancelled = bookAna('2026-12-04 10:00');
    cancel(env, { id: cancelled.id });
    env.setNow('2026-12-04T09:30:00Z'); // 10:30 in Paris, a sender that was down: both reminders due, the agenda too
    const before = outbox();
    const dir = tempDir();
    try {
      const files = await fileSender(dir.dir);
      const dry = await deliverDue(env, files, { worker: 'dry', from: 'office@example.com', dryRun: true, log: (e) => log.push(e) });
      const seen = log.splice(0).map((e) => `${e.id} ${e.outcome} ${e.outcome === 'sent' ? '' : e.detail}`).sort();
      expect(outbox()).toEqual(before);
      expect(readdirSync(dir.dir)).toHaveLength(dry.sent);
      const real = await run();
      expect(real).toEqual(dry);
      expect(log.map((e) => `${e.id} ${e.outcome} ${e.outcome === 'sent' ? '' : e.detail}`).sort()).toEqual(seen);
      // The cancelled 10:00 session was never told (its confirmations were skipped when it was cancelled): nothing of it goes.
      expect(seen.filter((e) => e.includes('skipped'))).toEqual([expect.stringMatching(/skipped superseded by the 1h reminder$/)]);
      expect(log.some((e) => e.kind === 'agenda' && e.outcome === 'sent')).toBe(true);
    } finally {
      dir.cleanup();
    }
  });

  it('asks for feedback after a completed session, withdraws it on a correction to no-show, and sends it on one back', async () => {
    const b = bookAna();
    confirm(env, b.id);
    env.setNow('2026-12-02T14:05:00Z');
    complete(env, b.id);
    noShow(env, b.id);
    expect(byKind('feedback').map((m) => [m.status, m.skipReason])).toEqual([['skipped', 'the session was marked a no-show']]);
    const c = bookAna('2026-12-03 14:00');
    confirm(env, c.id);
    env.setNow('2026-12-03T13:05:00Z');
    complete(env, c.id);
    await run();
    const feedback = () => smtp.received.filter((r) => r.mail.subject === 'How was your session with Alice Martin?');
    expect(feedback()).toHaveLength(1);
    expect(feedback()[0]!.to).toEqual(['ana@example.com']);
    // Corrected back to completed, the first session gets the request the no-show withdrew, once.
    complete(env, b.id);
    expect(byKind('feedback').find((m) => m.bookingId === b.id)).toMatchObject({ status: 'pending', skipReason: null });
    await run();
    await run();
    expect(feedback()).toHaveLength(2);
  });

  it('a session moved back to a time it had tells the time it was moved from in each message', async () => {
    const b = bookAna('2026-12-02 14:00');
    await run();
    // All on one clock reading (SCHED_NOW held, a script): the moves cannot be told apart by when they were made,
    // and the first and last both go to 3 December.
    for (const at of ['2026-12-03 14:00', '2026-12-04 14:00', '2026-12-03 14:00']) {
      reschedule(env, { id: b.id, at });
      await run();
    }
    const moved = smtp.received.map((r, i) => ({ r, i }))
      .filter(({ r }) => r.to[0] === 'ana@example.com' && r.mail.subject!.startsWith('Moved'))
      .sort((a, b) => calendarOf(a.i).event.sequence - calendarOf(b.i).event.sequence)
      .map(({ r }) => r.mail.text!.match(/The session of (.*?) has moved/)![1]);
    // Ana reads her times in São Paulo, four hours behind Paris in December.
    expect(moved).toEqual(['Wednesday 2 December 2026, 10:00', 'Thursday 3 December 2026, 10:00', 'Friday 4 December 2026, 10:00']);
  });

  it('moves made before the first is told go as one "Moved" message from where each reader last knew the session; away and back, none', async () => {
    const b = bookAna('2026-12-02 14:00');
    await run();
    reschedule(env, { id: b.id, at: '2026-12-03 14:00' });
    reschedule(env, { id: b.id, at: '2026-12-04 14:00' });
    await run();
    const moved = smtp.received.filter((r) => r.mail.subject!.startsWith('Moved'));
    expect(moved.map((r) => r.to[0]).sort()).toEqual(['alice@office.example', 'ana@example.com']);
    expect(moved.find((r) => r.to[0] === 'ana@example.com')!.mail.text).toMatch(/The session of Wednesday 2 December 2026, 10:00 has moved to Friday 4 December 2026, 10:00/);
    expect(byKind('reschedule').filter((m) => m.status === 'skipped').map((m) => m.skipReason)).toEqual(Array(2).fill('the session was moved again: the next message tells both moves'));

    reschedule(env, { id: b.id, at: '2026-12-07 14:00' });
    reschedule(env, { id: b.id, at: '2026-12-04 14:00' });
    await run();
    expect(smtp.received.filter((r) => r.mail.subject!.startsWith('Moved'))).toHaveLength(2);
  });

  it('a move back made while the first "Moved" message is on the wire is told by a message of its own', async () => {
    const b = bookAna('2026-12-02 14:00');
    await run();
    reschedule(env, { id: b.id, at: '2026-12-02 15:00' });
    let movedBack = false;
    const racing: Sender = { description: 'racing', close: () => {}, send: async (mail) => {
      if (!movedBack && mail.subject.startsWith('Moved')) {
        movedBack = true;
        reschedule(env, { id: b.id, at: '2026-12-02 14:00' });
      }
      return sender.send(mail);
    } };
    await deliverDue(env, racing, { worker: 'test', from: 'office@example.com', concurrency: 1 });
    await run();
    const toAna = smtp.received.filter((r) => r.to[0] === 'ana@example.com' && r.mail.subject!.startsWith('Moved')).map((r) => r.mail.text!.match(/The session of (.*?) has moved to (.*?)\./)!.slice(1));
    // Ana reads São Paulo time: 14:00 in Paris is 10:00 there.
    expect(toAna).toEqual([
      ['Wednesday 2 December 2026, 10:00', 'Wednesday 2 December 2026, 11:00'],
      ['Wednesday 2 December 2026, 11:00', 'Wednesday 2 December 2026, 10:00'],
    ]);
  });

  it('with two senders, a cancellation waits while the invitation it cancels is on the wire with the other one', async () => {
    const b = bookAna('2026-12-02 14:00');
    let other: DeliveryCounts | undefined;
    // Sender A is slow: while it is still sending Ana's invitation, the session is cancelled and sender B runs.
    const slow: Sender = { description: 'slow', close: () => {}, send: async (mail) => {
      if (!other && mail.to.address === 'ana@example.com') {
        cancel(env, { id: b.id, reason: 'ill' });
        other = await deliverDue(env, sender, { worker: 'B', from: 'office@example.com' });
      }
      return sender.send(mail);
    } };
    await deliverDue(env, slow, { worker: 'A', from: 'office@example.com', concurrency: 1 });
    expect(smtp.received.filter((r) => r.to[0] === 'ana@example.com').map((r) => r.mail.subject!.split(':')[0])).toEqual(['Booked']);
    env.setNow('2026-11-30T08:01:00Z');
    await run();
    expect(smtp.received.filter((r) => r.to[0] === 'ana@example.com').map((r) => r.mail.subject!.split(':')[0])).toEqual(['Booked', 'Cancelled']);
    expect(other?.sent).toBe(0);
  });

  it('a session moved before its confirmation went is confirmed at its new time, with no "Moved" message', async () => {
    const b = bookAna('2026-12-02 14:00');
    reschedule(env, { id: b.id, at: '2026-12-03 14:00' });
    await run();
    const toAna = smtp.received.filter((r) => r.to[0] === 'ana@example.com').map((r) => r.mail.subject);
    expect(toAna).toEqual(['Booked: Intake with Alice Martin, Thursday 3 December 2026, 10:00']);
    expect(calendarOf(smtp.received.findIndex((r) => r.to[0] === 'ana@example.com')).event.startDate.toJSDate().toISOString()).toBe('2026-12-03T13:00:00.000Z');
    expect(byKind('confirmation').filter((m) => m.status === 'skipped').map((m) => m.skipReason)).toEqual(Array(2).fill('the session was moved before this went: the confirmation of its new time replaces it'));
  });

  it('a move told while the last one is refused for now: the older is not sent after the newer', async () => {
    const b = bookAna('2026-12-02 14:00');
    await run();
    reschedule(env, { id: b.id, at: '2026-12-02 15:00' });
    let movedBack = false;
    const racing: Sender = { description: 'racing', close: () => {}, send: async (mail) => {
      if (!movedBack && mail.subject.startsWith('Moved') && mail.to.address === 'ana@example.com') {
        movedBack = true;
        reschedule(env, { id: b.id, at: '2026-12-02 14:00' });
        smtp.refuse(1, 451, 'greylisted, try again later'); // this "Moved to 15:00" is put off
      }
      return sender.send(mail);
    } };
    await deliverDue(env, racing, { worker: 'test', from: 'office@example.com', concurrency: 1 });
    env.setNow('2026-11-30T08:05:00Z');
    await run();
    const toAna = smtp.received.filter((r) => r.to[0] === 'ana@example.com').map((r) => r.mail.subject!.split(',')[0]);
    // The "Moved to 15:00", tried again after the move back went, does not go: her calendar ends at 14:00. (The
    // move back was written while the first was on its way, so it tells the move from 15:00.)
    expect(toAna).toEqual(['Booked: Intake with Alice Martin', 'Moved: Intake with Alice Martin']);
    expect(byKind('reschedule').find((m) => m.recipientRole === 'client' && m.sequence === 1)!.skipReason).toBe('a later message about this session to the same reader tells it as it is now');
  });

  it('a confirm and new notes made between a move and a move back are told, as an update', async () => {
    const b = bookAna('2026-12-02 14:00');
    await run();
    reschedule(env, { id: b.id, at: '2026-12-02 15:00' });
    confirm(env, b.id);
    setNotes(env, b.id, 'Bring the contract');
    reschedule(env, { id: b.id, at: '2026-12-02 14:00' });
    await run();
    const last = smtp.received.map((r, i) => ({ r, i })).filter(({ r }) => r.to[0] === 'ana@example.com').at(-1)!;
    expect(last.r.mail.subject).toMatch(/^Updated: /);
    const { event } = calendarOf(last.i);
    expect([event.startDate.toJSDate().toISOString(), event.component.getFirstPropertyValue('status'), event.description]).toEqual(['2026-12-02T13:00:00.000Z', 'CONFIRMED', expect.stringContaining('Bring the contract')]);
  });

  it('a cancellation names the time the reader knows, when the session moved without their hearing of it', async () => {
    const b = bookAna('2026-12-02 14:00');
    await run();
    reschedule(env, { id: b.id, at: '2026-12-03 10:00' });
    cancel(env, { id: b.id });
    await run();
    const toAna = smtp.received.filter((r) => r.to[0] === 'ana@example.com').map((r) => r.mail.subject);
    expect(toAna.at(-1)).toBe('Cancelled: Intake with Alice Martin, Wednesday 2 December 2026, 10:00');
    expect(toAna.some((x) => x!.startsWith('Moved'))).toBe(false);
    // Its calendar file says the same time as its text: the one in Ana's calendar.
    const { method, event } = calendarOf(smtp.received.map((r) => r.to[0]).lastIndexOf('ana@example.com'));
    expect([method, event.startDate.toJSDate().toISOString(), event.endDate.toJSDate().toISOString(), event.sequence]).toEqual(['CANCEL', '2026-12-02T13:00:00.000Z', '2026-12-02T14:00:00.000Z', 2]);
  });

  it('a cancellation goes to a reader whose confirmation may have reached them (a try that timed out), not only one sure to have', async () => {
    const b = bookAna('2026-12-02 14:00');
    const timingOut: Sender = { description: 'timing out', close: () => {}, send: async (mail) => {
      await sender.send(mail); // the server took it...
      throw Object.assign(new Error('timed out waiting for the answer'), { code: 'ETIMEDOUT' }); // ...and the answer was lost
    } };
    await deliverDue(env, timingOut, { worker: 'test', from: 'office@example.com' });
    cancel(env, { id: b.id });
    env.setNow('2026-11-30T08:10:00Z');
    await run();
    expect(smtp.received.filter((r) => r.to[0] === 'ana@example.com').map((r) => r.mail.subject!.split(':')[0])).toEqual(['Booked', 'Cancelled']);
  });

  it('a moved imported session is told as a move (its client knows it from the system it came from)', async () => {
    importCsv(env, 'bookings', 'b.csv', 'staff,client,service,start\nalice,ana@example.com,intake,2026-12-02 14:00\n');
    const b = env.store.read((tx) => tx.listBookings({}))[0]!;
    reschedule(env, { id: b.id, at: '2026-12-03 14:00' });
    await run();
    expect(smtp.received.filter((r) => r.to[0] === 'ana@example.com').map((r) => r.mail.subject!.split(':')[0])).toEqual(['Moved']);
  });

  it('an old confirmation does not go after the move that replaced it failed for good', async () => {
    const b = bookAna('2026-12-02 14:00');
    let moved = false;
    const racing: Sender = { description: 'racing', close: () => {}, send: async (mail) => {
      if (!moved && mail.to.address === 'ana@example.com') {
        moved = true;
        reschedule(env, { id: b.id, at: '2026-12-03 14:00' }); // moved while her confirmation is on its way...
        smtp.refuse(1, 451, 'try later'); // ...which is put off
      }
      return sender.send(mail);
    } };
    await deliverDue(env, racing, { worker: 'test', from: 'office@example.com', concurrency: 1, stopping: () => moved });
    expect(byKind('reschedule').find((m) => m.recipientRole === 'client')!.status).toBe('pending');
    smtp.refuse(1, 550, 'no such user'); // the move to her fails for good, before her confirmation is tried again
    env.setNow('2026-11-30T08:00:30Z');
    await deliverDue(env, sender, { worker: 'test', from: 'office@example.com', concurrency: 1 });
    expect(byKind('reschedule').find((m) => m.recipientRole === 'client')!.status).toBe('failed');
    env.setNow('2026-11-30T08:10:00Z');
    await run();
    expect(smtp.received.filter((r) => r.to[0] === 'ana@example.com')).toEqual([]);
    expect(byKind('confirmation').find((m) => m.recipientRole === 'client' && m.sequence === 0)!.skipReason).toBe('a later message about this session to the same reader tells it as it is now');
  });

  it('a reminder does not wait for an update the reader does not need first', async () => {
    const b = bookAna('2026-12-02 14:00');
    await run(); // Booked goes
    env.setNow('2026-12-02T12:00:00Z'); // 13:00 in Paris: the 1 h reminder is due
    setNotes(env, b.id, 'Room changed'); // and an update of the notes with it
    await run();
    expect(smtp.received.filter((r) => r.to[0] === 'ana@example.com').map((r) => r.mail.subject!.split(':')[0]).sort()).toEqual(['Booked', 'Reminder', 'Updated']);
  });

  it('a dry run predicts a real run whatever batches the messages fall in', async () => {
    for (const day of ['01', '02', '03']) bookAna(`2026-12-${day} 09:00`);
    env.setNow('2026-11-30T08:30:00Z');
    bookAna('2026-12-01 10:00'); // its 24 h reminder is due with its confirmation
    const dir = tempDir();
    try {
      const dry = await deliverDue(env, await fileSender(dir.dir), { worker: 'dry', from: 'office@example.com', dryRun: true, batch: 2 });
      expect(await deliverDue(env, sender, { worker: 'test', from: 'office@example.com', batch: 2 })).toEqual(dry);
    } finally {
      dir.cleanup();
    }
  });

  it('a reminder due with its confirmation waits for it: the client hears of the session before being reminded of it', async () => {
    bookAna('2026-12-01 09:00'); // 24 hours ahead: the 24 h reminder is due at once
    smtp.refuse(1, 451, 'try again later'); // and the client's confirmation is put off once
    await run();
    const toAna = () => smtp.received.filter((r) => r.to[0] === 'ana@example.com').map((r) => r.mail.subject!.split(':')[0]);
    expect(toAna()).toEqual([]);
    env.setNow('2026-11-30T08:01:00Z');
    await run();
    expect(toAna()).toEqual(['Booked']);
    env.setNow('2026-11-30T08:02:00Z');
    await run();
    expect(toAna()).toEqual(['Booked', 'Reminder']);
  });

  it('records the address a message went to, when the client changed it after booking', async () => {
    const { editClient } = await import('../../src/core/clients');
    bookAna();
    editClient(env, 'ana@example.com', { email: 'ana.new@example.com' });
    await run();
    expect(smtp.received.map((r) => r.to[0]).sort()).toEqual(['alice@office.example', 'ana.new@example.com']);
    expect(byKind('confirmation').map((m) => m.recipient).sort()).toEqual(['alice@office.example', 'ana.new@example.com']);
    expect(log.filter((e) => e.outcome === 'sent').map((e) => e.to).sort()).toEqual(['alice@office.example', 'ana.new@example.com']);
  });

  it('a reminder on the wire while the session is cancelled is recorded as sent, as it went', async () => {
    const b = bookAna();
    await run();
    env.setNow(new Date(b.startAt - 60 * 60_000).toISOString());
    // The cancel lands while the reminder is being sent (the server is slow): the reminder has gone all the same.
    let retried = '';
    const racing: Sender = { description: 'racing', close: () => {}, send: async (mail) => {
      cancel(env, { id: b.id, reason: 'ill' });
      // Sending it again now, while it is on the wire, would double it.
      const reminder = byKind('reminder').find((m) => m.offsetMin === 60)!;
      try {
        retryMessage(env, String(reminder.id));
      } catch (e) {
        retried = (e as Error).message;
      }
      return sender.send(mail);
    } };
    const events: DeliveryEvent[] = [];
    await deliverDue(env, racing, { worker: 'test', from: 'office@example.com', log: (e) => events.push(e) });
    const sent = byKind('reminder').filter((m) => m.status === 'sent');
    expect(sent.map((m) => [m.offsetMin, m.skipReason])).toEqual([[60, null]]);
    expect(events.filter((e) => e.kind === 'reminder').map((e) => e.outcome)).toEqual(['skipped', 'sent']);
    expect(byKind('reminder').find((m) => m.offsetMin === 1440)!.status).toBe('skipped');
    expect(retried).toMatch(/^message \d+ is being sent right now \(by test\)$/);
    expect(smtp.received.filter((r) => r.mail.subject?.startsWith('Reminder'))).toHaveLength(1);
  });

  it('a message skipped while it waits its turn in a batch does not go (only one on the wire outlives a skip)', async () => {
    addClient(env, { name: 'Bo Berg', email: 'bo@example.com' });
    const ana = bookAna('2026-12-02 10:00');
    const bo = book(env, { staff: 'alice', client: 'bo@example.com', service: 'intake', at: '2026-12-02 14:00' }).bookings[0]!;
    await run();
    smtp.received.length = 0;
    env.setNow('2026-12-01T13:30:00Z'); // both 24 h reminders due, one at a time
    let first = true;
    const oneAtATime: Sender = { description: 'slow', close: () => {}, send: async (mail) => {
      if (first) {
        first = false;
        cancel(env, { id: mail.to.address === 'ana@example.com' ? bo.id : ana.id, reason: 'ill' });
      }
      return sender.send(mail);
    } };
    const events: DeliveryEvent[] = [];
    await deliverDue(env, oneAtATime, { worker: 'test', from: 'office@example.com', concurrency: 1, log: (e) => events.push(e) });
    const reminders = smtp.received.filter((r) => r.mail.subject?.startsWith('Reminder'));
    expect(reminders).toHaveLength(1);
    expect(byKind('reminder').filter((m) => m.offsetMin === 1440).map((m) => m.status).sort()).toEqual(['sent', 'skipped']);
    const logged = events.filter((e) => e.kind === 'reminder');
    expect(logged.map((e) => e.outcome).sort()).toEqual(['sent', 'skipped']);
    expect(logged.find((e) => e.outcome === 'skipped')!.detail).toBe('the session was cancelled');
  });

  it('a try that fails after its session was cancelled leaves the message skipped, and says so', async () => {
    const b = bookAna();
    await run();
    env.setNow(new Date(b.startAt - 60 * 60_000).toISOString());
    const refusing: Sender = { description: 'refusing', close: () => {}, send: async () => {
      cancel(env, { id: b.id, reason: 'ill' });
      throw Object.assign(new Error('451 4.3.0 Try again later'), { responseCode: 451 });
    } };
    const events: DeliveryEvent[] = [];
    await deliverDue(env, refusing, { worker: 'test', from: 'office@example.com', log: (e) => events.push(e) });
    const reminder = byKind('reminder').find((m) => m.offsetMin === 60)!;
    expect(reminder).toMatchObject({ status: 'skipped', skipReason: 'the session was cancelled', attempts: 1 });
    expect(events.find((e) => e.id === reminder.id)).toMatchObject({ outcome: 'skipped', detail: expect.stringMatching(/^the session was cancelled \(its try failed: .*451/) });
  });

  it('retries after a 451 and then delivers; the attempts and the error are recorded', async () => {
    bookAna();
    smtp.refuse(1, 451, '4.3.0 Try again later');
    await run();
    const failedOnce = byKind('confirmation').find((m) => m.lastError);
    expect(failedOnce).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('451 4.3.0 Try again later') });
    expect(failedOnce!.nextAttemptAt).toBe(env.now() + 60_000);
    env.setNow('2026-11-30T08:01:00Z');
    await run();
    expect(byKind('confirmation').map((m) => m.status)).toEqual(['sent', 'sent']);
    expect(smtp.received).toHaveLength(2);
  });

  it('a message whose lease ran out while it waited its turn goes with the sender that took it over, once', async () => {
    bookAna();
    bookAna('2026-12-03 14:00');
    let other: Promise<unknown> | undefined;
    // After the first send, the clock passes the batch's lease and a second daemon takes what is left.
    await deliverDue(env, sender, {
      worker: 'slow', from: 'office@example.com', concurrency: 1, leaseMs: 60_000,
      log: () => {
        if (other) return;
        env.setNow('2026-11-30T08:10:00Z');
        other = deliverDue(env, sender, { worker: 'other', from: 'office@example.com', leaseMs: 60_000 });
      },
    });
    await other;
    const ids = smtp.received.map((r) => /^Message-ID: (.*)$/im.exec(r.raw)![1]);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    expect(byKind('confirmation').map((m) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('a 550 answer is final at once: failed with the server words; outbox retry sends it again', async () => {
    bookAna();
    smtp.refuse(1, 550, '5.1.1 <ana@example.com>: Recipient address rejected');
    await run();
    const failed = byKind('confirmation').find((m) => m.status === 'failed')!;
    expect(failed.lastError).toBe('550 5.1.1 <ana@example.com>: Recipient address rejected');
    // The staff member's copy went: one failed recipient does not hold back the other.
    expect(smtp.received.map((r) => r.to[0])).toEqual([failed.recipient === 'ana@example.com' ? 'alice@office.example' : 'ana@example.com']);
    retryMessage(env, String(failed.id));
    await run();
    expect(byKind('confirmation').map((m) => m.status)).toEqual(['sent', 'sent']);
  });

  it('outbox retry refuses a message that would only be skipped again, rather than promise a send', () => {
    const b = bookAna();
    cancel(env, { id: b.id, reason: 'ill' });
    const reminder = byKind('reminder')[0]!;
    expect(reminder.status).toBe('skipped');
    expect(refused(() => retryMessage(env, String(reminder.id)))).toMatchObject({ kind: 'illegal', message: `message ${reminder.id} would not go: the session is cancelled`, hint: 'nothing to send again' });
    expect(byKind('reminder').find((m) => m.id === reminder.id)!.status).toBe('skipped');
  });

  it('a server that wants a login, or refuses the sender, is the setup: retried, not failed for good', () => {
    expect(describeFailure(Object.assign(new Error('x'), { responseCode: 530, response: '530 Error: authentication Required', command: 'MAIL FROM' }))).toEqual({ permanent: false, message: '530 Error: authentication Required' });
    expect(describeFailure(Object.assign(new Error('x'), { responseCode: 553, response: '553 sender rejected', command: 'MAIL FROM' })).permanent).toBe(false);
    expect(describeFailure(Object.assign(new Error('x'), { responseCode: 550, response: '550 no such user', command: 'RCPT TO' })).permanent).toBe(true);
  });

  it('with the server down, backs off about 1 min, 5 min, 30 min, 2 h, then fails', async () => {
    bookAna();
    const down = await smtpSender(smtpConfig('smtp://127.0.0.1:1')!);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      await deliverDue(env, down, { worker: 'test', from: 'office@example.com', log: (e) => log.push(e) });
      const m = byKind('confirmation')[0]!;
      if (m.status === 'pending') {
        waits.push((m.nextAttemptAt - env.now()) / 60_000);
        env.setNow(new Date(m.nextAttemptAt).toISOString());
      }
    }
    down.close();
    expect(waits).toEqual([1, 5, 30, 120]);
    const m = byKind('confirmation')[0]!;
    expect(m).toMatchObject({ status: 'failed', attempts: 5 });
    expect(m.lastError).toMatch(/ECONNREFUSED/);
  });
});

describe('agenda and weekly report', () => {
  it("sends each staff member their day's agenda from 07:00 their time, once, and none on a day without sessions", async () => {
    bookAna('2026-12-01 10:00');
    bookAna('2026-12-01 15:00');
    env.setNow('2026-12-01T05:59:00Z'); // 06:59 Paris
    await run();
    expect(byKind('agenda')).toHaveLength(0);
    env.setNow('2026-12-01T06:00:00Z'); // 07:00 Paris
    await run();
    await run();
    const agendas = smtp.received.filter((r) => r.mail.subject!.startsWith('Your day'));
    expect(agendas).toHaveLength(1);
    expect(agendas[0]!.to).toEqual(['alice@office.example']);
    expect(agendas[0]!.mail.subject).toBe('Your day, Tue 1 Dec 2026: 2 sessions');
    expect(agendas[0]!.mail.text).toMatch(/10:00-11:00:\s+Ana Lima, Intake/);
    expect(agendas[0]!.mail.text).toMatch(/15:00-16:00:\s+Ana Lima, Intake/);
    env.setNow('2026-12-02T06:00:00Z');
    await run();
    expect(byKind('agenda')).toHaveLength(1);
  });

  it('plans no agenda for a day whose only session is already over (the agenda lists open sessions)', async () => {
    const early = book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at: '2026-12-01 05:00', force: true }).bookings[0]!;
    env.setNow('2026-12-01T05:30:00Z'); // 06:30 Paris: the session is over
    confirm(env, early.id);
    complete(env, early.id);
    env.setNow('2026-12-01T06:00:00Z'); // 07:00 Paris
    await run();
    expect(byKind('agenda')).toEqual([]);
  });

  it('sends the weekly report to the admin address on Monday morning with last week\'s rates', async () => {
    setSetting(env, 'admin_email', 'boss@office.example');
    setSetting(env, 'default_tz', 'Europe/Paris');
    const a = bookAna('2026-12-01 10:00');
    const b = bookAna('2026-12-02 10:00');
    const c = bookAna('2026-12-03 10:00');
    bookAna('2026-12-04 10:00');
    for (const x of [a, b, c]) confirm(env, x.id);
    env.setNow('2026-12-04T08:00:00Z');
    complete(env, a.id);
    complete(env, b.id);
    noShow(env, c.id);
    cancel(env, { id: 4 });
    rate(env, a.id, '5');
    rate(env, b.id, '4');
    env.setNow('2026-12-07T06:59:00Z'); // Monday 07:59 Paris
    await run();
    expect(byKind('weekly_report')).toHaveLength(0);
    env.setNow('2026-12-07T07:00:00Z');
    await run();
    const report = smtp.received.find((r) => r.mail.subject!.startsWith('Weekly report'))!;
    expect(report.to).toEqual(['boss@office.example']);
    expect(report.mail.subject).toBe('Weekly report, Mon 30 Nov 2026 to Sun 6 Dec 2026: 4 sessions');
    expect(report.mail.text).toMatch(/Completed:\s+2/);
    expect(report.mail.text).toMatch(/Completion rate:\s+66\.7 %/);
    expect(report.mail.text).toMatch(/No-show rate:\s+33\.3 %/);
    expect(report.mail.text).toMatch(/Cancellation rate:\s+25 %/);
    expect(report.mail.text).toMatch(/Cancelled:\s+1 \(1 late\)/);
    // The figures of sched report (the same function): alice works 40 hours that week and 3 of them are booked.
    expect(report.mail.text).toMatch(/Utilisation:\s+7\.5 % \(3 of 40 available hours booked\)/);
    expect(report.mail.text).toMatch(/Average rating:\s+4\.5 of 5/);
    expect(report.mail.text).toMatch(/alice:\s+4 sessions, 2 completed, 1 no-show, 1 cancelled; utilisation 7\.5 %/);
    expect(report.mail.html).toContain('<th align="left" valign="top">Utilisation</th>');
  });
});

describe('headers', () => {
  it('encodes names with quotes, commas and accents; the subject stays one header line', async () => {
    addClient(env, { name: 'Zoë "Z" Ölmez, Jr.', email: 'zoe@example.com' });
    book(env, { staff: 'alice', client: 'zoe@example.com', service: 'intake', at: '2026-12-02 10:00' });
    await run();
    const toZoe = smtp.received.find((r) => r.to[0] === 'zoe@example.com')!;
    expect(toZoe.to).toEqual(['zoe@example.com']);
    expect(toZoe.mail.to?.[0]?.name).toBe('Zoë "Z" Ölmez, Jr.');
    const staffCopy = smtp.received.find((r) => r.to[0] === 'alice@office.example')!;
    expect(staffCopy.mail.subject).toBe('Booked: Intake with Zoë "Z" Ölmez, Jr., Wednesday 2 December 2026, 10:00');
    const headerBlock = toZoe.raw.split(/\r\n\r\n/)[0]!;
    expect(headerBlock).not.toMatch(/[^\x00-\x7f]/); // every non-ASCII name is encoded
  });

  it('a line break that reached the database another way cannot add a header or a recipient', async () => {
    bookAna();
    const sqlite = (env.store as unknown as { sqlite: import('better-sqlite3').Database }).sqlite;
    sqlite.prepare("update clients set name = 'Ana\r\nBcc: thief@evil.example' where id = 1").run();
    sqlite.prepare("update services set name = 'Intake\r\nX-Injected: yes' where id = 1").run();
    await run();
    const toAna = smtp.received.find((r) => r.to[0] === 'ana@example.com')!;
    expect(smtp.received.flatMap((r) => r.to)).not.toContain('thief@evil.example');
    const headers = toAna.raw.split(/\r\n\r\n/)[0]!;
    expect(headers).not.toMatch(/^Bcc:/im);
    expect(headers).not.toMatch(/^X-Injected:/im);
    expect(toAna.mail.subject).toBe('Booked: Intake X-Injected: yes with Alice Martin, Wednesday 2 December 2026, 10:00');
  });
});
