// sched report through the core, on a real SQLite file: figures, rates, groups and utilisation, checked against
// numbers worked out by hand on a small office (two staff in two zones, a block, overrides, a DST week).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBlock, setOverride, setWeeklyHours } from '../../src/core/availability-rules';
import { book } from '../../src/core/booking';
import { addClient } from '../../src/core/clients';
import { cancel, complete, confirm, noShow, rate } from '../../src/core/lifecycle';
import { availableIntervals, buildReport, figures, overlapMs, reportJson, subtractIntervals, type ReportRow } from '../../src/core/report';
import { addService } from '../../src/core/services';
import { setSetting } from '../../src/core/settings';
import { addStaff } from '../../src/core/staff';
import type { Booking, WeeklyHours } from '../../src/core/types';
import { refused, testEnv } from '../helpers';

type TestEnv = ReturnType<typeof testEnv>;
let env: TestEnv;
const HOUR = 3_600_000;
const RANGE = { from: '2026-10-19', to: '2026-11-01' }; // two ISO weeks; Paris leaves summer time on Sun 25 Oct


/** The figures that matter, rounded as a person would check them. */
const view = (r: ReportRow) => ({
  group: r.group, booked: r.booked, completed: r.completed, noShow: r.noShow, cancelled: r.cancelled, lateCancelled: r.lateCancelled,
  completionRate: r.completionRate === null ? null : +r.completionRate.toFixed(4),
  noShowRate: r.noShowRate === null ? null : +r.noShowRate.toFixed(4),
  cancellationRate: r.cancellationRate === null ? null : +r.cancellationRate.toFixed(4),
  hoursDelivered: +r.hoursDelivered.toFixed(4),
  bookedHours: +r.bookedHours.toFixed(4),
  availableHours: +r.availableHours.toFixed(4),
  utilisation: r.utilisation === null ? null : +r.utilisation.toFixed(4),
  averageRating: r.averageRating,
});

const id = (b: Booking[]) => b[0]!.id;

beforeAll(() => {
  env = testEnv('2026-10-01T08:00:00Z');
  setSetting(env, 'default_tz', 'Europe/Paris');
  addStaff(env, 'alice', { name: 'Alice', email: 'alice@office.example', tz: 'Europe/Paris' });
  addStaff(env, 'bob', { name: 'Bob', email: 'bob@office.example', tz: 'America/New_York' });
  // alice: 8 h on weekdays; Wed 21 Oct 13:00-15:00 blocked (-2 h); Fri 30 Oct only 09:00-12:00 (-5 h);
  // Sun 25 Oct 00:00-04:00 by override: 5 real hours, since 02:00-03:00 happens twice that night.
  setWeeklyHours(env, 'alice', { days: 'mon-fri', from: '09:00', to: '17:00' }, true);
  addBlock(env, 'alice', { from: '2026-10-21 13:00', to: '2026-10-21 15:00', reason: 'dentist' });
  setOverride(env, 'alice', { date: '2026-10-30', from: ['09:00'], to: ['12:00'] });
  setOverride(env, 'alice', { date: '2026-10-25', from: ['00:00'], to: ['04:00'] });
  // bob: 4 h Mon-Thu in New York; Thu 22 Oct off; Fridays 10:00-12:00 only on Fri 30 Oct (a validity period).
  setWeeklyHours(env, 'bob', { days: 'mon-thu', from: '10:00', to: '14:00' }, true);
  setOverride(env, 'bob', { date: '2026-10-22', off: true });
  setWeeklyHours(env, 'bob', { days: 'fri', from: '10:00', to: '12:00', validFrom: '2026-10-30', until: '2026-10-30' }, false);
  addService(env, 'intake', { name: 'Intake', duration: '60' });
  addService(env, 'workshop', { name: 'Workshop', duration: '90', capacity: '3' });
  addService(env, 'unused', { name: 'Never booked', duration: '30' });
  for (const [name, email] of [['Ana', 'ana@example.com'], ['Ben', 'ben@example.com'], ['Cleo', 'cleo@example.com']]) addClient(env, { name: name!, email: email! });

  const b = (staff: string, client: string, service: string, at: string, force = false) => book(env, { staff, client, service, at, force }).bookings;
  // Outside the range: before it (one starting Sunday 23:30, the night before the range, ending inside it) and after it.
  confirm(env, id(b('alice', '1', 'intake', '2026-10-16 10:00')));
  b('alice', '2', 'intake', '2026-10-18 23:30', true);
  b('bob', '2', 'intake', '2026-11-02 10:00');
  // alice, week of 19 Oct
  const a1 = id(b('alice', '1', 'intake', '2026-10-19 10:00'));
  const a2 = id(b('alice', '2', 'intake', '2026-10-20 10:00'));
  const a3 = id(b('alice', '1', 'intake', '2026-10-21 10:00'));
  const a4 = id(b('alice', '2', 'intake', '2026-10-22 10:00'));
  // alice, week of 26 Oct
  const a5 = id(b('alice', '1', 'intake', '2026-10-26 10:00'));
  const group = ['1', '2', '3'].map((c) => id(b('alice', c, 'workshop', '2026-10-27 09:00')));
  b('alice', '3', 'intake', '2026-10-29 10:00'); // stays scheduled
  // bob (New York times)
  const b1 = id(b('bob', '3', 'intake', '2026-10-19 10:00'));
  const b2 = id(b('bob', '1', 'workshop', '2026-10-27 10:00'));

  for (const x of [a1, a2, a3, a5, ...group, b1, b2]) confirm(env, x);
  cancel(env, { id: a4, reason: 'moved away' }); // weeks ahead: not late
  env.setNow('2026-10-26T08:00:00Z'); // 09:00 Paris, an hour before a5
  expect(cancel(env, { id: a5 })[0]!.lateChange).toBe(true);
  env.setNow('2026-10-28T00:00:00Z');
  for (const x of [a1, a2, ...group, b1]) complete(env, x);
  noShow(env, a3);
  noShow(env, b2);
  rate(env, a1, '5');
  rate(env, a2, '3');
  rate(env, group[1]!, '4');
});
afterAll(() => env.close());

const ALICE = {
  group: 'alice', booked: 9, completed: 5, noShow: 1, cancelled: 2, lateCancelled: 1,
  completionRate: 0.8333, noShowRate: 0.1667, cancellationRate: 0.2222,
  hoursDelivered: 3.5, // 1 + 1 + the 1.5 h workshop once (three clients, one session)
  bookedHours: 5.5, // a1 a2 a3 a7 (1 h each) + the workshop
  availableHours: 78, // 10 x 8 - 2 (block) - 5 (Friday override) + 5 (Sunday override across the DST change)
  utilisation: 0.0705, averageRating: 4,
};
const BOB = {
  group: 'bob', booked: 2, completed: 1, noShow: 1, cancelled: 0, lateCancelled: 0,
  completionRate: 0.5, noShowRate: 0.5, cancellationRate: 0, hoursDelivered: 1, bookedHours: 2.5,
  availableHours: 30, // 7 days x 4 h (22 Oct off) + 2 h on Fri 30 Oct
  utilisation: 0.0833, averageRating: null,
};
const TOTAL = {
  group: '(total)', booked: 11, completed: 6, noShow: 2, cancelled: 2, lateCancelled: 1,
  completionRate: 0.75, noShowRate: 0.25, cancellationRate: 0.1818, hoursDelivered: 4.5, bookedHours: 8,
  availableHours: 108, utilisation: 0.0741, averageRating: 4,
};

describe('buildReport', () => {
  it('counts the sessions starting in the range, in the office zone, with rates, hours and utilisation', () => {
    const r = buildReport(env, RANGE);
    expect(r).toMatchObject({ ...RANGE, zone: 'Europe/Paris', by: null, staff: null, rows: [] });
    expect(view(r.total)).toEqual(TOTAL);
  });

  it('--by staff: a row per staff member, each against their own hours', () => {
    const r = buildReport(env, { ...RANGE, by: 'staff' });
    expect(r.rows.map(view)).toEqual([ALICE, BOB]);
    expect(view(r.total)).toEqual(TOTAL);
  });

  it('--by week: ISO weeks (Monday label) in the report zone, the DST Sunday in the first', () => {
    const r = buildReport(env, { ...RANGE, by: 'week' });
    expect(r.rows.map(view)).toEqual([
      {
        group: '2026-10-19', booked: 5, completed: 3, noShow: 1, cancelled: 1, lateCancelled: 0,
        completionRate: 0.75, noShowRate: 0.25, cancellationRate: 0.2, hoursDelivered: 3, bookedHours: 4,
        availableHours: 55, // alice 40 - 2 + 5 (Sunday 25th), bob 3 x 4
        utilisation: 0.0727, averageRating: 4,
      },
      {
        group: '2026-10-26', booked: 6, completed: 3, noShow: 1, cancelled: 1, lateCancelled: 1,
        completionRate: 0.75, noShowRate: 0.25, cancellationRate: 0.1667, hoursDelivered: 1.5, bookedHours: 4,
        availableHours: 53, // alice 4 x 8 + 3, bob 4 x 4 + 2
        utilisation: 0.0755, averageRating: 4,
      },
    ]);
  });

  it('--by service: a row per service (unbooked active ones too), each against the whole scope\'s hours', () => {
    const r = buildReport(env, { ...RANGE, by: 'service' });
    expect(r.rows.map(view)).toEqual([
      {
        group: 'intake', booked: 7, completed: 3, noShow: 1, cancelled: 2, lateCancelled: 1,
        completionRate: 0.75, noShowRate: 0.25, cancellationRate: 0.2857, hoursDelivered: 3, bookedHours: 5,
        availableHours: 108, utilisation: 0.0463, averageRating: 4,
      },
      {
        group: 'unused', booked: 0, completed: 0, noShow: 0, cancelled: 0, lateCancelled: 0,
        completionRate: null, noShowRate: null, cancellationRate: null, hoursDelivered: 0, bookedHours: 0,
        availableHours: 108, utilisation: 0, averageRating: null,
      },
      {
        group: 'workshop', booked: 4, completed: 3, noShow: 1, cancelled: 0, lateCancelled: 0,
        completionRate: 0.75, noShowRate: 0.25, cancellationRate: 0, hoursDelivered: 1.5, bookedHours: 3,
        availableHours: 108, utilisation: 0.0278, averageRating: 4,
      },
    ]);
    const sum = (k: 'bookedHours' | 'booked') => r.rows.reduce((a, x) => a + x[k], 0);
    expect(sum('booked')).toBe(r.total.booked);
    expect(sum('bookedHours')).toBeCloseTo(r.total.bookedHours);
  });

  it('--staff reads the dates in that staff member\'s zone, and --tz overrides it', () => {
    const bob = buildReport(env, { ...RANGE, staff: 'bob', by: 'staff' });
    expect(bob.zone).toBe('America/New_York');
    expect(bob.staff).toBe('bob');
    expect(bob.rows.map(view)).toEqual([BOB]);
    expect(view(bob.total)).toEqual({ ...BOB, group: '(total)' });
    // Read in Tokyo, the range starts 7 hours earlier than in Paris: the Sunday 23:30 Paris session is inside,
    // and the end moves back from Sunday night to Sunday afternoon (Paris): alice keeps her hours.
    const tokyo = buildReport(env, { ...RANGE, staff: 'alice', tz: 'Asia/Tokyo' });
    expect(tokyo.zone).toBe('Asia/Tokyo');
    expect(tokyo.total.booked).toBe(ALICE.booked + 1);
    expect(tokyo.total.availableHours).toBeCloseTo(78);
  });

  it('defaults to the 28 days ending today, or starting at --from, or ending at --to', () => {
    env.setNow('2026-11-01T12:00:00Z');
    expect(buildReport(env, {})).toMatchObject({ from: '2026-10-05', to: '2026-11-01' });
    expect(buildReport(env, { from: '2026-10-19' })).toMatchObject({ from: '2026-10-19', to: '2026-11-15' });
    expect(buildReport(env, { to: 'yesterday' })).toMatchObject({ from: '2026-10-04', to: '2026-10-31' });
    expect(buildReport(env, { from: '2026-10-19', to: '2026-10-19' }).total.booked).toBe(2);
  });

  it('refuses a bad --by, --to before --from, an unknown zone or staff member, each in one line with a hint', () => {
    const by = refused(() => buildReport(env, { by: 'month' }));
    expect(by.kind).toBe('invalid');
    expect(by.message).toBe('--by: "month" is not a grouping');
    expect(by.hint).toBe('use staff, week, service');
    const order = refused(() => buildReport(env, { from: '2026-11-02', to: '2026-11-01' }));
    expect(order.message).toBe('--to 2026-11-01 is before --from 2026-11-02');
    expect(order.hint).toMatch(/on or after --from/);
    expect(refused(() => buildReport(env, { from: '2026-13-01' })).message).toMatch(/--from: "2026-13-01" is not a date/);
    expect(refused(() => buildReport(env, { tz: 'Mars/Olympus' })).message).toMatch(/--tz: unknown time zone/);
    expect(refused(() => buildReport(env, { staff: 'zed' })).kind).toBe('not_found');
    for (const e of [by, order]) expect(`${e.message} ${e.hint}`).not.toMatch(/\n/);
    const long = refused(() => buildReport(env, { from: '1970-01-01', to: '2999-12-31', by: 'week' }));
    expect([long.message, long.hint]).toEqual(['--from 1970-01-01 --to 2999-12-31: a report covers at most 20 years', 'give a shorter range, e.g. a report a year']);
    expect(buildReport(env, { from: '2010-01-01', to: '2029-12-31', by: 'week' }).rows.length).toBeGreaterThan(1000);
    expect(refused(() => buildReport(env, { from: '2010-01-01', to: '2030-01-01' })).message).toMatch(/at most 20 years/);
  });

  it('finds the working time inside any span of a long list of intervals, as a walk through all of them does', () => {
    const list = Array.from({ length: 500 }, (_, i) => ({ start: i * 10, end: i * 10 + 6 }));
    const walk = (a: number, b: number) => list.reduce((ms, i) => ms + Math.max(0, Math.min(i.end, b) - Math.max(i.start, a)), 0);
    for (const [a, b] of [[-5, 3], [0, 6], [3, 4], [6, 10], [7, 33], [4995, 6000], [-100, 10_000], [2000, 2000], [2003, 1999]]) {
      expect(overlapMs(list, a!, b!), `${a}-${b}`).toBe(walk(a!, b!));
    }
  });

  it('gives the stable snake_case JSON shape, rates as fractions', () => {
    const j = reportJson(buildReport(env, { ...RANGE, by: 'staff' }));
    expect(Object.keys(j)).toEqual(['from', 'to', 'zone', 'by', 'staff', 'rows', 'total']);
    expect(j.rows[0]).toEqual({
      group: 'alice', booked: 9, completed: 5, no_show: 1, cancelled: 2, late_cancelled: 1,
      completion_rate: 0.8333, no_show_rate: 0.1667, cancellation_rate: 0.2222,
      hours_delivered: 3.5, booked_hours: 5.5, available_hours: 78, utilisation: 0.0705, average_rating: 4,
    });
    expect(j.total).toMatchObject({ group: '(total)', booked: 11, utilisation: 0.0741 });
  });
});

describe('available hours (pure)', () => {
  const allDay = (weekday: number): WeeklyHours => ({ id: weekday, kind: 'weekly', weekday, startMin: 0, endMin: 1440, validFrom: null, validUntil: null });
  const day = (date: string, tz: string) => {
    const from = Date.parse(`${date}T00:00:00Z`) - 2 * 86_400_000;
    const list = availableIntervals(tz, [allDay(7)], [], [], from, from + 5 * 86_400_000);
    return overlapMs(list, from, from + 5 * 86_400_000) / HOUR;
  };

  it('expands each date in the staff member\'s zone: 25 h on the autumn Sunday, 23 h on the spring one', () => {
    expect(day('2026-10-25', 'Europe/Paris')).toBe(25);
    expect(day('2027-03-28', 'Europe/Paris')).toBe(23);
    expect(day('2026-11-01', 'America/New_York')).toBe(25);
    expect(day('2026-10-18', 'Europe/Paris')).toBe(24);
  });

  it('clips to the range and takes blocks out', () => {
    const monday = { ...allDay(1), startMin: 9 * 60, endMin: 17 * 60 };
    const from = Date.parse('2026-12-07T10:00:00Z'); // Monday 11:00 Paris
    const to = Date.parse('2026-12-08T00:00:00Z');
    const block = { id: 1, kind: 'block' as const, startAt: Date.parse('2026-12-07T12:00:00Z'), endAt: Date.parse('2026-12-07T13:30:00Z'), reason: null, source: null };
    const list = availableIntervals('Europe/Paris', [monday], [], [block], from, to);
    expect(list.map((i) => [new Date(i.start).toISOString(), new Date(i.end).toISOString()])).toEqual([
      ['2026-12-07T10:00:00.000Z', '2026-12-07T12:00:00.000Z'],
      ['2026-12-07T13:30:00.000Z', '2026-12-07T16:00:00.000Z'],
    ]);
    expect(subtractIntervals([{ start: 0, end: 10 }], [{ start: 2, end: 3 }, { start: 5, end: 20 }])).toEqual([{ start: 0, end: 2 }, { start: 3, end: 5 }]);
  });

  it('counts a group session once, as long as its longest member (one joined after its duration was edited)', () => {
    const fact = (id: number, clientId: number, minutes: number) => ({
      id, staffId: 1, clientId, serviceId: 1, startAt: 0, endAt: minutes * 60_000, status: 'completed' as const, rating: null, lateChange: false, cancelReason: null,
    });
    for (const order of [[90, 60], [60, 90]]) {
      expect(figures(order.map((m, i) => fact(i + 1, i + 1, m)))).toMatchObject({ completed: 2, hoursDelivered: 1.5, bookedHours: 1.5 });
    }
  });

  it('figures of nothing are zeros and nulls', () => {
    expect(figures([])).toEqual({
      booked: 0, completed: 0, noShow: 0, cancelled: 0, lateCancelled: 0, completionRate: null, noShowRate: null,
      cancellationRate: null, hoursDelivered: 0, bookedHours: 0, averageRating: null,
    });
  });
});
