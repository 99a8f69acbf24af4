// The calendar's layout maths, with no terminal: days for a width, the rows of the office day, cells of bookings.
import { describe, expect, it } from 'vitest';
import { wallToInstant } from '../../src/core/time';
import { addMonths, daysForWidth, layoutWeek, monthWeeks, officeRows, rowIndex, scrollOffset, visibleDates, type GridBooking, type Row } from '../../src/tui/layout';
import { splitKeys } from '../../src/tui/keys';
import { fit, textWidth } from '../../src/tui/text';
import { cursorIn, cursorInstant, type Cursor } from '../../src/tui/state';

const P = 'Europe/Paris';
const at = (date: string, hhmm: string, zone = P) => wallToInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), zone, 'test');
const span = (date: string, from: string, to: string, zone = P) => ({ start: at(date, from, zone), end: at(date, to, zone) });
const clock = (r: number | Row) => {
  const m = typeof r === 'number' ? r : r.minute;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}${typeof r !== 'number' && r.second ? "'" : ''}`;
};
const rowsOf = (minutes: number[]): Row[] => minutes.map((minute) => ({ minute, second: false }));
const WEEK = visibleDates('2026-12-02', 7);

function booking(id: number, date: string, from: string, to: string, extra: Partial<GridBooking> = {}): GridBooking {
  return { id, ...span(date, from, to), status: 'confirmed', client: `Client ${id}`, service: 'Intake', serviceId: 1, ...extra };
}

describe('width and dates', () => {
  it('shows a week from 100 columns, 3 days below that, 1 day under 60', () => {
    expect([140, 100, 99, 60, 59, 30].map(daysForWidth)).toEqual([7, 7, 3, 3, 1, 1]);
  });

  it('takes the ISO week of the cursor, or the cursor day and its neighbours', () => {
    expect(WEEK).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(visibleDates('2026-12-02', 3)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(visibleDates('2026-12-02', 1)).toEqual(['2026-12-02']);
  });
});

describe('rows of the office day', () => {
  it('covers at least 08:00-18:00 in half hours', () => {
    const rows = officeRows([span('2026-12-01', '09:00', '17:00')], WEEK, P);
    expect(rows.map((x) => clock(x))).toEqual(Array.from({ length: 20 }, (_, i) => clock(480 + 30 * i)));
  });

  it('reaches the earliest and latest working hour or booking of the week', () => {
    const rows = officeRows([span('2026-12-01', '07:15', '12:00'), span('2026-12-03', '20:00', '21:10')], WEEK, P);
    expect(clock(rows[0]!)).toBe('07:00');
    expect(clock(rows[rows.length - 1]!)).toBe('21:00');
  });

  it('reads hours kept in another zone in the zone shown', () => {
    // Singapore 10:00-18:00 is 03:00-11:00 in Paris in December.
    const rows = officeRows([span('2026-12-01', '10:00', '18:00', 'Asia/Singapore')], WEEK, P);
    expect(clock(rows[0]!)).toBe('03:00');
    expect(clock(rows[rows.length - 1]!)).toBe('17:30');
  });

  it('ignores what falls outside the dates shown, and clamps wall times to the rows', () => {
    const rows = officeRows([span('2026-12-08', '05:00', '06:00')], WEEK, P);
    expect(clock(rows[0]!)).toBe('08:00');
    expect(rowIndex(rows, 0)).toBe(0);
    expect(rowIndex(rows, 9 * 60 + 45)).toBe(3);
    expect(rowIndex(rows, 23 * 60)).toBe(rows.length - 1);
  });
});

describe('cells', () => {
  const rows = officeRows([], WEEK, P);
  const grid = (bookings: GridBooking[], blocks = [span('2026-12-02', '14:00', '16:00')]) =>
    layoutWeek({ dates: WEEK, zone: P, rows, windows: WEEK.slice(0, 5).map((d) => span(d, '09:00', '17:00')), blocks, bookings });
  const row = (hhmm: string) => rows.findIndex((x) => x.minute === Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) && !x.second);

  it('puts a booking in its day column over the rows it lasts, labelled time, client, service', () => {
    const g = grid([booking(7, '2026-12-01', '10:00', '11:30')]);
    const tue = g.cells[1]!;
    expect([row('10:00'), row('10:30'), row('11:00')].map((r) => tue[r]!.kind)).toEqual(['booking', 'booking', 'booking']);
    expect([row('10:00'), row('10:30'), row('11:00')].map((r) => tue[r]!.text)).toEqual(['10:00-11:30', 'Client 7', 'Intake']);
    expect(tue[row('11:30')]!.kind).toBe('free');
    expect(g.cells[0]![row('10:00')]!.kind).toBe('free');
    expect(tue[row('10:00')]!).toMatchObject({ id: 7, status: 'confirmed' });
  });

  it('labels short blocks on the rows they have', () => {
    const g = grid([booking(1, '2026-12-01', '10:00', '10:30'), booking(2, '2026-12-01', '13:00', '14:00')]);
    expect(g.cells[1]![row('10:00')]!.text).toBe('10:00 Client 1 · Intake');
    expect([row('13:00'), row('13:30')].map((r) => g.cells[1]![r]!.text)).toEqual(['13:00 Client 2', 'Intake']);
  });

  it('tells working time, time outside working hours and blocked time apart', () => {
    const g = grid([]);
    expect(g.cells[2]![row('08:30')]!.kind).toBe('off');
    expect(g.cells[2]![row('09:00')]!.kind).toBe('free');
    expect(g.cells[2]![row('14:00')]!.kind).toBe('blocked');
    expect(g.cells[2]![row('15:30')]!.kind).toBe('blocked');
    expect(g.cells[2]![row('16:00')]!.kind).toBe('free');
    expect(g.cells[5]![row('10:00')]!.kind).toBe('off');
  });

  it('draws a group session once, and counts other sessions sharing a half hour', () => {
    const g = grid([
      booking(1, '2026-12-03', '10:00', '11:00', { client: 'Ana' }),
      booking(2, '2026-12-03', '10:00', '11:00', { client: 'Ben' }),
      booking(3, '2026-12-03', '10:30', '10:45', { client: 'Cy', serviceId: 2 }),
    ]);
    const thu = g.cells[3]!;
    expect(thu[row('10:00')]!).toMatchObject({ id: 1, text: '10:00 Ana', tail: ' +1', more: 0 });
    expect(thu[row('10:30')]!).toMatchObject({ id: 1, more: 1, ids: [1, 2, 3] });
  });

  it('draws members of one group that end at different times (the duration edited between) as one block to the last end', () => {
    const g = grid([
      booking(1, '2026-12-03', '10:00', '11:00', { client: 'Ana' }),
      booking(2, '2026-12-03', '10:00', '11:30', { client: 'Ben' }),
      booking(3, '2026-12-03', '10:00', '11:30', { client: 'Cy' }),
    ]);
    const thu = g.cells[3]!;
    expect(thu[row('10:00')]!).toMatchObject({ id: 1, text: '10:00-11:30', more: 0, ids: [1, 2, 3] });
    expect(thu[row('11:00')]!).toMatchObject({ id: 1, more: 0 });
  });

  it('shows a live session before a cancelled one in the same place', () => {
    const g = grid([booking(1, '2026-12-01', '10:00', '11:00', { status: 'cancelled' }), booking(2, '2026-12-01', '10:00', '11:00')]);
    expect(g.cells[1]![row('10:00')]!).toMatchObject({ id: 2, more: 1 });
  });

  it('on a spring-forward day the skipped half hours are gaps', () => {
    const spring = layoutWeek({ dates: ['2027-03-28'], zone: P, rows: rowsOf([120, 150, 180]), windows: [], blocks: [], bookings: [] });
    expect(spring.cells[0]!.map((c) => c.kind)).toEqual(['gap', 'gap', 'off']);
    expect(officeRows([], ['2027-03-28'], P)).toHaveLength(20);
  });

  it('labels a session across the skipped rows of a spring-forward night once: first line above, the rest below', () => {
    // 01:30-03:30 wall time on 28 Mar 2027 in Paris: an hour of real time, shown with the 02:00 and 02:30 rows skipped.
    const start = Date.parse('2027-03-28T00:30:00Z');
    const b: GridBooking = { id: 5, start, end: start + 3_600_000, status: 'confirmed', client: 'Ana Lima', service: 'Coaching session', serviceId: 1 };
    const g = layoutWeek({ dates: ['2027-03-28'], zone: P, rows: rowsOf([60, 90, 120, 150, 180]), windows: [], blocks: [], bookings: [b] });
    const col = g.cells[0]!;
    expect(col.map((c) => c.kind)).toEqual(['off', 'booking', 'gap', 'gap', 'booking']);
    expect([col[1]!.text, col[4]!.text]).toEqual(['01:30 Ana Lima', 'Coaching session']);
  });

  it('on a fall-back night the repeated half hours come round twice, each a half hour long', () => {
    // 02:00-03:00 happens twice in Paris on 25 Oct 2026 (00:00-01:00 UTC, then 01:00-02:00 UTC).
    const week = visibleDates('2026-10-25', 7);
    const rows = officeRows([span('2026-10-25', '01:00', '04:00')], week, P);
    expect(rows.slice(0, 7).map((x) => clock(x))).toEqual(['01:00', '01:30', '02:00', '02:30', "02:00'", "02:30'", '03:00']);
    const first = Date.parse('2026-10-25T00:30:00Z');
    const second = Date.parse('2026-10-25T01:30:00Z');
    const g = layoutWeek({ dates: week, zone: P, rows, windows: [], blocks: [], bookings: [
      { ...booking(8, '2026-10-25', '04:00', '05:00'), start: first, end: first + 1_800_000 },
      { ...booking(9, '2026-10-25', '04:00', '05:00'), start: second, end: second + 1_800_000 },
    ] });
    const sunday = g.cells[6]!;
    expect(sunday.slice(0, 7).map((c) => (c.end - c.start) / 60_000)).toEqual([30, 30, 30, 30, 30, 30, 30]);
    expect([sunday[3], sunday[5]].map((c) => [c!.kind, c!.id])).toEqual([['booking', 8], ['booking', 9]]);
    expect(sunday[5]!.text).toBe('02:30 Client 9 · Intake');
    // The other days of that week have those half hours once: their second rows are empty.
    expect(g.cells[5]!.slice(4, 6).map((c) => c.kind)).toEqual(['once', 'once']);
    expect(g.cells[5]![3]!.end - g.cells[5]![3]!.start).toBe(30 * 60_000);
    // A cursor on the second 02:30 sits in its row, and means the second instant.
    expect(rowIndex(rows, 150, true)).toBe(5);
    expect(rowIndex(rows, 150, false)).toBe(3);
    expect(cursorInstant({ date: '2026-10-25', minute: 150, second: true }, P)).toBe(second);
    expect(cursorInstant({ date: '2026-10-25', minute: 150 }, P)).toBe(first);
    // Other weeks have no second rows.
    expect(officeRows([], WEEK, P).some((x) => x.second)).toBe(false);
  });
});

describe('scrolling, months, keys and text', () => {
  it('keeps the cursor row in view', () => {
    expect(scrollOffset(20, 15, 30)).toBe(0);
    expect(scrollOffset(40, 0, 10)).toBe(0);
    expect(scrollOffset(40, 20, 10)).toBe(15);
    expect(scrollOffset(40, 39, 10)).toBe(30);
  });

  it('lays out a month in whole weeks, Monday first', () => {
    const weeks = monthWeeks('2026-12-15');
    expect(weeks).toHaveLength(5);
    expect(weeks[0]![0]).toBe('2026-11-30');
    expect(weeks[4]![6]).toBe('2027-01-03');
    expect(monthWeeks('2027-02-01')[0]![0]).toBe('2027-02-01');
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
  });

  it('takes keys sent in one batch one by one, Enter, Tab and Backspace included', () => {
    expect(splitKeys('jjl', {}).map((k) => k.input)).toEqual(['j', 'j', 'l']);
    const keys = splitKeys('an\r\t\u007f', {});
    expect(keys.map((k) => k.input)).toEqual(['a', 'n', '', '', '']);
    expect(keys.slice(2).map((k) => Object.keys(k.key)[0])).toEqual(['return', 'tab', 'backspace']);
    expect(splitKeys('', { upArrow: true })).toEqual([{ input: '', key: { upArrow: true } }]);
    expect(splitKeys('\r', {})[0]!.key.return).toBe(true);
  });

  it('fits text to a width, counting wide characters twice', () => {
    expect(fit('Ana', 5)).toBe('Ana  ');
    expect(fit('Chloé Dubois', 8)).toBe('Chloé D…');
    expect(textWidth(fit('東京都の会議室', 7))).toBe(7);
    expect(fit('a\nb', 4)).toBe('a b ');
  });
});

describe('switching zones (z)', () => {
  it('keeps the cursor on the same moment through any number of round trips, whatever the offsets', () => {
    const K = 'Asia/Kathmandu'; // UTC+5:45: 4 h 45 min ahead of Paris in winter
    const start = { date: '2026-12-01', minute: 10 * 60 };
    const at = cursorInstant(start, P);
    let c: Cursor = start;
    for (let i = 0; i < 5; i++) {
      c = cursorIn(c, P, K);
      expect(c).toMatchObject({ date: '2026-12-01', minute: 14 * 60 + 45 });
      expect(cursorInstant(c, K)).toBe(at);
      // Drawn in the half hour it falls in.
      expect(clock(officeRows([], WEEK, K)[rowIndex(officeRows([], WEEK, K), c.minute)]!)).toBe('14:30');
      c = cursorIn(c, K, P);
      expect(c).toMatchObject(start);
    }
  });

  it('keeps the second of a repeated wall time (autumn DST) when going back and forth', () => {
    // 01:30 New York on 1 November 2026 happens twice; the second is 06:30 UTC.
    const second = Date.parse('2026-11-01T06:30:00Z');
    let c: Cursor = { date: '2026-11-01', minute: 6 * 60 + 30 }; // 06:30 UTC in London
    expect(cursorInstant(c, 'Europe/London')).toBe(second);
    c = cursorIn(c, 'Europe/London', 'America/New_York');
    expect(c.minute).toBe(90);
    expect(cursorInstant(c, 'America/New_York')).toBe(second);
    expect(cursorIn(c, 'America/New_York', 'Europe/London').minute).toBe(6 * 60 + 30);
  });
});
