import { describe, expect, it } from 'vitest';
import { parseBusy } from '../../src/core/busy-ics';
import { SchedError } from '../../src/errors';

const CRLF = '\r\n';
const cal = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join(CRLF);
const event = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'];
const utc = (ms: number) => new Date(ms).toISOString();

const PARIS = { zone: 'Europe/Paris', fromMs: Date.UTC(2026, 0, 1), toMs: Date.UTC(2027, 0, 1) };

// Europe/Paris as real exports carry it; the TZID is a parameter so the same rules can go under another name.
const vtimezone = (tzid: string) => [
  'BEGIN:VTIMEZONE', `TZID:${tzid}`,
  'BEGIN:DAYLIGHT', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'TZNAME:CEST', 'DTSTART:19700329T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
  'BEGIN:STANDARD', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'TZNAME:CET', 'DTSTART:19701025T030000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD',
  'END:VTIMEZONE',
];

const spans = (text: string, opts = PARIS) => parseBusy(text, opts).busy.map((b) => [utc(b.start), utc(b.end)]);

describe('parseBusy: times', () => {
  it('reads UTC times as instants, with summary and uid', () => {
    const r = parseBusy(cal(...event('UID:a1', 'SUMMARY:Dentist', 'DTSTART:20261201T090000Z', 'DTEND:20261201T100000Z')), PARIS);
    expect(r).toEqual({ name: null, busy: [{ start: Date.UTC(2026, 11, 1, 9), end: Date.UTC(2026, 11, 1, 10), summary: 'Dentist', uid: 'a1' }], cutShort: [] });
  });

  it('converts TZID times with the VTIMEZONE of the file, in summer and in winter', () => {
    const text = cal(
      ...vtimezone('Europe/Paris'),
      ...event('UID:s', 'DTSTART;TZID=Europe/Paris:20260701T100000', 'DTEND;TZID=Europe/Paris:20260701T113000'),
      ...event('UID:w', 'DTSTART;TZID=Europe/Paris:20261201T100000', 'DURATION:PT1H'),
    );
    expect(spans(text)).toEqual([
      ['2026-07-01T08:00:00.000Z', '2026-07-01T09:30:00.000Z'],
      ['2026-12-01T09:00:00.000Z', '2026-12-01T10:00:00.000Z'],
    ]);
  });

  it('uses the VTIMEZONE even under a TZID that is not an IANA name (Outlook style)', () => {
    const text = cal(...vtimezone('Romance Standard Time'), ...event('DTSTART;TZID=Romance Standard Time:20260701T100000', 'DTEND;TZID=Romance Standard Time:20260701T110000'));
    expect(spans(text, { ...PARIS, zone: 'Asia/Tokyo' })).toEqual([['2026-07-01T08:00:00.000Z', '2026-07-01T09:00:00.000Z']]);
  });

  it('resolves a TZID without VTIMEZONE by its IANA name, across DST', () => {
    const text = cal(
      ...event('DTSTART;TZID=America/New_York:20260701T090000', 'DTEND;TZID=America/New_York:20260701T100000'),
      ...event('DTSTART;TZID=America/New_York:20261201T090000', 'DTEND;TZID=America/New_York:20261201T100000'),
    );
    expect(spans(text)).toEqual([
      ['2026-07-01T13:00:00.000Z', '2026-07-01T14:00:00.000Z'],
      ['2026-12-01T14:00:00.000Z', '2026-12-01T15:00:00.000Z'],
    ]);
  });

  it('places floating times, and TZIDs that are neither defined nor IANA names, in the staff zone', () => {
    const text = cal(
      ...event('DTSTART:20261201T090000', 'DTEND:20261201T100000'),
      ...event('DTSTART;TZID=Nowhere Special:20261202T090000', 'DTEND;TZID=Nowhere Special:20261202T100000'),
    );
    expect(spans(text)).toEqual([
      ['2026-12-01T08:00:00.000Z', '2026-12-01T09:00:00.000Z'],
      ['2026-12-02T08:00:00.000Z', '2026-12-02T09:00:00.000Z'],
    ]);
    expect(spans(text, { ...PARIS, zone: 'Asia/Tokyo' })[0]).toEqual(['2026-12-01T00:00:00.000Z', '2026-12-01T01:00:00.000Z']);
  });

  it('blocks all-day events from midnight to midnight in the staff zone, 23 h on the spring-forward day', () => {
    const text = cal(
      ...event('DTSTART;VALUE=DATE:20261224', 'DTEND;VALUE=DATE:20261226'),
      ...event('DTSTART;VALUE=DATE:20260329', 'DTEND;VALUE=DATE:20260330'),
      ...event('DTSTART;VALUE=DATE:20261025'), // no end: one day, 25 h (fall back)
      ...event('DTSTART:20261110T090000Z'), // no end or duration: lasts 0, nothing to block
    );
    const busy = parseBusy(text, PARIS).busy;
    expect(busy.map((b) => [utc(b.start), (b.end - b.start) / 3_600_000])).toEqual([
      ['2026-03-28T23:00:00.000Z', 23],
      ['2026-10-24T22:00:00.000Z', 25],
      ['2026-12-23T23:00:00.000Z', 48],
    ]);
  });
});

describe('parseBusy: the nights clocks change', () => {
  // Outlook writes its own zone names, with rules that start in 1601.
  const outlook = [
    'BEGIN:VTIMEZONE', 'TZID:W. Europe Standard Time',
    'BEGIN:STANDARD', 'DTSTART:16010101T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10', 'END:STANDARD',
    'BEGIN:DAYLIGHT', 'DTSTART:16010101T020000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3', 'END:DAYLIGHT',
    'END:VTIMEZONE',
  ];
  // One event, written as Google (VTIMEZONE under the IANA name), Outlook (VTIMEZONE under its own name),
  // with an IANA TZID and no VTIMEZONE, and floating. The staff zone is Tokyo where the file names a zone.
  const ways = (start: string, end: string, extra: string[] = []): [string, string, typeof PARIS][] => [
    ['google', cal(...vtimezone('Europe/Paris'), ...event(`DTSTART;TZID=Europe/Paris:${start}`, `DTEND;TZID=Europe/Paris:${end}`, ...extra)), { ...PARIS, zone: 'Asia/Tokyo' }],
    ['outlook', cal(...outlook, ...event(`DTSTART;TZID=W. Europe Standard Time:${start}`, `DTEND;TZID=W. Europe Standard Time:${end}`, ...extra)), { ...PARIS, zone: 'Asia/Tokyo' }],
    ['iana', cal(...event(`DTSTART;TZID=Europe/Paris:${start}`, `DTEND;TZID=Europe/Paris:${end}`, ...extra)), { ...PARIS, zone: 'Asia/Tokyo' }],
    ['floating', cal(...event(`DTSTART:${start}`, `DTEND:${end}`, ...extra)), PARIS],
  ];

  it('takes the earlier instant of a wall time that happens twice, however the file writes the zone', () => {
    // 02:30-03:30 on 25 Oct 2026: 02:30 comes twice in Paris, 03:30 once (UTC+1).
    for (const [way, text, opts] of ways('20261025T023000', '20261025T033000')) {
      expect([way, spans(text, opts)]).toEqual([way, [['2026-10-25T00:30:00.000Z', '2026-10-25T02:30:00.000Z']]]);
    }
  });

  it('moves a time in the spring gap to the end of the gap, and an event wholly inside it blocks nothing', () => {
    // 02:00-03:00 does not exist on 29 Mar 2026 in Paris: 02:30-03:30 is 03:00-03:30 (UTC+2).
    for (const [way, text, opts] of ways('20260329T023000', '20260329T033000')) {
      expect([way, spans(text, opts)]).toEqual([way, [['2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z']]]);
    }
    for (const [way, text, opts] of ways('20260329T020000', '20260329T024500')) expect([way, spans(text, opts)]).toEqual([way, []]);
  });

  it('applies the same rules to the occurrences of a recurring event', () => {
    // The last Sunday of every month at 02:30: in 2026 it falls in the gap in March and twice in October.
    for (const [way, text, opts] of ways('20250126T023000', '20250126T033000', ['RRULE:FREQ=MONTHLY;BYDAY=-1SU'])) {
      const got = spans(text, opts);
      expect([way, got.length]).toEqual([way, 12]);
      expect([way, got.filter(([s]) => /^2026-(0[2-4]|1[01])/.test(s!))]).toEqual([way, [
        ['2026-02-22T01:30:00.000Z', '2026-02-22T02:30:00.000Z'],
        ['2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z'],
        ['2026-04-26T00:30:00.000Z', '2026-04-26T01:30:00.000Z'],
        ['2026-10-25T00:30:00.000Z', '2026-10-25T02:30:00.000Z'],
        ['2026-11-29T01:30:00.000Z', '2026-11-29T02:30:00.000Z'],
      ]]);
    }
  });
});

describe('parseBusy: recurrences', () => {
  const weekly = [
    ...vtimezone('Europe/Paris'),
    ...event(
      'UID:weekly', 'SUMMARY:Team meeting',
      'DTSTART;TZID=Europe/Paris:20260202T100000', 'DTEND;TZID=Europe/Paris:20260202T110000',
      'RRULE:FREQ=WEEKLY;BYDAY=MO', 'EXDATE;TZID=Europe/Paris:20260316T100000',
    ),
  ];
  const march = { zone: 'Europe/Paris', fromMs: Date.UTC(2026, 2, 1), toMs: Date.UTC(2026, 3, 6) };

  it('expands a weekly rule inside the window only, without EXDATE occurrences, at 10:00 Paris across DST', () => {
    expect(spans(cal(...weekly), march)).toEqual([
      ['2026-03-02T09:00:00.000Z', '2026-03-02T10:00:00.000Z'],
      ['2026-03-09T09:00:00.000Z', '2026-03-09T10:00:00.000Z'],
      ['2026-03-23T09:00:00.000Z', '2026-03-23T10:00:00.000Z'],
      ['2026-03-30T08:00:00.000Z', '2026-03-30T09:00:00.000Z'],
    ]);
  });

  it('keeps an occurrence that straddles the start of the window and drops the one starting at its end', () => {
    const busy = parseBusy(cal(...weekly), { ...march, fromMs: Date.UTC(2026, 2, 2, 9, 30), toMs: Date.UTC(2026, 2, 9, 9) }).busy;
    expect(busy.map((b) => utc(b.start))).toEqual(['2026-03-02T09:00:00.000Z']);
  });

  it('reaches the window for a daily series begun long ago', () => {
    const text = cal(...event('DTSTART:20050103T120000', 'DTEND:20050103T130000', 'RRULE:FREQ=DAILY'));
    const busy = parseBusy(text, { zone: 'UTC', fromMs: Date.UTC(2026, 5, 1), toMs: Date.UTC(2026, 5, 8) }).busy;
    expect(busy.map((b) => utc(b.start))).toEqual([1, 2, 3, 4, 5, 6, 7].map((d) => utc(Date.UTC(2026, 5, d, 12))));
  });

  it('says which recurring event was cut short, so that the staff member knows later repeats are not blocked', () => {
    const text = cal(...event('SUMMARY:Pings', 'DTSTART:20260601T000000Z', 'DTEND:20260601T000030Z', 'RRULE:FREQ=MINUTELY'));
    const r = parseBusy(text, { zone: 'UTC', fromMs: Date.UTC(2026, 5, 1), toMs: Date.UTC(2026, 5, 30) });
    expect(r.busy).toHaveLength(5_000);
    expect(r.cutShort).toEqual(['Pings']);
    const daily = cal(...event('SUMMARY:Lunch', 'DTSTART:20050103T120000', 'DTEND:20050103T130000', 'RRULE:FREQ=DAILY'));
    expect(parseBusy(daily, { zone: 'UTC', fromMs: Date.UTC(2026, 5, 1), toMs: Date.UTC(2026, 5, 8) }).cutShort).toEqual([]);
  });

  it('adds RDATE occurrences, a PERIOD keeping its own length', () => {
    const text = cal(...event('DTSTART:20260601T120000Z', 'DTEND:20260601T130000Z', 'RRULE:FREQ=WEEKLY;COUNT=2', 'RDATE:20260603T120000Z', 'RDATE;VALUE=PERIOD:20260605T120000Z/PT3H'));
    expect(spans(text)).toEqual([
      ['2026-06-01T12:00:00.000Z', '2026-06-01T13:00:00.000Z'],
      ['2026-06-03T12:00:00.000Z', '2026-06-03T13:00:00.000Z'],
      ['2026-06-05T12:00:00.000Z', '2026-06-05T15:00:00.000Z'],
      ['2026-06-08T12:00:00.000Z', '2026-06-08T13:00:00.000Z'],
    ]);
  });

  it('replaces an occurrence by its RECURRENCE-ID override and drops a cancelled one, for that UID only', () => {
    const text = cal(
      ...weekly,
      ...event('UID:weekly', 'SUMMARY:Moved', 'RECURRENCE-ID;TZID=Europe/Paris:20260309T100000', 'DTSTART;TZID=Europe/Paris:20260310T150000', 'DTEND;TZID=Europe/Paris:20260310T160000'),
      ...event('UID:weekly', 'STATUS:CANCELLED', 'RECURRENCE-ID;TZID=Europe/Paris:20260323T100000', 'DTSTART;TZID=Europe/Paris:20260323T100000', 'DTEND;TZID=Europe/Paris:20260323T110000'),
      // moved into the window from after it
      ...event('UID:weekly', 'SUMMARY:Pulled in', 'RECURRENCE-ID;TZID=Europe/Paris:20260413T100000', 'DTSTART;TZID=Europe/Paris:20260403T100000', 'DTEND;TZID=Europe/Paris:20260403T110000'),
      ...event('UID:other', 'SUMMARY:Other', 'DTSTART:20260330T120000Z', 'DTEND:20260330T130000Z', 'RRULE:FREQ=DAILY;COUNT=1'),
    );
    const busy = parseBusy(text, march).busy;
    expect(busy.map((b) => [utc(b.start), b.summary])).toEqual([
      ['2026-03-02T09:00:00.000Z', 'Team meeting'],
      ['2026-03-10T14:00:00.000Z', 'Moved'],
      ['2026-03-30T08:00:00.000Z', 'Team meeting'],
      ['2026-03-30T12:00:00.000Z', 'Other'],
      ['2026-04-03T08:00:00.000Z', 'Pulled in'],
    ]);
  });
});

describe('parseBusy: free time, calendar name, bad input', () => {
  it('ignores TRANSP:TRANSPARENT and STATUS:CANCELLED events', () => {
    const text = cal(
      ...event('UID:free', 'TRANSP:TRANSPARENT', 'DTSTART:20261201T090000Z', 'DTEND:20261201T100000Z'),
      ...event('UID:gone', 'STATUS:CANCELLED', 'DTSTART:20261201T110000Z', 'DTEND:20261201T120000Z'),
      ...event('UID:kept', 'TRANSP:OPAQUE', 'STATUS:CONFIRMED', 'DTSTART:20261201T130000Z', 'DTEND:20261201T140000Z'),
    );
    expect(parseBusy(text, PARIS).busy.map((b) => b.uid)).toEqual(['kept']);
  });

  it('reads X-WR-CALNAME and sorts by start', () => {
    const text = cal(
      'X-WR-CALNAME:Dr Martin (Outlook)',
      ...event('UID:late', 'DTSTART:20261202T090000Z', 'DTEND:20261202T100000Z'),
      ...event('UID:early', 'DTSTART:20261201T090000Z', 'DTEND:20261201T100000Z'),
    );
    const r = parseBusy(text, PARIS);
    expect(r.name).toBe('Dr Martin (Outlook)');
    expect(r.busy.map((b) => b.uid)).toEqual(['early', 'late']);
  });

  it('throws an invalid SchedError for text that is not an iCalendar file', () => {
    for (const text of ['hello world\nthis is not a calendar', '', cal().replace('END:VCALENDAR', ''), ['BEGIN:VEVENT', 'END:VEVENT', ''].join(CRLF)]) {
      let caught: unknown;
      try {
        parseBusy(text, PARIS);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(SchedError);
      expect((caught as SchedError).kind).toBe('invalid');
      expect((caught as SchedError).message).toMatch(/^FILE is not an iCalendar file: [^\n]+$/);
    }
  });

  it('names an event whose dates cannot be read, on one line', () => {
    const text = cal(...event('SUMMARY:Bad\\nline', 'DTSTART:garbage'));
    expect(() => parseBusy(text, PARIS)).toThrow(/^FILE: event "Bad line" cannot be read: [^\n]+$/);
  });
});
