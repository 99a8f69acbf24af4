// Engagement hours across book, complete, cancel, reschedule and no-show, on a real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setWeeklyHours } from '../../src/core/availability-rules';
import { book, reschedule } from '../../src/core/booking';
import { addClient } from '../../src/core/clients';
import { addEngagement, closeEngagement, listEngagements, showEngagement } from '../../src/core/engagements';
import { cancel, complete, confirm, noShow } from '../../src/core/lifecycle';
import { addService } from '../../src/core/services';
import { setSetting } from '../../src/core/settings';
import { addStaff } from '../../src/core/staff';
import { importCsv } from '../../src/core/import/run';
import { refused, testEnv } from '../helpers';

let env: ReturnType<typeof testEnv>;

beforeEach(() => {
  env = testEnv('2026-11-30T08:00:00Z');
  addStaff(env, 'alice', { name: 'Alice', email: 'alice@office.example', tz: 'Europe/Paris' });
  setWeeklyHours(env, 'alice', { days: 'mon-fri', from: '09:00', to: '18:00' }, true);
  addService(env, 'coaching', { name: 'Coaching', duration: '90' });
  addService(env, 'short', { name: 'Check-in', duration: '30' });
  addClient(env, { name: 'Ana', email: 'ana@example.com', tz: 'Europe/Paris' });
  addClient(env, { name: 'Ben', email: 'ben@example.com' });
});
afterEach(() => env.close());

const hoursOf = (id: number) => {
  const u = listEngagements(env).find((v) => v.engagement.id === id)!.usage;
  return { booked: u.bookedMin / 60, completed: u.deliveredMin / 60, remaining: u.remainingMin / 60 };
};
const bookOn = (engagement: number, at: string, service = 'coaching', extra: Record<string, unknown> = {}) =>
  book(env, { staff: 'alice', client: 'ana@example.com', service, at, engagement: String(engagement), ...extra }).bookings;

describe('engagements', () => {
  it('counts booked, completed and remaining hours through book, complete, cancel and reschedule', () => {
    const e = addEngagement(env, { client: 'ana@example.com', hours: '6', name: 'Skills assessment' });
    const [a] = bookOn(e.id, '2026-12-01 09:00');
    const [b] = bookOn(e.id, '2026-12-02 09:00');
    expect(hoursOf(e.id)).toEqual({ booked: 3, completed: 0, remaining: 3 });
    confirm(env, a!.id);
    env.setNow('2026-12-01T10:00:00Z');
    complete(env, a!.id);
    expect(hoursOf(e.id)).toEqual({ booked: 1.5, completed: 1.5, remaining: 3 });
    cancel(env, { id: b!.id });
    expect(hoursOf(e.id)).toEqual({ booked: 0, completed: 1.5, remaining: 4.5 });
    const [c] = bookOn(e.id, '2026-12-03 09:00');
    reschedule(env, { id: c!.id, at: '2026-12-04 09:00' });
    expect(hoursOf(e.id)).toEqual({ booked: 1.5, completed: 1.5, remaining: 3 });
    expect(showEngagement(env, String(e.id)).sessions.map((s) => s.id)).toEqual([a!.id, b!.id, c!.id]);
  });

  it('refuses with exit code 3 a booking past the hours, unless --force (which the history records)', () => {
    const e = addEngagement(env, { client: 'ana@example.com', hours: '2' });
    const [first] = bookOn(e.id, '2026-12-01 09:00');
    const r = refused(() => bookOn(e.id, '2026-12-02 09:00'));
    expect(r.exitCode).toBe(3);
    expect(r.message).toBe(`engagement ${e.id} (2h for Ana) has 30m left of 2h; this session needs 1h30m`);
    expect(env.store.read((tx) => tx.listBookings({}).length)).toBe(1);
    const [ok] = bookOn(e.id, '2026-12-02 09:00', 'short');
    expect(ok).toBeDefined();
    const [forced] = bookOn(e.id, '2026-12-03 09:00', 'coaching', { force: true });
    expect(hoursOf(e.id).remaining).toBe(-1.5);
    expect(env.store.read((tx) => tx.events(forced!.id))[0]!.text).toMatch(/^forced: engagement \d+ .* has no time left/);
    // Overdrawn by the forced one, the budget still lets a session it already holds move: moving draws nothing new.
    expect(reschedule(env, { id: first!.id, at: '2026-12-04 09:00' }).startAt).toBe(Date.parse('2026-12-04T08:00:00Z'));
    expect(hoursOf(e.id).remaining).toBe(-1.5);
  });

  it('a series cannot overdraw: the dates past the hours are refused, and with --skip-conflicts left out', () => {
    const e = addEngagement(env, { client: 'ana@example.com', hours: '4.5' });
    const all = refused(() => bookOn(e.id, '2026-12-01 09:00', 'coaching', { repeat: 'weekly', count: '4' }));
    expect(all.exitCode).toBe(3);
    expect(all.message).toMatch(/^1 of 4 dates is not bookable: Tue 22 Dec 09:00 \(engagement \d+ .* has no time left of 4h30m/);
    const made = book(env, { staff: 'alice', client: 'ana@example.com', service: 'coaching', at: '2026-12-01 09:00', engagement: String(e.id), repeat: 'weekly', count: '4', skipConflicts: true });
    expect(made.bookings).toHaveLength(3);
    expect(hoursOf(e.id).remaining).toBe(0);
  });

  it('refuses a session after the end date; rescheduling past it too', () => {
    const e = addEngagement(env, { client: 'ana@example.com', hours: '10', until: '2026-12-02' });
    const [a] = bookOn(e.id, '2026-12-02 16:00');
    const late = refused(() => bookOn(e.id, '2026-12-03 09:00'));
    expect(late.exitCode).toBe(3);
    expect(late.message).toMatch(/ends 2026-12-02; this session is on 2026-12-03$/);
    expect(refused(() => reschedule(env, { id: a!.id, at: '2026-12-03 16:00' })).exitCode).toBe(3);
    expect(reschedule(env, { id: a!.id, at: '2026-12-03 16:00', force: true }).startAt).toBe(Date.parse('2026-12-03T15:00:00Z'));
  });

  it('names both rules when a session is past the end date and over the hours; --force records both', () => {
    const e = addEngagement(env, { client: 'ana@example.com', hours: '1', until: '2026-12-02' });
    const both = `engagement ${e.id} (1h for Ana) ends 2026-12-02; this session is on 2026-12-03, and has 1h left of 1h; this session needs 1h30m`;
    expect(refused(() => bookOn(e.id, '2026-12-03 09:00')).message).toBe(both);
    const [made] = bookOn(e.id, '2026-12-03 09:00', 'coaching', { force: true });
    expect(env.store.read((tx) => tx.events(made!.id))[0]!.text).toBe(`forced: ${both}`);
  });

  it('counts a no-show as the office setting says', () => {
    const e = addEngagement(env, { client: 'ana@example.com', hours: '3' });
    const [a] = bookOn(e.id, '2026-12-01 09:00');
    confirm(env, a!.id);
    env.setNow('2026-12-01T09:00:00Z');
    noShow(env, a!.id);
    expect(hoursOf(e.id)).toEqual({ booked: 0, completed: 1.5, remaining: 1.5 });
    setSetting(env, 'no_show_counts', 'false');
    expect(hoursOf(e.id)).toEqual({ booked: 0, completed: 0, remaining: 3 });
  });

  it("refuses another client's engagement and a closed one (exit 1); closing keeps the sessions", () => {
    const e = addEngagement(env, { client: 'ana@example.com', hours: '10' });
    const other = refused(() => book(env, { staff: 'alice', client: 'ben@example.com', service: 'short', at: '2026-12-01 09:00', engagement: String(e.id) }));
    expect([other.exitCode, other.message]).toEqual([1, `--engagement ${e.id} belongs to another client`]);
    bookOn(e.id, '2026-12-01 09:00');
    closeEngagement(env, String(e.id));
    const closed = refused(() => bookOn(e.id, '2026-12-02 09:00'));
    expect(closed.exitCode).toBe(1);
    expect(closed.message).toMatch(/is closed$/);
    expect(showEngagement(env, String(e.id)).sessions).toHaveLength(1);
    expect(refused(() => addEngagement(env, { client: 'ana@example.com', hours: 'ten' })).message).toBe('--hours: "ten" is not a number of hours');
  });
});

describe('engagement names', () => {
  it('tells a client\'s engagements apart by name: a second default name is numbered, a repeated --name refused', () => {
    expect(addEngagement(env, { client: 'ana@example.com', hours: '10' }).name).toBe('10h for Ana');
    expect(addEngagement(env, { client: 'ana@example.com', hours: '10' }).name).toBe('10h for Ana (2)');
    expect(addEngagement(env, { client: 'ben@example.com', hours: '10' }).name).toBe('10h for Ben');
    addEngagement(env, { client: 'ana@example.com', hours: '4', name: 'Assessment' });
    const e = refused(() => addEngagement(env, { client: 'ana@example.com', hours: '4', name: 'Assessment' }));
    expect([e.exitCode, e.message]).toEqual([1, 'sched: --name: Ana already has an engagement named "Assessment"'.replace('sched: ', '')]);
    expect(listEngagements(env)).toHaveLength(4);
    // A default name stays within what --name and an import accept.
    const long = addClient(env, { name: 'N'.repeat(100), email: 'long@example.com' });
    expect(addEngagement(env, { client: String(long.id), hours: '2' }).name).toBe(`2h for ${'N'.repeat(93)}`);
    expect(addEngagement(env, { client: String(long.id), hours: '2' }).name).toBe(`2h for ${'N'.repeat(89)} (2)`);
  });
});

describe('import engagements', () => {
  const file = (...rows: string[]) => ['client,name,hours,until,status', ...rows].join('\n');
  const all = () => listEngagements(env).map((v) => ({ client: v.client.email, name: v.engagement.name, min: v.engagement.budgetMin, until: v.engagement.until, status: v.engagement.status, closed: v.engagement.closedAt !== null }));

  it('creates by client and name, updates what differs, and changes nothing the second time', () => {
    const text = file('ana@example.com,Skills assessment,24,2027-06-30,open', 'ben@example.com,Pilot,0.3333,,closed');
    expect(importCsv(env, 'engagements', 'e.csv', text)).toMatchObject({ created: 2, rejected: 0, written: true });
    expect(all()).toEqual([
      { client: 'ana@example.com', name: 'Skills assessment', min: 1440, until: '2027-06-30', status: 'open', closed: false },
      { client: 'ben@example.com', name: 'Pilot', min: 20, until: null, status: 'closed', closed: true },
    ]);
    expect(importCsv(env, 'engagements', 'e.csv', text)).toMatchObject({ unchanged: 2 });
    // More hours, no end date any more, and reopened; a column left out changes nothing.
    expect(importCsv(env, 'engagements', 'e.csv', file('ana@example.com,Skills assessment,30,,open', 'ben@example.com,Pilot,,,open'))).toMatchObject({ updated: 2 });
    expect(all()).toEqual([
      { client: 'ana@example.com', name: 'Skills assessment', min: 1800, until: null, status: 'open', closed: false },
      { client: 'ben@example.com', name: 'Pilot', min: 20, until: null, status: 'open', closed: false },
    ]);
    expect(importCsv(env, 'engagements', 'e.csv', 'client,name,status\nana@example.com,Skills assessment,closed\n')).toMatchObject({ updated: 1 });
    expect(all()[0]).toMatchObject({ min: 1800, status: 'closed', closed: true });
  });

  it('refuses hours or an end date that would leave sessions it holds overdrawn, unless --force', () => {
    importCsv(env, 'engagements', 'e.csv', file('ana@example.com,Pack,4,,open'));
    const id = listEngagements(env)[0]!.engagement.id;
    bookOn(id, '2026-12-01 09:00');
    bookOn(id, '2026-12-08 09:00');
    const lower = importCsv(env, 'engagements', 'e.csv', file('ana@example.com,Pack,2,,open'));
    expect(lower.problems.map((p) => `${p.column}: ${p.problem}`)).toEqual(['hours: Ana\'s "Pack" already has 3h booked or delivered (give at least that many hours, or --force to import it overdrawn)']);
    const early = importCsv(env, 'engagements', 'e.csv', file('ana@example.com,Pack,4,2026-12-05,open'));
    expect(early.problems[0]!.problem).toMatch(/^Ana's "Pack" has a session on 2026-12-08 \(booking \d+\), after 2026-12-05/);
    expect(all()[0]).toMatchObject({ min: 240, until: null });
    expect(importCsv(env, 'engagements', 'e.csv', file('ana@example.com,Pack,2,2026-12-05,open'), { force: true })).toMatchObject({ updated: 1, written: true });
    expect(all()[0]).toMatchObject({ min: 120, until: '2026-12-05' });
  });

  it('lists every problem by line and column, and writes nothing', () => {
    const r = importCsv(env, 'engagements', 'e.csv', file(
      'ana@example.com,A,,,', // 2: no hours for a new one
      'nobody@example.com,B,5,,', // 3
      'ana@example.com,,five,2027-02-30,paused', // 4
      'ana@example.com,C,5,,',
      'ana@example.com,C,6,,', // 6: the same engagement again
    ));
    expect(r.problems.map((p) => `${p.line} ${p.column}: ${p.problem}`)).toEqual([
      '2 hours: required for a new engagement',
      '3 client: no client "nobody@example.com" (refer to a client by id or email; find them with sched client list --search NAME)',
      '4 name: required (a client\'s engagements are told apart by name)',
      '4 hours: "five" is not a number of hours (e.g. 24 or 1.5)',
      expect.stringMatching(/^4 until: /),
      '4 status: "paused" is not open or closed',
      '6 name: Ana\'s engagement "C" is already on line 5 (name each engagement once in a file)',
    ]);
    expect(r.written).toBe(false);
    expect(listEngagements(env)).toEqual([]);
  });
});
