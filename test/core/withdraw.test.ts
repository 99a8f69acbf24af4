// Withdrawing a booking made in error (sched tui's undo), and moves that only happen on an unchanged booking:
// through the core, on a real SQLite file.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setWeeklyHours } from '../../src/core/availability-rules';
import { book, reschedule } from '../../src/core/booking';
import { addClient } from '../../src/core/clients';
import { addNote, cancel, canChange, complete, confirm, versionOf, withdraw, WITHDRAWN_REASON } from '../../src/core/lifecycle';
import { buildReport } from '../../src/core/report';
import { addService } from '../../src/core/services';
import { addStaff } from '../../src/core/staff';
import { STATUSES, type Booking } from '../../src/core/types';
import { refused, testEnv } from '../helpers';

type TestEnv = ReturnType<typeof testEnv>;
let env: TestEnv;

beforeEach(() => {
  env = testEnv('2026-11-30T08:00:00Z'); // Monday 09:00 Paris
  addStaff(env, 'alice', { name: 'Alice', email: 'alice@office.example', tz: 'Europe/Paris' });
  setWeeklyHours(env, 'alice', { days: 'mon-fri', from: '09:00', to: '17:00' }, true);
  addService(env, 'intake', { name: 'Intake', duration: '60' });
  addClient(env, { name: 'Ana Lima', email: 'ana@example.com' });
  addClient(env, { name: 'Ben Okafor', email: 'ben@example.com' });
});
afterEach(() => env.close());

/** Today 14:00, five hours ahead: well inside the 24 h cancellation notice. */
const bookSoon = (client = '1', at = '2026-11-30 14:00') => book(env, { staff: 'alice', client, service: 'intake', at }).bookings[0]!;
const current = (id: number) => env.store.read((tx) => tx.bookingById(id)!);
const messages = (id: number) => env.store.read((tx) => tx.listMessages({ bookingId: id })).map((m) => `${m.kind}:${m.recipientRole}:${m.status}`).sort();
const events = (id: number) => env.store.read((tx) => tx.events(id)).map((e) => e.kind);
const audit = (id: number) => {
  const db = new Database(env.store.path, { readonly: true });
  try {
    return (db.prepare("select action from audit_log where entity = 'booking' and entity_id = ? order by id").all(String(id)) as Array<{ action: string }>).map((r) => r.action);
  } finally {
    db.close();
  }
};
const markSent = (id: number, kind: string) =>
  env.store.write((tx) => {
    for (const m of tx.listMessages({ bookingId: id })) if (m.kind === kind) tx.updateMessage(m.id, { status: 'sent', sentAt: env.now() });
  });
const snapshot = () => env.store.read((tx) => ({ bookings: tx.listBookings({}), messages: tx.listMessages({}), events: tx.listBookings({}).map((b) => tx.events(b.id)) }));

describe('withdraw', () => {
  it('cancels a booking made in error as never made: not late, its messages skipped, nothing new sent', () => {
    const b = bookSoon();
    expect(messages(b.id)).toEqual(['confirmation:client:pending', 'confirmation:staff:pending', 'reminder:client:pending']);
    const { booking, told } = withdraw(env, b.id, versionOf(b));
    expect(told).toBe(false);
    expect(booking).toMatchObject({ status: 'cancelled', cancelReason: WITHDRAWN_REASON, lateChange: false, sequence: b.sequence + 1 });
    expect(current(b.id)).toEqual(booking);
    expect(events(b.id)).toEqual(['booked', 'withdrawn']);
    expect(audit(b.id)).toEqual(['booking.create', 'booking.withdrawn']);
    // Neither the confirmation nor a cancellation goes out: the client never hears of it.
    expect(messages(b.id)).toEqual(['confirmation:client:skipped', 'confirmation:staff:skipped', 'reminder:client:skipped']);
  });

  it('where cancel would count a late cancellation (and, the confirmation not having gone, tell nobody)', () => {
    const b = bookSoon();
    const [c] = cancel(env, { id: b.id, reason: 'oops' });
    expect(c!.lateChange).toBe(true);
    expect(messages(b.id)).not.toContain('cancellation:client:pending');
    expect(messages(b.id)).toContain('confirmation:client:skipped');
  });

  it('tells client and staff of the cancellation when the confirmation had already gone out', () => {
    const b = bookSoon();
    markSent(b.id, 'confirmation');
    const { told } = withdraw(env, b.id, versionOf(b));
    expect(told).toBe(true);
    expect(messages(b.id)).toEqual([
      'cancellation:client:pending', 'cancellation:staff:pending', 'confirmation:client:sent', 'confirmation:staff:sent', 'reminder:client:skipped',
    ]);
  });

  it('counts a confirmation leased to a sender (perhaps on the wire) as sent', () => {
    const b = bookSoon();
    env.store.write((tx) => {
      const m = tx.listMessages({ bookingId: b.id }).find((x) => x.kind === 'confirmation' && x.recipientRole === 'client')!;
      tx.updateMessage(m.id, { claimedBy: 'daemon-1', leaseUntil: env.now() + 60_000 });
    });
    expect(withdraw(env, b.id, versionOf(b)).told).toBe(true);
    expect(messages(b.id)).toContain('cancellation:client:pending');
  });

  it('counts a confirmation tried once (it may have arrived: the try timed out) as told, as cancel does', () => {
    const b = bookSoon();
    env.store.write((tx) => {
      const m = tx.listMessages({ bookingId: b.id }).find((x) => x.kind === 'confirmation' && x.recipientRole === 'client')!;
      tx.updateMessage(m.id, { attempts: 1, lastError: 'timed out waiting for the answer' });
    });
    expect(withdraw(env, b.id, versionOf(b)).told).toBe(true);
    expect(messages(b.id)).toContain('cancellation:client:pending');
  });

  it('refuses, in one line, a booking changed since it was seen, and changes nothing', () => {
    const b = bookSoon();
    // Confirmed elsewhere within the same millisecond: sequence and updatedAt are unchanged, the status is not.
    confirm(env, b.id);
    let before = snapshot();
    let e = refused(() => withdraw(env, b.id, versionOf(b)));
    expect(e.kind).toBe('illegal');
    expect(e.message).toBe(`booking ${b.id} was changed since it was booked (now confirmed, Mon 30 Nov 14:00): left as it is`);
    expect(e.message).not.toContain('\n');
    expect(snapshot()).toEqual(before);

    // A note added a minute later moves updatedAt.
    const seen = versionOf(current(b.id));
    env.setNow('2026-11-30T08:01:00Z');
    addNote(env, b.id, 'bring the form');
    before = snapshot();
    expect(refused(() => withdraw(env, b.id, seen)).kind).toBe('illegal');
    expect(snapshot()).toEqual(before);

    // A move raises the sequence.
    const seen2 = versionOf(current(b.id));
    reschedule(env, { id: b.id, at: '2026-12-01 12:00' });
    expect(refused(() => withdraw(env, b.id, { sequence: seen2.sequence, updatedAt: seen2.updatedAt })).message).toMatch(/was changed since/);
  });

  it('refuses a session that is over or cancelled', () => {
    const b = bookSoon('1', '2026-11-30 10:00');
    confirm(env, b.id);
    env.setNow('2026-11-30T10:00:00Z');
    complete(env, b.id);
    const done = current(b.id);
    expect(refused(() => withdraw(env, b.id, versionOf(done))).message).toBe(`booking ${b.id} is completed: it can no longer be withdrawn`);
  });

  it('its reason cannot be given to an ordinary cancellation, which would then vanish from reports', () => {
    const b = bookSoon();
    const e = refused(() => cancel(env, { id: b.id, reason: WITHDRAWN_REASON }));
    expect(e.kind).toBe('invalid');
    expect(e.message).toBe('--reason: "withdrawn: booked in error" is kept for bookings withdrawn as made in error');
    expect(current(b.id).status).toBe('scheduled');
  });

  it('is not counted by reports: neither booked nor cancelled', () => {
    const kept = bookSoon('1');
    const gone = bookSoon('2', '2026-11-30 16:00');
    withdraw(env, gone.id, versionOf(gone));
    const r = buildReport(env, { from: '2026-11-30', to: '2026-11-30', staff: 'alice' });
    expect(r.total).toMatchObject({ booked: 1, cancelled: 0, lateCancelled: 0, cancellationRate: 0, bookedHours: 1 });
    // A real cancellation of the other one is counted, late.
    cancel(env, { id: kept.id });
    const r2 = buildReport(env, { from: '2026-11-30', to: '2026-11-30', staff: 'alice' });
    expect(r2.total).toMatchObject({ booked: 1, cancelled: 1, lateCancelled: 1, cancellationRate: 1 });
  });

  it('brings no row of its own into a report: a staff member who has left shows up only for real sessions', () => {
    addStaff(env, 'bob', { name: 'Bob', email: 'bob@office.example', tz: 'Europe/Paris' });
    setWeeklyHours(env, 'bob', { days: 'mon-fri', from: '09:00', to: '17:00' }, true);
    const b = book(env, { staff: 'bob', client: '1', service: 'intake', at: '2026-11-30 14:00' }).bookings[0]!;
    withdraw(env, b.id, versionOf(b));
    env.store.write((tx) => tx.updateStaff(tx.staffByHandle('bob')!.id, { active: false }));
    expect(buildReport(env, { from: '2026-11-30', to: '2026-11-30', by: 'staff' }).rows.map((r) => r.group)).toEqual(['alice']);
  });
});

describe('canChange', () => {
  it('is the one rule of which sessions can still be moved or cancelled', () => {
    expect(STATUSES.filter(canChange)).toEqual(['scheduled', 'confirmed']);
  });
});

describe('reschedule with expect', () => {
  it('moves only a booking that is unchanged since it was seen', () => {
    const b = bookSoon();
    const moved: Booking = reschedule(env, { id: b.id, at: '2026-12-01 12:00', expect: versionOf(b) });
    expect(new Date(moved.startAt).toISOString()).toBe('2026-12-01T11:00:00.000Z');
    confirm(env, b.id);
    const before = snapshot();
    const e = refused(() => reschedule(env, { id: b.id, at: '2026-11-30 14:00', expect: versionOf(moved) }));
    expect(e.kind).toBe('illegal');
    expect(e.message).toBe(`booking ${b.id} was changed since it was last seen (now confirmed, Tue 1 Dec 12:00): left as it is`);
    expect(snapshot()).toEqual(before);
    // Without expect, the move is the ordinary command's.
    expect(reschedule(env, { id: b.id, at: '2026-11-30 14:00' }).startAt).toBe(b.startAt);
  });
});
