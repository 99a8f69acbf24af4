// CSV import of bookings and availability on a real database: the rules of `sched book` between rows of one
// file and against the database, all or nothing, --skip-invalid, --dry-run, --force, importing twice, and
// export csv bookings reading back unchanged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book } from '../../src/core/booking';
import { addEngagement } from '../../src/core/engagements';
import { exportCsv } from '../../src/core/export-csv';
import { importCsv } from '../../src/core/import/run';
import { addNote, cancel, complete, rate, setNotes, versionOf, withdraw } from '../../src/core/lifecycle';
import { ROOT, testEnv } from '../helpers';

let env: ReturnType<typeof testEnv>;
const example = (kind: string) => readFileSync(join(ROOT, 'examples', `${kind}.csv`), 'utf8');
const seed = (e = env, kinds = ['staff', 'clients', 'services', 'availability', 'engagements']) => {
  for (const kind of kinds) expect(importCsv(e, kind, `${kind}.csv`, example(kind))).toMatchObject({ rejected: 0, written: true });
};
beforeEach(() => {
  env = testEnv('2026-11-30T08:00:00Z');
  seed();
});
afterEach(() => env.close());

const bookings = (e = env) => e.store.read((tx) => tx.listBookings({}));
const header = 'external_id,staff,client,service,start,status';
const file = (...rows: string[]) => [header, ...rows].join('\n');

describe('import bookings', () => {
  it('imports the example file with each row at its instant, reminders for upcoming sessions and no confirmations; twice changes nothing', () => {
    const first = importCsv(env, 'bookings', 'bookings.csv', example('bookings'));
    expect(first).toMatchObject({ created: 7, rejected: 0, written: true });
    const all = bookings();
    expect(all.map((b) => [b.externalId, b.status, new Date(b.startAt).toISOString()])).toEqual([
      ['crm-0990', 'completed', '2026-11-23T09:00:00.000Z'],
      ['crm-0991', 'cancelled', '2026-11-24T14:00:00.000Z'], // bob works in New York time
      ['crm-1001', 'confirmed', '2026-12-01T08:00:00.000Z'],
      ['crm-1002', 'scheduled', '2026-12-01T13:00:00.000Z'],
      ['crm-1003', 'scheduled', '2026-12-02T15:00:00.000Z'],
      ['crm-1004', 'confirmed', '2026-12-03T13:00:00.000Z'],
      ['crm-1005', 'confirmed', '2026-12-03T13:00:00.000Z'], // the same workshop: a group of two
    ]);
    expect(all[0]).toMatchObject({ rating: 5 });
    expect(all[1]).toMatchObject({ cancelReason: 'Client ill' });
    expect(all[4]).toMatchObject({ format: 'phone', notes: 'Call her mobile, not the office line' });
    const messages = env.store.read((tx) => tx.listMessages({}));
    expect(new Set(messages.map((m) => m.kind))).toEqual(new Set(['reminder']));
    expect(new Set(messages.map((m) => m.bookingId))).toEqual(new Set(all.slice(2).map((b) => b.id)));

    const before = { bookings: bookings(), messages: env.store.read((tx) => tx.listMessages({})) };
    expect(importCsv(env, 'bookings', 'bookings.csv', example('bookings'))).toMatchObject({ created: 0, updated: 0, unchanged: 7, rejected: 0 });
    expect({ bookings: bookings(), messages: env.store.read((tx) => tx.listMessages({})) }).toEqual(before);
  });

  it('lists every bad row by line and column, and writes nothing', () => {
    book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at: '2026-12-07 09:00' });
    const text = file(
      'a,zed,ana@example.com,intake,2026-12-08 10:00,', // 2 unknown staff
      'b,alice,nobody@example.com,intake,2026-12-08 10:00,', // 3 unknown client
      'c,alice,ben@example.com,intake,8 Dec 10:00,', // 4 not a date
      'd,alice,ben@example.com,intake,2026-12-07 09:30,', // 5 overlaps the booking above
      'e,alice,ben@example.com,intake,2026-12-08 07:00,', // 6 before working hours
      'f,alice,ben@example.com,intake,2026-12-09 10:00,completed', // 7 completed in the future
      'g,alice,ben@example.com,intake,2027-03-28 02:30,', // 8 does not exist in Paris (DST)
      'h,alice,ben@example.com,intake,2026-12-25 10:00,', // 9 a day off
      'i,bob,ben@example.com,coaching,2026-12-29 10:00,', // 10 bob's holiday block
      'j,alice,ben@example.com,intake,2026-12-10 10:00,maybe', // 11 not a status
      'ok,alice,ben@example.com,intake,2026-12-10 10:00,',
    );
    const before = bookings();
    const r = importCsv(env, 'bookings', 'b.csv', text);
    expect(r).toMatchObject({ created: 1, rejected: 10, written: false });
    expect(r.problems.map((p) => `${p.line} ${p.column}`)).toEqual(['2 staff', '3 client', '4 start', '5 start', '6 start', '7 status', '8 start', '9 start', '10 start', '11 status']);
    expect(r.problems[3]!.problem).toMatch(/^alice is already booked Mon 7 Dec 09:00-10:00 \(booking \d+\)( \(.*\))?$/);
    expect(r.problems[7]!.problem).toMatch(/outside alice's working hours \(Fri 25 Dec: none/);
    expect(r.problems[8]!.problem).toMatch(/^bob is away .*\(Winter holiday\) \(fix the row, or --force to import it anyway\)$/);
    expect(bookings()).toEqual(before);
  });

  it('lists every problem of a row at once: each bad cell of one rejected row', () => {
    const text = 'external_id,staff,client,service,start,status,format,rating\nz,zed,nobody@example.com,yoga,,maybe,zoom,9\ny,alice,ben@example.com,intake,2026-12-10 25:00,,,\n';
    const r = importCsv(env, 'bookings', 'b.csv', text);
    expect(r).toMatchObject({ created: 0, rejected: 2, written: false });
    expect(r.problems.map((p) => `${p.line} ${p.column}`)).toEqual(['2 staff', '2 client', '2 service', '2 start', '2 status', '2 format', '2 rating', '3 start']);
    expect(r.problems[3]!.problem).toBe('required (every booking names its staff member, client, service and start)');
  });

  it('checks rows against the rows above them: staff overlap, client elsewhere, a full group, a daily limit', () => {
    env.store.write((tx) => tx.updateStaff(tx.staffByHandle('bob')!.id, { maxPerDay: 1 }));
    env.store.write((tx) => tx.updateService(tx.serviceByCode('workshop')!.id, { capacity: 2 }));
    const r = importCsv(env, 'bookings', 'b.csv', file(
      'a,alice,ana@example.com,coaching,2026-12-08 09:00,',
      'b,alice,ben@example.com,coaching,2026-12-08 10:00,', // alice still busy until 10:30
      'c,bob,ana@example.com,coaching,2026-12-08 03:30,', // 09:30 in Paris: Ana is with alice
      'd,alice,ana@example.com,workshop,2026-12-10 14:00,',
      'e,alice,ben@example.com,workshop,2026-12-10 14:00,',
      'f,alice,chloe@example.com,workshop,2026-12-10 14:00,', // a third seat of two
      'g,bob,ben@example.com,coaching,2026-12-09 09:00,',
      'h,bob,chloe@example.com,coaching,2026-12-09 13:00,', // bob's second session that day
    ), { skipInvalid: true });
    expect(r).toMatchObject({ created: 4, rejected: 4, written: true });
    expect(r.problems.map((p) => [p.line, p.problem])).toEqual([
      [3, expect.stringMatching(/^alice is already booked Tue 8 Dec 09:00-10:30 \(line 2 of this file\)$/)],
      [4, expect.stringMatching(/^Ana Lima is already booked Tue 8 Dec 03:00-04:30 with alice \(line 2 of this file\)$/)],
      [7, 'the workshop session at Thu 10 Dec 14:00-16:00 is full (2 of 2 seats taken)'],
      [9, 'bob already has 1 session on Wed 9 Dec (at most 1 a day) (fix the row, or --force to import it anyway)'],
    ]);
    expect(bookings().map((b) => b.externalId)).toEqual(['a', 'g', 'd', 'e']);
  });

  it('--force books outside working hours and through limits, never over another session', () => {
    const text = file('a,alice,ana@example.com,intake,2026-12-08 07:00,', 'b,alice,ben@example.com,intake,2026-12-08 07:30,');
    const r = importCsv(env, 'bookings', 'b.csv', text, { force: true });
    expect(r.problems).toEqual([{ line: 3, column: 'start', problem: expect.stringMatching(/^alice is already booked Tue 8 Dec 07:00-08:00 \(line 2 of this file\)$/) }]);
    expect(importCsv(env, 'bookings', 'b.csv', file('a,alice,ana@example.com,intake,2026-12-08 07:00,'), { force: true })).toMatchObject({ created: 1, written: true });
    const [b] = bookings();
    expect(env.store.read((tx) => tx.events(b!.id))[0]!.text).toMatch(/^forced: .*outside alice's working hours/);
  });

  it('brings in the history of a staff member who has left, but new sessions with them only with --force', () => {
    env.store.write((tx) => tx.updateStaff(tx.staffByHandle('bob')!.id, { active: false }));
    const text = file('past,bob,ana@example.com,coaching,2026-11-24 09:00,completed', 'next,bob,ana@example.com,coaching,2026-12-08 09:00,');
    expect(importCsv(env, 'bookings', 'b.csv', text).problems).toEqual([{ line: 3, column: 'start', problem: 'bob is no longer active (fix the row, or --force to import it anyway)' }]);
    expect(importCsv(env, 'bookings', 'b.csv', file('past,bob,ana@example.com,coaching,2026-11-24 09:00,completed'))).toMatchObject({ created: 1, written: true });
    // An office moved whole keeps the sessions booked with someone who has since left: --force lets them in, and says so.
    expect(importCsv(env, 'bookings', 'b.csv', text, { force: true })).toMatchObject({ created: 1, unchanged: 1, written: true });
    const next = bookings().find((b) => b.externalId === 'next')!;
    expect(env.store.read((tx) => tx.events(next.id))[0]!.text).toBe('forced: bob is no longer active');
  });

  it('brings a session cancelled late back without its late mark, which said the cancellation was late', () => {
    const b = book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at: '2026-12-08 10:00' }).bookings[0]!;
    env.setNow('2026-12-08T06:00:00Z');
    expect(cancel(env, { id: b.id, reason: 'client ill' })[0]!.lateChange).toBe(true);
    importCsv(env, 'bookings', 'b.csv', 'staff,client,service,start,status\nalice,ana@example.com,intake,2026-12-08 10:00,confirmed\n');
    expect(bookings()[0]).toMatchObject({ id: b.id, status: 'confirmed', lateChange: false });
  });

  it('brings a cancelled session back without its reason for cancelling, and a no-show without a rating', () => {
    const b = book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at: '2026-12-08 10:00' }).bookings[0]!;
    cancel(env, { id: b.id, reason: 'client ill' });
    const back = importCsv(env, 'bookings', 'b.csv', 'staff,client,service,start,status\nalice,ana@example.com,intake,2026-12-08 10:00,confirmed\n');
    expect(back).toMatchObject({ updated: 1, written: true });
    expect(bookings()[0]).toMatchObject({ id: b.id, status: 'confirmed', cancelReason: null });
    env.setNow('2026-12-08T10:00:00Z');
    complete(env, b.id);
    rate(env, b.id, '4', 'clear');
    expect(importCsv(env, 'bookings', 'b.csv', 'staff,client,service,start,status\nalice,ana@example.com,intake,2026-12-08 10:00,no-show\n')).toMatchObject({ updated: 1 });
    expect(bookings()[0]).toMatchObject({ status: 'no_show', rating: null, feedback: null });
    const bad = importCsv(env, 'bookings', 'b.csv', 'staff,client,service,start,status,feedback\nalice,ana@example.com,intake,2026-12-08 10:00,no-show,great\n');
    expect(bad.problems).toEqual([{ line: 2, column: 'feedback', problem: 'only a completed session has feedback (leave the cell empty)' }]);
  });

  it('--dry-run checks everything and writes nothing; --skip-invalid keeps the good rows', () => {
    const text = file('a,alice,ana@example.com,intake,2026-12-08 10:00,', 'b,alice,ben@example.com,intake,2026-12-08 10:00,');
    expect(importCsv(env, 'bookings', 'b.csv', text, { dryRun: true, skipInvalid: true })).toMatchObject({ created: 1, rejected: 1, written: false });
    expect(bookings()).toEqual([]);
    expect(importCsv(env, 'bookings', 'b.csv', text, { skipInvalid: true })).toMatchObject({ created: 1, rejected: 1, written: true });
    expect(bookings().map((b) => b.externalId)).toEqual(['a']);
  });

  it('updates a booking by its external id: a new time is checked and moves its reminders; a later status is recorded', () => {
    importCsv(env, 'bookings', 'b.csv', file('a,alice,ana@example.com,intake,2026-12-08 10:00,confirmed'));
    const [b] = bookings();
    const moved = importCsv(env, 'bookings', 'b.csv', file('a,alice,ana@example.com,intake,2026-12-08 11:00,confirmed'));
    expect(moved).toMatchObject({ updated: 1, created: 0 });
    const after = env.store.read((tx) => tx.bookingById(b!.id))!;
    expect([after.startAt - b!.startAt, after.sequence]).toEqual([3_600_000, 1]);
    const reminders = env.store.read((tx) => tx.listMessages({ bookingId: b!.id }));
    expect(reminders.filter((m) => m.status === 'pending').every((m) => m.startAt === after.startAt)).toBe(true);
    expect(reminders.filter((m) => m.status === 'skipped').length).toBeGreaterThan(0);

    env.setNow('2026-12-09T08:00:00Z');
    expect(importCsv(env, 'bookings', 'b.csv', 'external_id,staff,client,service,start,status,rating\na,alice,ana@example.com,intake,2026-12-08 11:00,completed,4\n')).toMatchObject({ updated: 1 });
    expect(env.store.read((tx) => tx.bookingById(b!.id))).toMatchObject({ status: 'completed', rating: 4, sequence: 1 });
    expect(env.store.read((tx) => tx.events(b!.id)).map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ['imported', null, 'confirmed'], ['imported', 'confirmed', 'confirmed'], ['imported', 'confirmed', 'completed'],
    ]);
  });

  it('checks a row that gives a booking another client as a new booking would be: no client in two places; reminders go to the new one', () => {
    // Chloé sees bob at 09:00 New York (15:00 Paris); ana sees alice at 15:00 Paris.
    importCsv(env, 'bookings', 'b.csv', file('y3,bob,chloe@example.com,intake,2026-12-07 09:00,confirmed', 'y4,alice,ana@example.com,intake,2026-12-07 15:00,confirmed'));
    const moved = importCsv(env, 'bookings', 'b.csv', file('y4,alice,chloe@example.com,intake,2026-12-07 15:00,confirmed'));
    expect(moved.problems).toEqual([{ line: 2, column: 'start', problem: expect.stringMatching(/^Martin, Chloé is already booked Mon 7 Dec 15:00-16:00/) }]);
    expect(bookings().map((b) => b.clientId)).toEqual([3, 1]);
    // At 16:00 she is free: the booking becomes hers, a new version whose reminders are addressed to her.
    expect(importCsv(env, 'bookings', 'b.csv', file('y4,alice,chloe@example.com,intake,2026-12-07 16:00,confirmed'))).toMatchObject({ updated: 1, written: true });
    const y4 = bookings().find((b) => b.externalId === 'y4')!;
    const pending = env.store.read((tx) => tx.listMessages({ bookingId: y4.id, status: 'pending' }));
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((m) => m.recipient === 'chloe@example.com' && m.sequence === 1)).toBe(true);
  });

  it('keeps the withdrawn reason to sched withdraw: no import hides a cancellation from reports; export leaves withdrawn bookings out', () => {
    const r = importCsv(env, 'bookings', 'w.csv', 'external_id,staff,client,service,start,status,cancel_reason\nw1,alice,ana@example.com,intake,2026-12-08 10:00,cancelled,withdrawn: booked in error\n');
    expect(r).toMatchObject({ written: false, problems: [{ line: 2, column: 'cancel_reason', problem: '"withdrawn: booked in error" is kept for bookings withdrawn as made in error (give the reason in other words)' }] });
    const kept = book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at: '2026-12-08 14:00' }).bookings[0]!;
    const gone = book(env, { staff: 'alice', client: 'ben@example.com', service: 'intake', at: '2026-12-09 14:00' }).bookings[0]!;
    withdraw(env, gone.id, versionOf(gone));
    const text = exportCsv(env, 'bookings').text;
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(text).toContain('2026-12-08 14:00');
    expect(importCsv(env, 'bookings', 'back.csv', text)).toMatchObject({ unchanged: 1, rejected: 0 });
    expect(bookings().find((b) => b.id === kept.id)!.status).toBe('scheduled');
  });

  it('refuses a file that names one external id twice', () => {
    const r = importCsv(env, 'bookings', 'b.csv', file('x1,alice,ana@example.com,intake,2026-12-08 10:00,scheduled', 'x1,alice,chloe@example.com,intake,2026-12-15 10:00,scheduled'));
    expect(r).toMatchObject({ written: false, problems: [{ line: 3, column: 'external_id', problem: '"x1" is also on line 2: a file names each record once' }] });
    expect(bookings()).toEqual([]);
  });

  it('matches external ids as written: x1 and X1 are two records, in the file and in the database', () => {
    const r = importCsv(env, 'bookings', 'b.csv', file('x1,alice,ana@example.com,intake,2026-12-08 10:00,', 'X1,alice,ana@example.com,intake,2026-12-15 10:00,'));
    expect(r).toMatchObject({ created: 2, written: true });
    expect(importCsv(env, 'bookings', 'b.csv', file('X1,alice,ana@example.com,intake,2026-12-15 10:00,'))).toMatchObject({ unchanged: 1, created: 0 });
  });

  it('keeps a session cancelled and booked again at the same time as two bookings: importing the export here or elsewhere, again and again', () => {
    const first = book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at: '2026-12-08 10:00' }).bookings[0]!;
    cancel(env, { id: first.id, reason: 'ill' });
    book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at: '2026-12-08 10:00' });
    const out = exportCsv(env, 'bookings').text;
    expect(importCsv(env, 'bookings', 'out.csv', out)).toMatchObject({ unchanged: 2, created: 0, updated: 0 });
    const other = testEnv('2026-11-30T08:00:00Z');
    try {
      seed(other);
      expect(importCsv(other, 'bookings', 'out.csv', out)).toMatchObject({ created: 2, updated: 0, written: true });
      expect(importCsv(other, 'bookings', 'out.csv', out)).toMatchObject({ unchanged: 2, created: 0, updated: 0 });
      expect(bookings(other).map((b) => [b.status, b.cancelReason, b.sequence])).toEqual([['cancelled', 'ill', 0], ['scheduled', null, 0]]);
      expect(exportCsv(other, 'bookings').text).toBe(out);
    } finally {
      other.close();
    }
  });

  it('a session cancelled twice and booked a third time at the same time: importing the export again changes nothing, however often', () => {
    for (const reason of ['client ill', 'office closed']) {
      const b = book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at: '2026-12-08 10:00' }).bookings[0]!;
      cancel(env, { id: b.id, reason });
    }
    book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at: '2026-12-08 10:00' });
    const out = exportCsv(env, 'bookings').text;
    const before = bookings();
    for (let i = 0; i < 2; i++) expect(importCsv(env, 'bookings', 'out.csv', out)).toMatchObject({ unchanged: 3, updated: 0, created: 0 });
    expect(bookings()).toEqual(before);
    // Two rows for the session that holds the time, matching one already here: refused, whichever comes first.
    const twice = 'staff,client,service,start,notes\nalice,ana@example.com,intake,2026-12-08 10:00,\nalice,ana@example.com,intake,2026-12-08 10:00,second\n';
    expect(importCsv(env, 'bookings', 'b.csv', twice)).toMatchObject({ written: false, problems: [{ line: 3, column: 'start' }] });
  });

  it('refuses two rows for one session that holds its time (without external ids): which would win depends on their order', () => {
    const text = 'staff,client,service,start,notes\nalice,ana@example.com,intake,2026-12-08 10:00,first\nalice,ana@example.com,intake,2026-12-08 10:00,second\n';
    const r = importCsv(env, 'bookings', 'b.csv', text);
    expect(r).toMatchObject({ written: false, problems: [{ line: 3, column: 'start', problem: 'this session (staff, client and start) is also on line 2: a file names each record once (keep one of the rows)' }] });
    expect(bookings()).toEqual([]);
  });

  it('reports a start that is no date and time even when the row names no known staff member', () => {
    const r = importCsv(env, 'bookings', 'b.csv', file('x,zed,ana@example.com,intake,2026-13-01 09:00,'));
    expect(r.problems.map((p) => p.column)).toEqual(['staff', 'start']);
  });

  it('draws on an engagement and refuses to overdraw it unless --force', () => {
    const e = addEngagement(env, { client: 'ana@example.com', hours: '2' });
    const text = 'staff,client,service,start,engagement\n' + ['08', '09', '10'].map((d) => `alice,ana@example.com,intake,2026-12-${d} 10:00,${e.id}`).join('\n');
    const r = importCsv(env, 'bookings', 'b.csv', text);
    expect(r.problems).toEqual([{ line: 4, column: 'engagement', problem: expect.stringMatching(/has no time left of 2h; this session needs 1h \(add hours with a new engagement, or --force\)$/) }]);
    expect(importCsv(env, 'bookings', 'b.csv', text, { force: true })).toMatchObject({ created: 3, written: true });
  });

  it('exports bookings that import back unchanged, here and into another office', () => {
    importCsv(env, 'bookings', 'bookings.csv', example('bookings'));
    // A booking made here (no external id), with a note a spreadsheet would run as a formula.
    book(env, { staff: 'alice', client: 'ben@example.com', service: 'intake', at: '2026-12-09 10:00', notes: '=HYPERLINK("x")' });
    // And one whose note has a line break: quoted, so that any CSV reader keeps it one record.
    book(env, { staff: 'alice', client: 'ben@example.com', service: 'intake', at: '2026-12-09 13:30', notes: 'first line\nsecond line' });
    // A late cancellation (inside the 24 h notice) and a completed session's feedback travel too, so reports agree.
    const late = book(env, { staff: 'alice', client: 'ben@example.com', service: 'intake', at: '2026-11-30 15:00', force: true }).bookings[0]!;
    cancel(env, { id: late.id, reason: 'stuck in traffic' });
    rate(env, bookings().find((b) => b.externalId === 'crm-0990')!.id, '5', 'very clear, thank you');
    const out = exportCsv(env, 'bookings');
    expect(out.rows).toBe(10);
    expect(out.text.split('\r\n')[0]).toBe('external_id,staff,client,service,start,tz,status,format,notes,engagement,rating,feedback,cancel_reason,late,forced');
    expect(out.text).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(out.text).toContain(`,"first line\nsecond line",`);
    expect(importCsv(env, 'bookings', 'out.csv', out.text)).toMatchObject({ unchanged: 10, created: 0, updated: 0, rejected: 0 });

    const other = testEnv('2026-11-30T08:00:00Z');
    try {
      seed(other);
      expect(importCsv(other, 'bookings', 'out.csv', out.text)).toMatchObject({ created: 10, rejected: 0 });
      // The copy starts its own version count: a session cancelled here is at sequence 1, there at 0.
      const strip = (list: ReturnType<typeof bookings>) => list.map(({ id: _i, createdAt: _c, updatedAt: _u, sequence: _s, ...rest }) => rest);
      expect(strip(bookings(other))).toEqual(strip(bookings()));
    } finally {
      other.close();
    }
  });

  it('brings sessions booked here with --force (outside hours, past an engagement\'s hours) into another office as they are', () => {
    const e = addEngagement(env, { client: 'ana@example.com', hours: '1', name: 'Pack' });
    book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at: '2026-12-08 10:00', engagement: String(e.id) });
    book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at: '2026-12-09 10:00', engagement: String(e.id), force: true });
    book(env, { staff: 'alice', client: 'ben@example.com', service: 'intake', at: '2026-12-12 10:00', force: true }); // a Saturday
    // What people type says nothing of the rules: a note or a reason that reads "forced: ..." marks nothing.
    const noted = book(env, { staff: 'alice', client: 'chloe@example.com', service: 'intake', at: '2026-12-14 10:00' }).bookings[0]!;
    addNote(env, noted.id, 'forced: nothing, asked about parking');
    setNotes(env, noted.id, 'forced: to come early');
    const engagements = exportCsv(env, 'engagements').text;
    const out = exportCsv(env, 'bookings').text;
    expect(out.split('\r\n').slice(1, 5).map((l) => l.split(',').at(-1))).toEqual(['', 'true', 'true', '']);
    const other = testEnv('2026-11-30T08:00:00Z');
    try {
      seed(other, ['staff', 'clients', 'services', 'availability']);
      importCsv(other, 'engagements', 'e.csv', engagements);
      expect(importCsv(other, 'bookings', 'out.csv', out)).toMatchObject({ created: 4, rejected: 0, written: true });
      expect(exportCsv(other, 'bookings').text).toBe(out);
      // Without the mark, the rules apply as to any row.
      const unmarked = out.replace(/,true\r\n/g, ',\r\n');
      const third = testEnv('2026-11-30T08:00:00Z');
      try {
        seed(third, ['staff', 'clients', 'services', 'availability']);
        importCsv(third, 'engagements', 'e.csv', engagements);
        expect(importCsv(third, 'bookings', 'b.csv', unmarked).problems.map((p) => `${p.line} ${p.column}`)).toEqual(['3 engagement', '4 start']);
      } finally {
        third.close();
      }
    } finally {
      other.close();
    }
  });

  it('moves a whole office: engagements travel by name, and bookings find them in the other office', () => {
    importCsv(env, 'bookings', 'bookings.csv', example('bookings'));
    // A second engagement of Ana's, added here, with a booking that draws on it: its id here means nothing there.
    const more = addEngagement(env, { client: 'ana@example.com', hours: '1.25' });
    expect(more.name).toBe('1h15m for Ana Lima');
    book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at: '2026-12-08 10:00', engagement: String(more.id) });
    const files = Object.fromEntries(['staff', 'clients', 'services', 'engagements', 'bookings'].map((k) => [k, exportCsv(env, k).text]));
    expect(files.engagements).toBe('client,name,hours,until,status\r\nana@example.com,Skills assessment,24,2027-06-30,open\r\n'
      + 'ben@example.com,Coaching package,10,,open\r\nchloe@example.com,Pilot sessions,1.5,2026-10-31,closed\r\nana@example.com,1h15m for Ana Lima,1.25,,open\r\n');
    expect(files.bookings).toContain(',Coaching package,');
    expect(files.bookings).toContain(',1h15m for Ana Lima,');

    const other = testEnv('2026-11-30T08:00:00Z');
    try {
      // The other office made an engagement of its own first: the ids differ from here.
      seed(other, ['staff', 'clients', 'availability']);
      addEngagement(other, { client: 'ben@example.com', hours: '3', name: 'Earlier work' });
      for (const k of ['services', 'engagements', 'bookings']) expect(importCsv(other, k, `${k}.csv`, files[k]!)).toMatchObject({ rejected: 0, written: true });
      const drawn = (e: typeof env) => e.store.read((tx) => tx.listBookings({}).filter((b) => b.engagementId !== null)
        .map((b) => [b.externalId ?? new Date(b.startAt).toISOString(), tx.engagementById(b.engagementId!)!.name]));
      expect(drawn(other)).toEqual(drawn(env));
      expect(drawn(other)).toHaveLength(2);
      // And every file reads back into the other office unchanged.
      for (const k of ['staff', 'clients', 'services', 'engagements', 'bookings']) expect(exportCsv(other, k).text, k).toBe(k === 'engagements' ? `${files[k]!.replace('client,name,hours,until,status\r\n', 'client,name,hours,until,status\r\nben@example.com,Earlier work,3,,open\r\n')}` : files[k]);
    } finally {
      other.close();
    }
  });

  it('brings in sessions that drew on an engagement since closed: history as it stands, ones to come with --force', () => {
    importCsv(env, 'engagements', 'e.csv', 'client,name,hours,status\nana@example.com,Old pack,10,closed\n');
    const text = 'staff,client,service,start,status,engagement\nalice,ana@example.com,intake,2026-11-23 10:00,completed,Old pack\nalice,ana@example.com,intake,2026-12-08 10:00,confirmed,Old pack\n';
    const r = importCsv(env, 'bookings', 'b.csv', text);
    expect(r.problems.map((p) => `${p.line} ${p.column}: ${p.problem}`)).toEqual([expect.stringMatching(/^3 engagement: engagement \d+ \(Old pack\) is closed/)]);
    expect(importCsv(env, 'bookings', 'b.csv', text, { force: true })).toMatchObject({ created: 2, written: true });
    const upcoming = bookings().find((b) => b.status === 'confirmed')!;
    expect(env.store.read((tx) => tx.events(upcoming.id))[0]!.text).toMatch(/^forced: engagement \d+ \(Old pack\) is closed$/);
  });

  it('reads an engagement id of this database in older files, and names a missing engagement', () => {
    const e = addEngagement(env, { client: 'ana@example.com', hours: '5' });
    const r = importCsv(env, 'bookings', 'b.csv', `staff,client,service,start,engagement\nalice,ana@example.com,intake,2026-12-08 10:00,${e.id}\nalice,ben@example.com,intake,2026-12-09 10:00,Skills assessment\n`);
    expect(r.problems).toEqual([{ line: 3, column: 'engagement', problem: 'Ben "Benny" Okafor has no engagement named "Skills assessment" (import the engagements first (sched import engagements FILE), or see sched engagement list --client ben@example.com)' }]);
    expect(importCsv(env, 'bookings', 'b.csv', `staff,client,service,start,engagement\nalice,ana@example.com,intake,2026-12-08 10:00,${e.id}\n`)).toMatchObject({ created: 1 });
    expect(bookings()[0]!.engagementId).toBe(e.id);
  });

  it('--from and --to choose the dates exported, by the date a session starts', () => {
    importCsv(env, 'bookings', 'bookings.csv', example('bookings'));
    const december = exportCsv(env, 'bookings', { from: '2026-12-01', to: '2026-12-02' });
    expect(december.text.split('\r\n').filter(Boolean).map((l) => l.split(',')[0])).toEqual(['external_id', 'crm-1001', 'crm-1002', 'crm-1003']);
    // A session from 23:30 on the 3rd to 00:30 on the 4th is in the 3rd's export only.
    importCsv(env, 'bookings', 'b.csv', 'external_id,staff,client,service,start\nnight,alice,ana@example.com,intake,2026-12-03 23:30\n', { force: true });
    const ids = (from: string) => exportCsv(env, 'bookings', { from, to: from, tz: 'Europe/Paris' }).text.split('\r\n').map((l) => l.split(',')[0]);
    expect(ids('2026-12-03')).toContain('night');
    expect(ids('2026-12-04')).not.toContain('night');
  });

  it('writes a start that happens twice (DST fall-back) with its offset, so it reads back as the same instant', () => {
    // 01:30 on 1 Nov 2026 happens twice in New York; the second one is 06:30 UTC.
    env.store.write((tx) => tx.insertRule(tx.staffByHandle('bob')!.id, { kind: 'weekly', weekday: 7, startMin: 0, endMin: 1440, validFrom: null, validUntil: null }));
    env.setNow('2026-10-01T00:00:00Z');
    importCsv(env, 'bookings', 'b.csv', file('late,bob,ana@example.com,coaching,2026-11-01T01:30-05:00,'));
    const line = exportCsv(env, 'bookings').text.split('\r\n')[1]!;
    expect(line).toContain(',2026-11-01T01:30:00-05:00,America/New_York,');
    expect(importCsv(env, 'bookings', 'b.csv', exportCsv(env, 'bookings').text)).toMatchObject({ unchanged: 1 });
  });
});

describe('import availability', () => {
  const weekly = (handle: string) => env.store.read((tx) => tx.weeklyHours(tx.staffByHandle(handle)!.id)).map((w) => `${w.weekday} ${w.startMin}-${w.endMin}`);

  it('imports the example file; again changes nothing; an edited file replaces what it covers', () => {
    expect(weekly('alice')).toHaveLength(10);
    expect(importCsv(env, 'availability', 'a.csv', example('availability'))).toMatchObject({ created: 0, unchanged: 6, removed: 0 });
    const edited = 'staff,kind,days,from,to\nalice,weekly,mon-fri,10:00,16:00\n';
    expect(importCsv(env, 'availability', 'a.csv', edited)).toMatchObject({ created: 1, removed: 10 });
    expect(weekly('alice')).toEqual([1, 2, 3, 4, 5].map((d) => `${d} 600-960`));
    expect(weekly('bob')).toHaveLength(4); // not in the file: untouched
    const dates = env.store.read((tx) => tx.overrides(tx.staffByHandle('alice')!.id, '2026-12-01', '2026-12-31'));
    expect(dates.map((o) => [o.date, o.off])).toEqual([['2026-12-24', false], ['2026-12-25', true]]);
  });

  it('refuses a window stated twice (a repeated row, or days that overlap another row of the same hours), which would add it twice', () => {
    const text = 'staff,kind,days,date,from,to\nalice,weekly,mon-fri,,09:00,12:30\nalice,weekly,wed,,09:00,12:30\nalice,date,,2026-12-24,09:00,12:00\nalice,date,,2026-12-24,09:00,12:00\nbob,weekly,mon-fri,,09:00,12:30\n';
    const r = importCsv(env, 'availability', 'a.csv', text);
    expect(r.problems).toEqual([
      { line: 3, column: 'days', problem: 'wed 09:00-12:30 is also on line 2: a file states each window once (keep one of the rows)' },
      { line: 5, column: 'date', problem: '2026-12-24 09:00-12:00 is also on line 4: a file states each window once (keep one of the rows)' },
    ]);
    expect(importCsv(env, 'availability', 'a.csv', text, { skipInvalid: true })).toMatchObject({ rejected: 2, written: true });
    expect(importCsv(env, 'availability', 'a.csv', 'staff,kind,days,from,to\nalice,weekly,mon-fri,09:00,12:30\n')).toMatchObject({ unchanged: 1 });
    expect(weekly('alice')).toEqual([1, 2, 3, 4, 5].map((d) => `${d} 540-750`));
  });

  it('reports bad rows by line and column; with --skip-invalid a staff member with a rejected row keeps their hours', () => {
    const text = [
      'staff,kind,days,date,from,to,reason',
      'alice,weekly,mon-fri,,10:00,16:00,',
      'alice,weekly,funday,,10:00,16:00,', // 3
      'bob,weekly,mon,,17:00,09:00,', // 4
      'bob,date,,2026-13-01,09:00,12:00,', // 5
      'bob,sometimes,,,,,', // 6
      'carl,block,,,2026-12-01,2026-12-02,', // 7
      'bob,block,,,2026-12-10,2026-12-09,', // 8
      'bob,off,,2026-12-31,09:00,,', // 9
    ].join('\n');
    const r = importCsv(env, 'availability', 'a.csv', text, { skipInvalid: true });
    expect(r.problems.map((p) => `${p.line} ${p.column}`)).toEqual(['2 staff', '3 days', '4 to', '5 date', '6 kind', '7 staff', '8 to', '9 from']);
    // Her hours are taken whole or not at all: line 2, added beside the 10 windows she keeps, would overlap them.
    expect(r.problems[0]!.problem).toBe("not imported: line 3 of alice was rejected, and a staff member's hours are imported whole (fix line 3 and import the file again)");
    expect(r).toMatchObject({ created: 0, rejected: 8, removed: 0, written: true });
    expect(weekly('alice')).toEqual([1, 2, 3, 4, 5].flatMap((d) => [`${d} 540-750`, `${d} 810-1020`]));
  });

  it('with --skip-invalid, a row of a staff member rejected for its kind, or a rejected date, keeps their weekly hours too', () => {
    for (const bad of ['alice,weekyl,mon-fri,,13:30,17:00', 'alice,date,,2026-02-30,09:00,12:00']) {
      const text = `staff,kind,days,date,from,to\nalice,weekly,mon-fri,,09:00,12:30\n${bad}\n`;
      expect(importCsv(env, 'availability', 'a.csv', text, { skipInvalid: true }), bad).toMatchObject({ unchanged: 1, rejected: 1, removed: 0 });
      expect(weekly('alice'), bad).toHaveLength(10);
    }
  });

  it('reads a whole day where the clocks skip midnight (Santiago) from the end of the gap, typed or imported', async () => {
    const { addStaff } = await import('../../src/core/staff');
    const { addBlock } = await import('../../src/core/availability-rules');
    addStaff(env, 'san', { name: 'San', email: 'san@office.example', tz: 'America/Santiago' });
    // 6 September 2026 begins at 01:00 (UTC-3) in Santiago: midnight does not happen.
    const day = addBlock(env, 'san', { from: '2026-09-06', to: '2026-09-06' });
    expect([day.startAt, day.endAt].map((t) => new Date(t).toISOString())).toEqual(['2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z']);
    expect(importCsv(env, 'availability', 'a.csv', 'staff,kind,from,to\nsan,block,2026-09-04,2026-09-05\n')).toMatchObject({ created: 1, rejected: 0 });
    const blocks = env.store.read((tx) => tx.blocks(tx.staffByHandle('san')!.id, 0, Date.parse('2027-01-01T00:00:00Z')));
    expect(blocks.map((b) => new Date(b.endAt).toISOString())).toEqual(['2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z']);
    // And the export writes them as the whole days they are, so that they read back the same.
    const text = exportCsv(env, 'availability').text;
    expect(text).toContain('san,block,,,2026-09-04,2026-09-05,,,,');
    expect(text).toContain('san,block,,,2026-09-06,2026-09-06,,,,');
    expect(importCsv(env, 'availability', 'a.csv', text)).toMatchObject({ created: 0, removed: 0, rejected: 0 });
  });

  it('lists every problem of an availability row at once', () => {
    const r = importCsv(env, 'availability', 'a.csv', 'staff,kind,days,date,from,to,valid_from,until,reason\nalice,weekly,funday,2026-12-01,9am,25:00,someday,,\nalice,block,mon,,,2026-12-32,,,\n');
    expect(r.problems.map((p) => `${p.line} ${p.column}`)).toEqual(['2 date', '2 days', '2 from', '2 valid_from', '3 days', '3 from', '3 to']);
    expect(r).toMatchObject({ rejected: 2, written: false });
  });

  it('--dry-run writes nothing', () => {
    const before = weekly('alice');
    expect(importCsv(env, 'availability', 'a.csv', 'staff,kind,days,from,to\nalice,weekly,sat,10:00,12:00\n', { dryRun: true })).toMatchObject({ created: 1, removed: 10, written: false });
    expect(weekly('alice')).toEqual(before);
  });
});
