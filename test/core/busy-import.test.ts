// Importing another calendar's busy times as blocks, on a real database: booking respects them, and a
// newer export of the same calendar replaces what the previous one blocked (and nothing else).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addBlock, setWeeklyHours } from '../../src/core/availability-rules';
import { book } from '../../src/core/booking';
import { importBusy } from '../../src/core/busy-import';
import { addClient } from '../../src/core/clients';
import { addService } from '../../src/core/services';
import { addStaff } from '../../src/core/staff';
import { SchedError } from '../../src/errors';
import { testEnv } from '../helpers';

let env: ReturnType<typeof testEnv>;

const calendar = (events: string[], name = 'Alice personal') =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', `X-WR-CALNAME:${name}`, ...events, 'END:VCALENDAR', ''].join('\r\n');
const event = (uid: string, start: string, end: string, extra: string[] = []) =>
  ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261101T000000Z', `DTSTART:${start}`, `DTEND:${end}`, 'SUMMARY:Dentist (private)', ...extra, 'END:VEVENT'].join('\r\n');

const blocks = () => env.store.read((tx) => tx.availability(1).filter((r) => r.kind === 'block'));
const tryBook = (at: string) => {
  try {
    return book(env, { staff: 'alice', client: 'ana@example.com', service: 'intake', at }).bookings[0]!.id;
  } catch (e) {
    if (e instanceof SchedError) return e;
    throw e;
  }
};

beforeEach(() => {
  env = testEnv('2026-11-30T08:00:00Z');
  addStaff(env, 'alice', { name: 'Alice', email: 'alice@office.example', tz: 'Europe/Paris' });
  setWeeklyHours(env, 'alice', { days: 'mon-fri', from: '09:00', to: '17:00' }, true);
  addService(env, 'intake', { name: 'Intake', duration: '60' });
  addClient(env, { name: 'Ana', email: 'ana@example.com' });
});
afterEach(() => env.close());

describe('avail import-busy', () => {
  it('blocks the busy times, so booking into them is refused with exit code 3', () => {
    const r = importBusy(env, 'alice', 'alice.ics', calendar([
      event('a', '20261201T090000Z', '20261201T100000Z'),
      event('free', '20261201T130000Z', '20261201T140000Z', ['TRANSP:TRANSPARENT']),
      event('weekly', '20261202T080000Z', '20261202T090000Z', ['RRULE:FREQ=WEEKLY;COUNT=3', 'EXDATE:20261209T080000Z']),
    ]));
    expect(r).toMatchObject({ source: 'ics:Alice personal', removed: 0, added: 3 });
    expect(blocks().map((b) => b.kind === 'block' && [new Date(b.startAt).toISOString(), b.reason])).toEqual([
      ['2026-12-01T09:00:00.000Z', 'busy in Alice personal'],
      ['2026-12-02T08:00:00.000Z', 'busy in Alice personal'],
      ['2026-12-16T08:00:00.000Z', 'busy in Alice personal'],
    ]);
    const refused = tryBook('2026-12-01 10:00') as SchedError;
    expect(refused.exitCode).toBe(3);
    expect(refused.message).toMatch(/busy in Alice personal/);
    expect(refused.message).not.toMatch(/Dentist/);
    expect(typeof tryBook('2026-12-01 14:00')).toBe('number'); // the transparent event blocks nothing
    expect(typeof tryBook('2026-12-09 09:00')).toBe('number'); // the excluded date is free
  });

  it('a newer export of the same calendar replaces what the previous one blocked, and leaves typed blocks alone', () => {
    addBlock(env, 'alice', { from: '2026-12-24', to: '2026-12-26', reason: 'holiday' });
    importBusy(env, 'alice', 'export-1.ics', calendar([event('a', '20261201T090000Z', '20261201T100000Z'), event('b', '20261203T090000Z', '20261203T100000Z')]));
    const r = importBusy(env, 'alice', 'export-2.ics', calendar([event('a', '20261201T150000Z', '20261201T160000Z')]));
    expect(r).toMatchObject({ removed: 2, added: 1 });
    expect(blocks().map((b) => b.kind === 'block' && [new Date(b.startAt).toISOString(), b.reason]).sort()).toEqual([
      ['2026-12-01T15:00:00.000Z', 'busy in Alice personal'],
      ['2026-12-23T23:00:00.000Z', 'holiday'],
    ]);
    // Another calendar is another source: it adds, it does not replace.
    importBusy(env, 'alice', 'work.ics', calendar([event('w', '20261204T090000Z', '20261204T100000Z')], 'Work'));
    expect(blocks()).toHaveLength(3);
    // --source names a calendar whose export has no X-WR-CALNAME.
    const unnamed = calendar([event('x', '20261207T090000Z', '20261207T100000Z')]).replace(/X-WR-CALNAME:.*\r\n/, '');
    expect(importBusy(env, 'alice', '/tmp/downloads/cal.ics', unnamed).source).toBe('ics:cal.ics');
    expect(importBusy(env, 'alice', 'other.ics', unnamed, { source: 'cal.ics' })).toMatchObject({ removed: 1, added: 1 });
  });

  it('a later import of the same calendar keeps what it blocked in the past, so reports over past weeks stay as they were', () => {
    const file = calendar([event('mon', '20261130T100000Z', '20261130T110000Z'), event('wed', '20261202T100000Z', '20261202T110000Z')]);
    expect(importBusy(env, 'alice', 'alice.ics', file)).toMatchObject({ removed: 0, added: 2 });
    env.setNow('2026-12-03T08:00:00Z'); // Thursday: Monday's and Wednesday's busy hours have passed
    expect(importBusy(env, 'alice', 'alice.ics', calendar([event('fri', '20261204T100000Z', '20261204T110000Z')]))).toMatchObject({ removed: 0, added: 1 });
    expect(blocks().map((b) => new Date(b.startAt).toISOString().slice(0, 13))).toEqual(['2026-11-30T10', '2026-12-02T10', '2026-12-04T10']);
  });

  it('a Google export with its VTIMEZONE blocks the first of a repeated 02:30, and from the end of the spring gap', () => {
    env.setNow('2026-10-01T09:00:00Z');
    setWeeklyHours(env, 'alice', { days: 'daily', from: '00:00', to: '24:00' }, true);
    const paris = [
      'BEGIN:VTIMEZONE', 'TZID:Europe/Paris', 'X-LIC-LOCATION:Europe/Paris',
      'BEGIN:DAYLIGHT', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'TZNAME:CEST', 'DTSTART:19700329T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
      'BEGIN:STANDARD', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'TZNAME:CET', 'DTSTART:19701025T030000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD',
      'END:VTIMEZONE',
    ].join('\r\n');
    const zoned = (uid: string, start: string, end: string) =>
      ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260901T000000Z', `DTSTART;TZID=Europe/Paris:${start}`, `DTEND;TZID=Europe/Paris:${end}`, 'END:VEVENT'].join('\r\n');
    importBusy(env, 'alice', 'google.ics', calendar([paris, zoned('fall', '20261025T023000', '20261025T033000'), zoned('spring', '20270328T023000', '20270328T033000')]));
    expect(blocks().map((b) => b.kind === 'block' && [new Date(b.startAt).toISOString(), new Date(b.endAt).toISOString()])).toEqual([
      ['2026-10-25T00:30:00.000Z', '2026-10-25T02:30:00.000Z'], // 02:30 UTC+2 - 03:30 UTC+1
      ['2027-03-28T01:00:00.000Z', '2027-03-28T01:30:00.000Z'], // 03:00 - 03:30 UTC+2
    ]);
    // "02:30" on the night clocks go back is the first one, as for --at: inside the busy time.
    expect((tryBook('2026-10-25 02:30') as SchedError).message).toMatch(/busy in Alice personal/);
    // The hour before the gap (01:00 UTC+1 to 03:00 UTC+2) is free; 03:00 is busy.
    expect(typeof tryBook('2027-03-28 01:00')).toBe('number');
    expect((tryBook('2027-03-28 03:00') as SchedError).message).toMatch(/busy in Alice personal/);
  });

  it('drops a direction override from the calendar\'s own name, which a typed name may not hold, so the blocks export and import back', async () => {
    importBusy(env, 'alice', 'p.ics', calendar([event('a', '20261201T090000Z', '20261201T100000Z')], 'Perso \u202egnp.exe'));
    expect(blocks().map((b) => b.kind === 'block' && [b.reason, b.source])).toEqual([['busy in Perso gnp.exe', 'ics:Perso gnp.exe']]);
    const { exportCsv } = await import('../../src/core/export-csv');
    const { importCsv } = await import('../../src/core/import/run');
    expect(importCsv(env, 'availability', 'a.csv', exportCsv(env, 'availability').text, { dryRun: true })).toMatchObject({ rejected: 0 });
  });

  it('a file that is not a calendar is refused in one line and changes nothing', () => {
    importBusy(env, 'alice', 'alice.ics', calendar([event('a', '20261201T090000Z', '20261201T100000Z')]));
    const before = blocks();
    expect(() => importBusy(env, 'alice', 'notes.txt', 'hello\nworld')).toThrow(/^notes\.txt is not an iCalendar file: /);
    expect(blocks()).toEqual(before);
  });
});
