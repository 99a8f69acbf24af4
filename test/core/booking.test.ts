// Booking, series, reschedule and the life cycle through the core, on a real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setOverride, setWeeklyHours, addBlock } from '../../src/core/availability-rules';
import { book, reschedule } from '../../src/core/booking';
import { addClient } from '../../src/core/clients';
import { cancel, complete, confirm, noShow, rate, addNote, setNotes, versionOf } from '../../src/core/lifecycle';
import { addService, editService } from '../../src/core/services';
import { setSetting } from '../../src/core/settings';
import { addStaff, removeStaff } from '../../src/core/staff';
import { bookingJson, listBookings, viewBookings } from '../../src/core/agenda';
import { addEngagement } from '../../src/core/engagements';
import { refused, testEnv } from '../helpers';

type TestEnv = ReturnType<typeof testEnv>;
let env: TestEnv;

function office(e: TestEnv) {
  addStaff(e, 'alice', { name: 'Alice', email: 'alice@office.example', tz: 'Europe/Paris' });
  addStaff(e, 'bob', { name: 'Bob', email: 'bob@office.example', tz: 'America/New_York' });
  setWeeklyHours(e, 'alice', { days: 'mon-fri', from: '09:00', to: '17:00' }, true);
  setWeeklyHours(e, 'bob', { days: 'mon-fri', from: '09:00', to: '17:00' }, true);
  addService(e, 'intake', { name: 'Intake', duration: '60' });
  addClient(e, { name: 'Ana Lima', email: 'ana@example.com' });
  addClient(e, { name: 'Ben Okafor', email: 'ben@example.com' });
}

const counts = (e: TestEnv) => e.store.read((tx) => ({ bookings: tx.listBookings({}).length }));

beforeEach(() => {
  env = testEnv('2026-11-30T08:00:00Z'); // Monday 09:00 Paris
  office(env);
});
afterEach(() => env.close());

describe('book', () => {
  it('books a free slot, reading the wall time in the staff zone', () => {
    const { bookings: [b] } = book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at: '2026-12-01 10:00' });
    expect(new Date(b!.startAt).toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(b!.status).toBe('scheduled');
    const events = env.store.read((tx) => tx.events(b!.id));
    expect(events.map((e) => e.kind)).toEqual(['booked']);
  });

  it('suggests the first start after what is in the way, as well as the grid', () => {
    // The issue's own example: booked 14:00-15:00 with 15 minutes after it, the next free start is 15:15.
    addService(env, 'talk', { name: 'Talk', duration: '60', bufferAfter: '15' });
    book(env, { staff: 'alice', client: '1', service: 'talk', at: '2026-12-01 14:00' });
    const e = refused(() => book(env, { staff: 'alice', client: '2', service: 'talk', at: '2026-12-01 14:30' }));
    expect(e.message).toMatch(/^alice is already booked Tue 1 Dec 14:00-15:00 \(booking 1\)[^;]*; next free: Tue 1 Dec 15:15, Tue 1 Dec 16:00, Wed 2 Dec 09:00$/);
    expect(book(env, { staff: 'alice', client: '2', service: 'talk', at: '2026-12-01 15:15' }).bookings).toHaveLength(1);
    // The client elsewhere: Ana is with alice until 15:00, so carol (hours from 09:30) can see her from then.
    addStaff(env, 'carol', { name: 'Carol', email: 'carol@office.example', tz: 'Europe/Paris' });
    setWeeklyHours(env, 'carol', { days: 'mon-fri', from: '09:30', to: '17:00' }, true);
    const c = refused(() => book(env, { staff: 'carol', client: '1', service: 'intake', at: '2026-12-01 14:30' }));
    expect(c.message).toMatch(/^Ana Lima is already booked .*; next free: Tue 1 Dec 15:00, Tue 1 Dec 15:30, Wed 2 Dec 09:30$/);
  });

  it('with --staff any, names who each reason is for, says a shared reason once, and points before the horizon', () => {
    editService(env, 'intake', { horizon: '10d' });
    // 14 Dec 15:00 Paris: past the horizon for both; for bob (New York) 09:00, inside his hours, so the same reason.
    const both = refused(() => book(env, { staff: 'any', client: '1', service: 'intake', at: '2026-12-14T15:00:00+01:00' }));
    // (Shown in the office zone, UTC here: alice and bob share none.)
    expect([both.message, both.hint]).toEqual(['no staff member is free then (alice, bob: intake can be booked at most 10d ahead (until Thu 10 Dec 08:00))', 'choose a time before then']);
    // Past the horizon for alice, outside his hours for bob: free time can only come before the horizon.
    const mixed = refused(() => book(env, { staff: 'any', client: '1', service: 'intake', at: '2026-12-14T08:00:00+01:00' }));
    expect(mixed.message).toMatch(/; choose a time before Thu 10 Dec 08:00$/);
    // A reason that does not name its staff member is given with their handle.
    book(env, { staff: 'alice', client: '2', service: 'intake', at: '2026-12-01 16:00' });
    const busy = refused(() => book(env, { staff: 'any', client: '2', service: 'intake', at: '2026-12-01T16:00:00+01:00' }));
    expect(busy.message).toMatch(/^no staff member is free then \(alice is already booked Tue 1 Dec 15:00-16:00 \(booking 1\); bob: Ben Okafor is already booked Tue 1 Dec 15:00-16:00 with alice \(booking 1\)\); next free/);
  });

  it('names a staff member whose handle is part of a word of the reason ("ed" in "booked")', () => {
    addStaff(env, 'ed', { name: 'Ed', email: 'ed@office.example', tz: 'Europe/Paris' });
    setWeeklyHours(env, 'ed', { days: 'mon-fri', from: '09:00', to: '17:00' }, true);
    removeStaff(env, 'bob');
    book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 10:00' });
    const e = refused(() => book(env, { staff: 'any', client: '1', service: 'intake', at: '2026-12-01 10:00' }));
    expect(e.message).toMatch(/^no staff member is free then \(alice is already booked [^;]*; ed: Ana Lima is already booked .* with alice \(booking 1\)\); next free/);
  });

  it('says how to reactivate a staff member no longer active when one of their sessions is moved', () => {
    const { bookings: [b] } = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 10:00' });
    removeStaff(env, 'alice');
    const e = refused(() => reschedule(env, { id: String(b!.id), at: '2026-12-02 10:00' }));
    expect([e.exitCode, e.message, e.hint]).toEqual([3, 'alice is no longer active', 'reactivate with sched staff edit alice --active true, or cancel and book with another staff member']);
  });

  it('never double-books the staff member nor the client, and suggests free times', () => {
    book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 10:00' });
    const e = refused(() => book(env, { staff: 'alice', client: '2', service: 'intake', at: '2026-12-01 10:30' }));
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/^alice is already booked Tue 1 Dec 10:00-11:00 \(booking 1\); next free: Tue 1 Dec 11:00, Tue 1 Dec 12:00, Tue 1 Dec 13:00$/);
    // Ana is with alice at 10:00 Paris = 04:00 New York; bob cannot see her then.
    const c = refused(() => book(env, { staff: 'bob', client: 'ana@example.com', service: 'intake', at: '2026-12-01T10:00:00+01:00', force: true }));
    expect(c.message).toMatch(/^Ana Lima is already booked Tue 1 Dec 04:00-05:00 with alice \(booking 1\)/);
    expect(counts(env).bookings).toBe(1);
  });

  it('reads --tz when given, and an ISO instant as it is', () => {
    const { bookings: [b] } = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 04:00', tz: 'America/New_York' });
    expect(new Date(b!.startAt).toISOString()).toBe('2026-12-01T09:00:00.000Z');
    const { bookings: [c] } = book(env, { staff: 'alice', client: '2', service: 'intake', at: '2026-12-02T11:00:00+01:00' });
    expect(new Date(c!.startAt).toISOString()).toBe('2026-12-02T10:00:00.000Z');
    // What a command prints names --tz as the time zone database spells it, typed in any case.
    expect(bookingJson(viewBookings(env, [c!], 'asia/TOKYO')[0]!)).toMatchObject({ start: '2026-12-02T19:00:00+09:00', timezone: 'Asia/Tokyo' });
    // Refused in another zone: each time of the line says its zone (14:30 Tokyo is 06:30 in Paris).
    expect(refused(() => book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-03 14:30', tz: 'Asia/Tokyo' })).message).toBe(
      "Thu 3 Dec 14:30-15:30 Asia/Tokyo is outside alice's working hours (Thu 3 Dec: 09:00-17:00, Europe/Paris); next free (Asia/Tokyo): Thu 3 Dec 17:00, Thu 3 Dec 18:00, Thu 3 Dec 19:00",
    );
  });

  it('--force books outside hours but still refuses an overlap', () => {
    const { bookings: [b] } = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 19:00', force: true });
    expect(env.store.read((tx) => tx.events(b!.id))[0]!.text).toMatch(/^forced: .*outside alice's working hours/);
    expect(refused(() => book(env, { staff: 'alice', client: '2', service: 'intake', at: '2026-12-01 19:30', force: true })).kind).toBe('not_bookable');
  });

  it('starts bookings confirmed when the office says so', () => {
    setSetting(env, 'auto-confirm', 'true');
    expect(book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 10:00' }).bookings[0]!.status).toBe('confirmed');
  });

  it('books "any": the free staff member with the fewest sessions that week', () => {
    setSetting(env, 'default_tz', 'UTC');
    book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 09:00' });
    // 15:00 UTC: alice (16:00 Paris) and bob (10:00 New York) both work; bob has fewer sessions.
    const { bookings: [b] } = book(env, { staff: 'any', client: '2', service: 'intake', at: '2026-12-02 15:00' });
    expect(b!.staffId).toBe(2);
    // 09:00 UTC: only alice works (bob's 04:00).
    const { bookings: [c] } = book(env, { staff: 'any', client: '2', service: 'intake', at: '2026-12-03 09:00' });
    expect(c!.staffId).toBe(1);
  });

  it('keeps a series booked with "any" with one staff member: the one free on the most dates', () => {
    setSetting(env, 'default_tz', 'UTC');
    // 15:00 UTC on Wednesdays: both work. Bob has fewer sessions, but is taken on 16 Dec; alice is free every week.
    book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-02 09:00' });
    book(env, { staff: 'bob', client: '1', service: 'intake', at: '2026-12-16 10:00', tz: 'America/New_York' });
    const series = book(env, { staff: 'any', client: '2', service: 'intake', at: '2026-12-02 15:00', repeat: 'weekly', count: '3' });
    expect(series.bookings.map((b) => b.staffId)).toEqual([1, 1, 1]);
    // When nobody can take every date, the one free most often takes the rest, and the others are listed.
    env.store.write((tx) => tx.updateStaff(1, { active: false }));
    addClient(env, { name: 'Cy Dube', email: 'cy@example.com' });
    // Bob is the only one left: without --tz, "any" would read times in his zone, as it does for the zone all share.
    const e = refused(() => book(env, { staff: 'any', client: '3', service: 'intake', at: '2026-12-09 15:00', repeat: 'weekly', count: '2', tz: 'UTC' }));
    expect(e.message).toMatch(/^1 of 2 dates is not bookable: Wed 16 Dec 15:00 \(bob is already booked/);
    expect(e.hint).toBe('nothing was booked; --skip-conflicts books the other date');
    const rest = book(env, { staff: 'any', client: '3', service: 'intake', at: '2026-12-09 15:00', repeat: 'weekly', count: '2', skipConflicts: true, tz: 'UTC' });
    expect(rest.bookings.map((b) => b.staffId)).toEqual([2]);
    // Every date refused: nothing for --skip-conflicts to book either.
    const none = refused(() => book(env, { staff: 'bob', client: '3', service: 'intake', at: '2026-12-09 15:00', repeat: 'weekly', count: '2', tz: 'UTC' }));
    expect([none.message.slice(0, 32), none.hint]).toEqual(['2 of 2 dates are not bookable: W', 'nothing was booked']);
  });

  it('reads "any" wall times in the zone all staff share, else the office zone', () => {
    setSetting(env, 'default_tz', 'UTC');
    env.store.write((tx) => tx.updateStaff(2, { tz: 'Europe/Paris' }));
    // Both work in Paris: 10:00 is 10:00 Paris, whoever takes it.
    const { bookings: [b] } = book(env, { staff: 'any', client: '1', service: 'intake', at: '2026-12-03 10:00' });
    expect(new Date(b!.startAt).toISOString()).toBe('2026-12-03T09:00:00.000Z');
    // Zones that differ: the office's.
    env.store.write((tx) => tx.updateStaff(2, { tz: 'America/New_York' }));
    const { bookings: [c] } = book(env, { staff: 'any', client: '2', service: 'intake', at: '2026-12-03 10:00' });
    expect(new Date(c!.startAt).toISOString()).toBe('2026-12-03T10:00:00.000Z');
  });

  it('refuses date hours the clocks skip whole (spring forward), and takes hours that only begin in the gap', () => {
    const e = refused(() => setOverride(env, 'alice', { date: '2027-03-28', from: ['02:00'], to: ['02:45'] }));
    expect(`${e.message} (${e.hint})`).toBe('--from: 02:00-02:45 on 2027-03-28 does not exist in Europe/Paris (the clocks skip it that night) (give hours outside the skipped hour)');
    expect(env.store.read((tx) => tx.overrides(1, '2027-03-28', '2027-03-28'))).toEqual([]);
    setOverride(env, 'alice', { date: '2027-03-28', from: ['02:30'], to: ['05:00'] }); // from 03:00, when the day goes on
  });

  it('past the horizon says until when, without looking for free time after it', () => {
    addService(env, 'short', { name: 'Short', duration: '30', horizon: '10d' });
    const e = refused(() => book(env, { staff: 'alice', client: '1', service: 'short', at: '2027-01-12 09:00', force: true }));
    expect([e.kind, `${e.message} (${e.hint})`]).toEqual(['not_bookable', 'short can be booked at most 10d ahead (until Thu 10 Dec 09:00) (choose a time before then)']);
  });

  it('moving a session back (the TUI\'s undo) takes it past an engagement\'s end it was forced past', () => {
    const e = addEngagement(env, { client: '1', hours: '2', until: '2026-12-03' });
    const [b] = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-04 10:00', engagement: String(e.id), force: true }).bookings;
    const moved = reschedule(env, { id: b!.id, at: '2026-12-03 10:00' });
    expect(refused(() => reschedule(env, { id: b!.id, at: '2026-12-04 10:00' })).message).toMatch(/ends 2026-12-03/);
    const back = reschedule(env, { id: b!.id, at: new Date(b!.startAt).toISOString(), expect: versionOf(moved), moveBack: true });
    expect(back.startAt).toBe(b!.startAt);
  });

  it('counts the daily limit and refuses with exit code 3', () => {
    env.store.write((tx) => tx.updateStaff(1, { maxPerDay: 1 }));
    book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 09:00' });
    const e = refused(() => book(env, { staff: 'alice', client: '2', service: 'intake', at: '2026-12-01 14:00' }));
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/at most 1 a day/);
  });
});

describe('series', () => {
  it('books a weekly series in one go, at the same wall time across DST', () => {
    env.setNow('2026-10-01T08:00:00Z');
    const r = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-10-20 10:00', repeat: 'weekly', count: '3' });
    expect(r.bookings.map((b) => new Date(b.startAt).toISOString())).toEqual(['2026-10-20T08:00:00.000Z', '2026-10-27T09:00:00.000Z', '2026-11-03T09:00:00.000Z']);
    expect(new Set(r.bookings.map((b) => b.seriesId)).size).toBe(1);
  });

  it('refuses the whole series when a date is not bookable, listing it', () => {
    addBlock(env, 'alice', { from: '2026-12-15', to: '2026-12-15', reason: 'training' });
    const e = refused(() => book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 10:00', repeat: 'weekly', count: '4' }));
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/^1 of 4 dates is not bookable: Tue 15 Dec 10:00 \(alice is away .*\(training\)\)/);
    expect(counts(env).bookings).toBe(0);
  });

  it('--skip-conflicts books the others and reports what it skipped; cancel --series cancels this and following', () => {
    addBlock(env, 'alice', { from: '2026-12-15', to: '2026-12-15' });
    const r = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 10:00', repeat: 'biweekly', count: '3', skipConflicts: true });
    expect(r.bookings).toHaveLength(2);
    expect(r.skipped.map((s) => s.label)).toEqual(['Tue 15 Dec 10:00']);
    const done = cancel(env, { id: r.bookings[0]!.id, series: true, reason: 'stopped' });
    expect(done.map((b) => b.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('cancel --series cancels the sessions that remain after this one, by their times as they are now', () => {
    const [first, second, third] = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 10:00', repeat: 'weekly', count: '3' }).bookings;
    reschedule(env, { id: third!.id, at: '2026-12-02 10:00' }); // the third session now comes before the second (8 Dec)
    reschedule(env, { id: first!.id, at: '2026-12-30 10:00' }); // and the first after all of them
    const done = cancel(env, { id: second!.id, series: true });
    expect(done.map((b) => b.id)).toEqual([second!.id, first!.id]);
    expect(env.store.read((tx) => tx.bookingById(third!.id))!.status).toBe('scheduled');
  });

  it('cancel --series leaves a later session that was moved into the past: it took place, or did not', () => {
    const [, second, third] = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 10:00', repeat: 'weekly', count: '3' }).bookings;
    reschedule(env, { id: third!.id, at: '2026-11-30 14:00', force: true }); // today, later than now
    env.setNow('2026-11-30T15:00:00Z'); // 16:00 Paris: the moved session is over
    expect(cancel(env, { id: second!.id, series: true }).map((b) => b.id)).toEqual([second!.id]);
    expect(env.store.read((tx) => tx.bookingById(third!.id))!.status).toBe('scheduled');
  });
});

describe('reschedule', () => {
  it('keeps the id, applies every rule ignoring itself, counts the sequence and keeps history', () => {
    const { bookings: [b] } = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 10:00' });
    const moved = reschedule(env, { id: b!.id, at: '2026-12-01 10:30' }); // overlaps its old self only
    expect(moved.id).toBe(b!.id);
    expect(moved.sequence).toBe(1);
    const ev = env.store.read((tx) => tx.events(b!.id)).at(-1)!;
    expect(ev.kind).toBe('rescheduled');
    expect(new Date(ev.oldStartAt!).toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(new Date(ev.newStartAt!).toISOString()).toBe('2026-12-01T09:30:00.000Z');
    book(env, { staff: 'alice', client: '2', service: 'intake', at: '2026-12-01 14:00' });
    expect(refused(() => reschedule(env, { id: b!.id, at: '2026-12-01 14:30' })).exitCode).toBe(3);
  });

  it('records a late reschedule inside the cancellation notice', () => {
    const { bookings: [b] } = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-11-30 15:00' });
    expect(reschedule(env, { id: b!.id, at: '2026-12-02 15:00' }).lateChange).toBe(true);
  });
});

describe('life cycle', () => {
  it('goes scheduled -> confirmed -> completed, only once started, and corrects to no-show with an audit', () => {
    const { bookings: [b] } = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 10:00' });
    expect(refused(() => complete(env, b!.id)).message).toMatch(/still scheduled: confirm it/);
    confirm(env, b!.id);
    expect(refused(() => complete(env, b!.id)).message).toMatch(/has not started yet/);
    env.setNow('2026-12-01T09:10:00Z');
    expect(complete(env, b!.id, 'went well').status).toBe('completed');
    expect(refused(() => cancel(env, { id: b!.id })).exitCode).toBe(1);
    expect(refused(() => reschedule(env, { id: b!.id, at: '2026-12-02 10:00' })).kind).toBe('illegal');
    expect(noShow(env, b!.id).status).toBe('no_show');
    const audit = (env.store as unknown as { sqlite: import('better-sqlite3').Database }).sqlite
      .prepare("select action, actor from audit_log where entity = 'booking' and entity_id = ? order by id").all(String(b!.id));
    expect(audit).toEqual(['booking.create', 'booking.confirmed', 'booking.completed', 'booking.corrected'].map((action) => ({ action, actor: 'tester' })));
    const kinds = env.store.read((tx) => tx.events(b!.id).map((e) => e.kind));
    expect(kinds).toEqual(['booked', 'confirmed', 'completed', 'corrected']);
    expect(refused(() => rate(env, b!.id, '5')).message).toMatch(/only a completed session can be rated/);
    complete(env, b!.id);
    expect(rate(env, b!.id, '4', 'clear and kind').rating).toBe(4);
    expect(refused(() => rate(env, b!.id, '6')).message).toMatch(/--rating: "6" is not a whole number from 1 to 5/);
    // Corrected to a no-show, the session has no rating (an export of it would not import); the history keeps it.
    expect(noShow(env, b!.id)).toMatchObject({ status: 'no_show', rating: null, feedback: null });
    expect(env.store.read((tx) => tx.events(b!.id)).at(-1)).toMatchObject({ kind: 'corrected', text: 'rating withdrawn (it was 4/5: clear and kind)' });
  });

  it('cancels with a reason, late inside the notice, and raises the sequence', () => {
    const { bookings: [b] } = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 10:00' });
    const [c] = cancel(env, { id: b!.id, reason: 'ill' });
    // 25 hours ahead of the session, outside the default 24h notice: not late.
    expect(c).toMatchObject({ status: 'cancelled', cancelReason: 'ill', lateChange: false, sequence: 1 });
    const { bookings: [soon] } = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-11-30 15:00' });
    expect(cancel(env, { id: soon!.id })[0]!.lateChange).toBe(true);
    expect(refused(() => cancel(env, { id: soon!.id })).message).toMatch(/is cancelled: it cannot be cancelled/);
  });

  it('counts a cancellation as late by its own moment, not by a late move before it', () => {
    const { bookings: [b] } = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-11-30 15:00' });
    expect(reschedule(env, { id: b!.id, at: '2026-12-04 15:00' }).lateChange).toBe(true);
    // Days before the new time: an ordinary cancellation, which reports do not count as late.
    expect(cancel(env, { id: b!.id })[0]!.lateChange).toBe(false);
    expect(env.store.read((tx) => tx.events(b!.id)).map((e) => [e.kind, e.text])).toEqual([
      ['booked', null], ['rescheduled', 'late: inside the cancellation notice'], ['cancelled', null],
    ]);
  });

  it('adds notes to the history', () => {
    const { bookings: [b] } = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 10:00' });
    addNote(env, b!.id, 'prefers video\nif possible');
    expect(env.store.read((tx) => tx.events(b!.id)).at(-1)!.text).toBe('prefers video\nif possible');
  });

  it('replaces the session notes, keeping the old text in the history; refuses when they changed meanwhile', () => {
    const { bookings: [b] } = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-01 10:00', notes: 'bring the form' });
    expect(setNotes(env, b!.id, 'bring the signed form', { notes: 'bring the form' }).notes).toBe('bring the signed form');
    expect(env.store.read((tx) => tx.events(b!.id)).at(-1)).toMatchObject({ kind: 'notes', text: 'notes replaced; they were: bring the form' });
    // Another terminal changed them after this editor read them: nothing is overwritten.
    const stale = refused(() => setNotes(env, b!.id, 'mine', { notes: 'bring the form' }));
    expect(stale.message).toBe(`the notes of booking ${b!.id} were changed elsewhere meanwhile`);
    expect(env.store.read((tx) => tx.bookingById(b!.id))!.notes).toBe('bring the signed form');
    expect(setNotes(env, b!.id, '  ').notes).toBeNull();
    const none = refused(() => setNotes(env, b!.id, ''));
    expect([none.message, none.hint]).toEqual([`booking ${b!.id} has no notes to clear`, 'nothing to change']);
    expect(refused(() => setNotes(env, b!.id, 'a\u0007b')).hint).toBe('keep to plain text: letters, punctuation, spaces and line breaks');
  });
});

describe('list', () => {
  it('lists everyone\'s sessions on the dates they show, each in its staff member\'s zone', () => {
    // The office zone is UTC; 00:30 on 2 Dec in Paris is still 1 Dec in UTC, 21:00 on 1 Dec in New York already 2 Dec.
    const paris = book(env, { staff: 'alice', client: '1', service: 'intake', at: '2026-12-02 00:30', force: true }).bookings[0]!;
    const ny = book(env, { staff: 'bob', client: '2', service: 'intake', at: '2026-12-01 21:00', force: true }).bookings[0]!;
    const ids = (req: Parameters<typeof listBookings>[1]) => listBookings(env, req).views.map((v) => v.booking.id);
    expect(ids({ from: '2026-12-01', to: '2026-12-01' })).toEqual([ny.id]);
    expect(ids({ from: '2026-12-02', to: '2026-12-02' })).toEqual([paris.id]);
    // With --tz, the dates are read in that zone for everyone.
    expect(ids({ from: '2026-12-01', to: '2026-12-01', tz: 'UTC' })).toEqual([paris.id]);
    // (a session across midnight belongs to both days)
    expect(ids({ from: '2026-12-02', to: '2026-12-02', tz: 'UTC' })).toEqual([paris.id, ny.id]);
    // Each day once, in date order: New York's evening of the 1st comes before Paris's night of the 2nd, though later in UTC.
    expect(ids({ from: '2026-12-01', to: '2026-12-02' })).toEqual([ny.id, paris.id]);
  });
});
