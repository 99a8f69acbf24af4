import { describe, expect, it } from 'vitest';
import { windowsOn } from '../../src/core/availability';
import { formatDuration, formatHours, parseDuration } from '../../src/core/duration';
import { atText, boundaryToInstant, checkZone, fmtDayTime, fmtTime, isoByLuxon, isoInstant, parseAt, parseClock, parseDate, wallToInstant } from '../../src/core/time';
import type { WeeklyHours } from '../../src/core/types';
import { parseDays } from '../../src/core/weekdays';
import { SchedError } from '../../src/errors';
import { refused } from '../helpers';

const utc = (ms: number) => new Date(ms).toISOString();

describe('zone names', () => {
  it('keeps the name as the tz database spells it, whatever the case, and the current name of a renamed zone', () => {
    expect(checkZone('europe/paris', '--tz')).toBe('Europe/Paris');
    expect(checkZone(' UTC ', '--tz')).toBe('UTC');
    // ICU resolves Asia/Kolkata to its old alias Asia/Calcutta: the name typed is the one kept.
    expect(checkZone('Asia/Kolkata', '--tz')).toBe('Asia/Kolkata');
    expect(checkZone('Europe/Kyiv', '--tz')).toBe('Europe/Kyiv');
    expect(() => checkZone('Mars/Olympus', '--tz')).toThrow(/--tz: unknown time zone "Mars\/Olympus"/);
  });
});

describe('wall times and DST (Europe/Paris)', () => {
  it('refuses a wall time in the spring-forward gap, naming it', () => {
    expect(() => wallToInstant('2027-03-28', 2 * 60 + 30, 'Europe/Paris', '--at')).toThrow(/2027-03-28 02:30 does not exist in Europe\/Paris/);
    expect(() => parseAt('2026-03-29 02:00', 'Europe/Paris', '--at')).toThrow(SchedError);
  });

  it('takes the earlier instant of a fall-back time, unless an offset is given', () => {
    // 2026-10-25 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(utc(parseAt('2026-10-25 02:30', 'Europe/Paris', '--at'))).toBe('2026-10-25T00:30:00.000Z');
    expect(utc(parseAt('2026-10-25T02:30:00+01:00', 'Europe/Paris', '--at'))).toBe('2026-10-25T01:30:00.000Z');
    expect(utc(parseAt('2026-10-25T02:30+02:00', 'Europe/Paris', '--at'))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('takes a wall time with :00 seconds, as a spreadsheet writes it; other seconds are refused', () => {
    expect(utc(parseAt('2026-12-02 10:00:00', 'Europe/Paris', 'start'))).toBe('2026-12-02T09:00:00.000Z');
    expect(parseClock('09:30:00', 'from')).toBe(570);
    expect(() => parseClock('09:30:15', 'from')).toThrow(/from: "09:30:15" is not a time of day/);
    expect(() => parseAt('2026-12-02 10:00:30', 'Europe/Paris', 'start')).toThrow(/start: "2026-12-02 10:00:30" is not a date and time/);
    // An instant with an offset too: hidden seconds would show as 10:00 and then clash with 10:30.
    expect(utc(parseAt('2026-05-04T10:00:00.000+02:00', 'Europe/Paris', '--at'))).toBe('2026-05-04T08:00:00.000Z');
    for (const odd of ['2026-05-04T10:00:30+02:00', '2026-05-04T10:00:00.500+02:00']) {
      expect(refused(() => parseAt(odd, 'Europe/Paris', '--at'))).toMatchObject({ message: `--at: "${odd}" is not on a whole minute`, hint: 'times are to the minute: 2026-05-04T10:00+02:00' });
    }
  });

  it('refuses an offset no place on Earth has, and takes the extremes that exist', () => {
    expect(() => parseAt('2026-12-02T10:00:00+25:00', 'Europe/Paris', '--at')).toThrow(/--at: "2026-12-02T10:00:00\+25:00" has no such UTC offset/);
    expect(() => parseAt('2026-12-02T10:00-13:00', 'Europe/Paris', '--at')).toThrow(/no such UTC offset/);
    expect(() => parseAt('2026-12-02T10:00+01:75', 'Europe/Paris', '--at')).toThrow(/no such UTC offset/);
    expect(utc(parseAt('2026-12-02T10:00+14:00', 'Europe/Paris', '--at'))).toBe('2026-12-01T20:00:00.000Z');
    expect(utc(parseAt('2026-12-02T10:00-12:00', 'Europe/Paris', '--at'))).toBe('2026-12-02T22:00:00.000Z');
  });

  it('times just around the changes resolve to one instant', () => {
    expect(utc(parseAt('2027-03-28 01:59', 'Europe/Paris', '--at'))).toBe('2027-03-28T00:59:00.000Z');
    expect(utc(parseAt('2027-03-28 03:00', 'Europe/Paris', '--at'))).toBe('2027-03-28T01:00:00.000Z');
    expect(utc(parseAt('2026-10-25 03:00', 'Europe/Paris', '--at'))).toBe('2026-10-25T02:00:00.000Z');
  });

  it('moves a window boundary inside the gap to the end of the gap', () => {
    expect(utc(boundaryToInstant('2027-03-28', 2 * 60 + 30, 'Europe/Paris'))).toBe('2027-03-28T01:00:00.000Z');
  });

  it('keeps 09:00 Paris at 09:00 across a week with the change', () => {
    const weekly: WeeklyHours[] = [1, 2, 3, 4, 5].map((d, i) => ({ id: i, kind: 'weekly', weekday: d, startMin: 540, endMin: 1020, validFrom: null, validUntil: null }));
    const fri = windowsOn('2026-10-23', 'Europe/Paris', weekly, []);
    const mon = windowsOn('2026-10-26', 'Europe/Paris', weekly, []);
    expect(utc(fri[0]!.start)).toBe('2026-10-23T07:00:00.000Z');
    expect(utc(mon[0]!.start)).toBe('2026-10-26T08:00:00.000Z');
    expect(isoInstant(mon[0]!.start, 'Europe/Paris')).toBe('2026-10-26T09:00:00+01:00');
    expect(isoInstant(fri[0]!.start, 'Europe/Paris')).toBe('2026-10-23T09:00:00+02:00');
    // The Sunday of the change itself has 25 hours; a 00:00-24:00 window spans all of them.
    const sunday: WeeklyHours[] = [{ id: 9, kind: 'weekly', weekday: 7, startMin: 0, endMin: 1440, validFrom: null, validUntil: null }];
    const [w] = windowsOn('2026-10-25', 'Europe/Paris', sunday, []);
    expect((w!.end - w!.start) / 3_600_000).toBe(25);
  });
});

describe('wall times and DST (America/New_York)', () => {
  it('refuses the spring-forward gap', () => {
    expect(() => parseAt('2027-03-14 02:30', 'America/New_York', '--at')).toThrow(/does not exist/);
  });

  it('takes the earlier 01:30 on the fall-back night', () => {
    expect(utc(parseAt('2026-11-01 01:30', 'America/New_York', '--at'))).toBe('2026-11-01T05:30:00.000Z');
    expect(utc(parseAt('2026-11-01T01:30-05:00', 'America/New_York', '--at'))).toBe('2026-11-01T06:30:00.000Z');
  });

  it('keeps working hours at local time over the change', () => {
    const weekly: WeeklyHours[] = [{ id: 1, kind: 'weekly', weekday: 5, startMin: 540, endMin: 1020, validFrom: null, validUntil: null },
      { id: 2, kind: 'weekly', weekday: 1, startMin: 540, endMin: 1020, validFrom: null, validUntil: null }];
    expect(utc(windowsOn('2026-10-30', 'America/New_York', weekly, [])[0]!.start)).toBe('2026-10-30T13:00:00.000Z');
    expect(utc(windowsOn('2026-11-02', 'America/New_York', weekly, [])[0]!.start)).toBe('2026-11-02T14:00:00.000Z');
  });
});

describe('showing wall times', () => {
  const NY = 'America/New_York';
  const first = Date.parse('2026-11-01T05:30:00Z'); // 01:30 EDT in New York
  const second = Date.parse('2026-11-01T06:30:00Z'); // 01:30 EST, an hour later
  it('adds the offset where a wall time happens twice, and only there', () => {
    expect(fmtTime(first, NY)).toBe('01:30 (UTC-4)');
    expect(fmtTime(second, NY)).toBe('01:30 (UTC-5)');
    expect(fmtDayTime(second, NY)).toBe('Sun 1 Nov 01:30 (UTC-5)');
    expect(fmtTime(Date.parse('2026-11-01T07:00:00Z'), NY)).toBe('02:00');
    expect(fmtTime(Date.parse('2026-11-01T04:59:00Z'), NY)).toBe('00:59');
    expect(fmtDayTime(Date.parse('2026-10-25T00:15:00Z'), 'Europe/Paris')).toBe('Sun 25 Oct 02:15 (UTC+2)');
    // Lord Howe Island turns its clocks back half an hour.
    expect(fmtTime(Date.parse('2027-04-03T14:45:00Z'), 'Australia/Lord_Howe')).toBe('01:45 (UTC+11)');
    expect(fmtTime(Date.parse('2027-04-03T15:15:00Z'), 'Australia/Lord_Howe')).toBe('01:45 (UTC+10:30)');
  });
  it('writes a start so that --at reads back the same instant', () => {
    expect(atText(first, NY)).toBe('2026-11-01 01:30');
    expect(atText(second, NY)).toBe('2026-11-01T01:30:00-05:00');
    for (const ms of [first, second]) expect(parseAt(atText(ms, NY), NY, '--at')).toBe(ms);
  });
});

describe('reading input', () => {
  it('reads durations', () => {
    expect(parseDuration('90m', 'x')).toBe(90);
    expect(parseDuration('24h', 'x')).toBe(1440);
    expect(parseDuration('2d', 'x')).toBe(2880);
    expect(parseDuration('1h30m', 'x')).toBe(90);
    expect(parseDuration('45', 'x')).toBe(45);
    expect(() => parseDuration('soon', '--min-notice')).toThrow(/--min-notice: "soon" is not a duration/);
    expect(() => parseDuration('1h30x', '--min-notice')).toThrow(SchedError);
  });

  it('writes durations as people say them, and hour budgets in hours', () => {
    expect(['24h', '1d', '2d', '48h', '36h', '90', '45m', '60d'].map((d) => formatDuration(parseDuration(d, 'x')))).toEqual(['24h', '24h', '2d', '2d', '36h', '1h30m', '45m', '60d']);
    expect([2880, 90, 45, 0, -90].map(formatHours)).toEqual(['48h', '1h30m', '45m', '0h', '-1h30m']);
  });

  it('reads days', () => {
    expect(parseDays('mon-fri', '--days')).toEqual([1, 2, 3, 4, 5]);
    expect(parseDays('mon,wed', '--days')).toEqual([1, 3]);
    expect(parseDays('fri-mon', '--days')).toEqual([1, 5, 6, 7]);
    expect(parseDays('weekend', '--days')).toEqual([6, 7]);
    expect(() => parseDays('mon-funday', '--days')).toThrow(/--days: "funday" is not a day/);
  });

  it('reads dates and refuses impossible ones', () => {
    expect(parseDate('2026-12-01', '--from', 'UTC', 0)).toBe('2026-12-01');
    expect(parseDate('today', '--from', 'Asia/Tokyo', Date.parse('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
    expect(() => parseDate('2026-02-30', '--from', 'UTC', 0)).toThrow(/--from: "2026-02-30" is not a date/);
    expect(() => parseAt('2026-12-01 25:00', 'UTC', '--at')).toThrow(SchedError);
  });
});

describe('isoInstant', () => {
  it('writes what luxon writes, in every kind of zone, across DST changes, with seconds and milliseconds', () => {
    const zones = ['UTC', 'Europe/Paris', 'America/New_York', 'America/St_Johns', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Kiritimati', 'America/Santiago', 'Africa/Monrovia'];
    const instants = [0, Date.parse('1971-06-01T12:00:00Z'), Date.parse('2026-10-25T00:59:59Z'), Date.parse('2026-10-25T01:00:00Z'), Date.parse('2027-03-28T01:00:00.250Z'), Date.parse('2999-12-31T23:59:00Z')];
    // And a walk through 2026-2027 in steps that land on every minute of the hour and every hour of the day.
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2028-01-01T00:00:00Z'); t += 7 * 3_600_000 + 13 * 60_000 + 17_000) instants.push(t);
    for (const z of zones) for (const t of instants) expect(isoInstant(t, z), `${z} ${t}`).toBe(isoByLuxon(t, z));
    expect(isoInstant(Date.parse('2026-12-01T08:00:00Z'), 'Asia/Kathmandu')).toBe('2026-12-01T13:45:00+05:45');
    expect(isoInstant(Date.parse('2026-12-01T08:00:00Z'), 'America/St_Johns')).toBe('2026-12-01T04:30:00-03:30');
  });
});
