// The week view on a real database: blocks in the right day and row, coloured and marked by status;
// keys move the cursor and change weeks.
import { describe, expect, it, vi } from 'vitest';

// Ink's colours (chalk) are decided when it loads: force them on, so that frames carry the colour codes.
const saved = vi.hoisted(() => {
  const before = process.env.FORCE_COLOR;
  process.env.FORCE_COLOR = '1';
  return before;
});

import { cell, codesBefore, KEY, freshOffice, openTui, restoreAfterAll } from './office';

restoreAfterAll('FORCE_COLOR', saved);
const o = freshOffice();

const BG = { blue: '44', green: '42', red: '41', grey: '100' };

describe('the week', () => {
  it('has a header with the office, staff member, week and zone, and a line of key hints', async () => {
    const ui = await openTui(o.env);
    const [head, tabs] = ui.lines();
    expect(head).toContain('Test Office');
    expect(head).toContain('alice (Alice Martin)');
    expect(head).toContain('week 49: 30 Nov - 6 Dec 2026');
    expect(tabs).toMatch(/^Europe\/Paris \(alice's zone\) .*Week .*Month .*Agenda .*cancelled hidden/);
    expect(ui.frame()).toMatch(/\? keys  q quit .*b book .*c confirm/);
  });

  it('draws seven dated columns and the office day in half hours, 08:00 to 17:30', async () => {
    const ui = await openTui(o.env);
    const lines = ui.lines();
    expect(lines[2]).toMatch(/Mon 30 Nov .*\[Tue 1 Dec\].*Wed 2 Dec.*Thu 3 Dec.*Fri 4 Dec.*Sat 5 Dec.*Sun 6 Dec/);
    const times = lines.filter((l) => /^\d\d:\d\d/.test(l)).map((l) => l.slice(0, 5));
    expect(times[0]).toBe('08:00');
    expect(times[times.length - 1]).toBe('17:30');
    expect(times).toHaveLength(20);
  });

  it('puts each booking in its day column and rows: time and client, then service', async () => {
    const ui = await openTui(o.env);
    const f = ui.frame();
    expect(cell(f, '10:00', 0)).toBe('●10:00 Ana …');
    expect(cell(f, '10:30', 0)).toBe('●Intake int…');
    expect(cell(f, '11:00', 0).trim()).toBe('');
    expect(cell(f, '10:00', 1)).toBe('●10:00 Ana …');
    expect(cell(f, '09:00', 2)).toBe('○09:00 Ben …');
    expect(cell(f, '11:30', 0)).toBe('✓11:30 Chlo…');
    expect(cell(f, '15:30', 0)).toBe('?15:30 Ana …');
    expect(cell(f, '16:00', 0)).toBe('?Intake int…');
    // Bob's session is in Bob's calendar, not Alice's.
    expect(f).not.toContain('Ben Okafor');
  });

  it('colours blocks by status: blue ahead, green completed, grey no-show; cancelled hidden until v, then red', async () => {
    const ui = await openTui(o.env);
    expect(codesBefore(ui.raw(), '09:00', '○09:00')).toContain(BG.blue);
    expect(codesBefore(ui.raw(), '10:00', '●10:00')).toContain(BG.blue);
    expect(codesBefore(ui.raw(), '11:30', '✓11:30')).toContain(BG.green);
    expect(codesBefore(ui.raw(), '15:30', '?15:30')).toContain(BG.grey);
    expect(cell(ui.frame(), '11:00', 3).trim()).toBe('');
    await ui.press('v');
    expect(cell(ui.frame(), '11:00', 3)).toBe('×11:00 Chlo…');
    expect(codesBefore(ui.raw(), '11:00', '×11:00')).toContain(BG.red);
    expect(ui.frame()).toContain('cancelled shown');
    await ui.press('v');
    expect(cell(ui.frame(), '11:00', 3).trim()).toBe('');
  });

  it('marks working time, time outside it and blocked time differently, and today and now', async () => {
    const ui = await openTui(o.env);
    const f = ui.frame();
    expect(cell(f, '08:00', 0)).toBe('░'.repeat(12));
    expect(cell(f, '13:00', 0)).toBe(' '.repeat(12));
    expect(cell(f, '10:00', 5)).toBe('░'.repeat(12));
    expect(cell(f, '14:00', 2)).toBe('▒'.repeat(12));
    expect(cell(f, '15:30', 2)).toBe('▒'.repeat(12));
    expect(cell(f, '16:00', 2)).toBe(' '.repeat(12));
    // 09:00 in Paris: the time carries the now line, and today's free cell too.
    expect(f).toMatch(/^09:00─/m);
    expect(cell(f, '09:00', 1)).toBe('─'.repeat(12));
    expect(f).toContain('[Tue 1 Dec]');
    expect(codesBefore(ui.raw(), '08:00', '│░')).toContain('90');
    expect(codesBefore(ui.raw(), '14:00', '▒')).toContain('33');
  });

  it('shows the booking under the cursor in the pane: client, contact, service, format, notes, status, history', async () => {
    const ui = await openTui(o.env);
    await ui.press('j', 'j');
    const f = ui.frame();
    expect(f).toContain(`#${o.ids.tueConfirmed} ● confirmed  Tue 1 Dec 10:00-11:00  with alice`);
    expect(f).toContain('Ana Lima <ana@example.com>  +33 6 12 34 56 78');
    expect(f).toContain('Intake interview (intake), in-person');
    expect(f).toMatch(/notes\s+-/);
    expect(f).toMatch(/history\s+2 events; latest: .*booked.*confirmed/);
  });
});

describe('moving around', () => {
  const cursorRow = (ui: Awaited<ReturnType<typeof openTui>>) => ui.lines().find((l) => /^\d\d:\d\d/.test(l) && l.includes('▶'))!;
  const cursorCol = (ui: Awaited<ReturnType<typeof openTui>>) => Math.floor((cursorRow(ui).indexOf('▶') - 6) / 13);

  it('opens at today and the current half hour', async () => {
    const ui = await openTui(o.env);
    expect(cursorRow(ui).slice(0, 5)).toBe('09:00');
    expect(cursorCol(ui)).toBe(1);
  });

  it('h/j/k/l and the arrows move by day and by 30 minutes', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'j', 'j');
    expect(cursorCol(ui)).toBe(2);
    expect(cursorRow(ui).slice(0, 5)).toBe('10:00');
    expect(ui.frame()).toContain('Wed 2 Dec 10:00  free working time');
    await ui.press(KEY.left, KEY.left, KEY.up);
    expect(cursorCol(ui)).toBe(0);
    expect(cursorRow(ui).slice(0, 5)).toBe('09:30');
    await ui.press('k', 'k', 'k', 'k');
    expect(cursorRow(ui).slice(0, 5)).toBe('08:00');
    await ui.press(KEY.down, KEY.right);
    expect(cursorRow(ui).slice(0, 5)).toBe('08:30');
    expect(cursorCol(ui)).toBe(1);
  });

  it('takes a batch of keys one by one, as a terminal sends them', async () => {
    const ui = await openTui(o.env);
    await ui.type('lljj');
    expect(cursorCol(ui)).toBe(3);
    expect(cursorRow(ui).slice(0, 5)).toBe('10:00');
  });

  it('n/p and ]/[ change weeks, t comes back to today, and moving past Sunday goes to the next week', async () => {
    const ui = await openTui(o.env);
    await ui.press('n');
    expect(ui.lines()[0]).toContain('week 50: 7 Dec - 13 Dec 2026');
    expect(ui.frame()).not.toContain('[Tue');
    await ui.press('[', '[');
    expect(ui.lines()[0]).toContain('week 48: 23 Nov - 29 Nov 2026');
    await ui.press(']');
    expect(ui.lines()[0]).toContain('week 49');
    await ui.press('p', 't');
    expect(ui.lines()[0]).toContain('week 49');
    expect(cursorCol(ui)).toBe(1);
    await ui.press('l', 'l', 'l', 'l', 'l', 'l');
    expect(ui.lines()[0]).toContain('week 50');
    expect(cursorCol(ui)).toBe(0);
  });

  it('z back and forth with a zone 45 minutes off the half hour keeps the cursor on the same session', async () => {
    const ui = await openTui(o.env, { viewerZone: 'Asia/Kathmandu' });
    await ui.press('j', 'j');
    expect(cursorRow(ui).slice(0, 5)).toBe('10:00');
    for (let i = 0; i < 4; i++) {
      await ui.press('z');
      // 10:00 Paris is 14:45 in Kathmandu: drawn in the 14:30 row, the session still under the cursor.
      expect(ui.lines()[1]).toContain('Asia/Kathmandu (your zone)');
      expect(cursorRow(ui).slice(0, 5)).toBe('14:30');
      expect(ui.frame()).toContain(`#${o.ids.tueConfirmed} ● confirmed  Tue 1 Dec 14:45-15:45`);
      await ui.press('z');
      expect(cursorRow(ui).slice(0, 5)).toBe('10:00');
      expect(ui.frame()).toContain(`#${o.ids.tueConfirmed} ● confirmed  Tue 1 Dec 10:00-11:00`);
    }
  });

  it('Tab and s switch staff; times follow the staff member, z switches to the viewer\'s zone', async () => {
    const ui = await openTui(o.env, { viewerZone: 'Asia/Tokyo' });
    await ui.press(KEY.tab);
    expect(ui.lines()[0]).toContain('bob (Bob Carter)');
    expect(ui.lines()[1]).toContain("America/New_York (bob's zone)");
    // Bob's 10:00 New York session, in New York time.
    expect(cell(ui.frame(), '10:00', 1)).toBe('○10:00 Ben …');
    await ui.press('z');
    expect(ui.lines()[1]).toContain('Asia/Tokyo (your zone)');
    // 10:00 New York is 00:00 the next day in Tokyo: the day grows to show it, and scrolls.
    expect(ui.frame()).toMatch(/^00:30▲/m);
    await ui.type('k'.repeat(30));
    expect(cell(ui.frame(), '00:00', 2)).toBe('○00:00 Ben …');
    await ui.press('z', 's');
    expect(ui.lines()[0]).toContain('alice (Alice Martin)');
  });
});
