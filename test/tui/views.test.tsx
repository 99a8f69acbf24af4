// The other views (month, agenda, a booking, help), narrow terminals, live refresh, and the marks that
// carry the meaning when there is no colour at all.
import { describe, expect, it, vi } from 'vitest';

// As with NO_COLOR (sched tui turns it into FORCE_COLOR=0 for chalk): no colour codes at all.
const saved = vi.hoisted(() => {
  const before = process.env.FORCE_COLOR;
  process.env.FORCE_COLOR = '0';
  return before;
});

import { book } from '../../src/core/booking';
import { addClient } from '../../src/core/clients';
import { addService } from '../../src/core/services';
import { setOverride } from '../../src/core/availability-rules';
import { cancel, setNotes } from '../../src/core/lifecycle';
import { openSqliteStore } from '../../src/db/sqlite-store';
import { KEY_HELP } from '../../src/tui/keys';
import { cell, KEY, freshOffice, openTui, wait, restoreAfterAll } from './office';

/** The status line's message, joined again where the frame wrapped it. */
const message = (frame: string) => frame.slice(Math.max(frame.lastIndexOf('✓ '), frame.lastIndexOf('✗ '))).replace(/\s+/g, ' ').trim();

restoreAfterAll('FORCE_COLOR', saved);
const o = freshOffice();

describe('without colour', () => {
  it('still tells statuses, free, off and blocked time, today, now and the cursor apart by their marks', async () => {
    const ui = await openTui(o.env);
    await ui.press('v');
    expect(ui.raw()).not.toMatch(/\u001b\[/);
    const f = ui.frame();
    expect(['○09:00', '●10:00', '✓11:30', '?15:30', '×11:00'].every((m) => f.includes(m))).toBe(true);
    expect(cell(f, '08:00', 0)).toBe('░'.repeat(12));
    expect(cell(f, '14:00', 2)).toBe('▒'.repeat(12));
    expect(cell(f, '13:00', 0)).toBe(' '.repeat(12));
    expect(f).toMatch(/^09:00─│ {12}▶─{12}│/m);
    expect(f).toContain('[Tue 1 Dec]');
  });
});

describe('views', () => {
  it('m shows the month with sessions a day; n/p change months; Enter opens that week', async () => {
    const ui = await openTui(o.env);
    await ui.press('m');
    const f = ui.frame();
    expect(ui.lines()[0]).toContain('December 2026');
    expect(f).toMatch(/Mon\s+Tue\s+Wed\s+Thu\s+Fri\s+Sat\s+Sun/);
    // Monday 30 November had 4 sessions, Tuesday 1, Wednesday 1; Thursday's is cancelled.
    const weekRow = ui.lines().findIndex((l) => l.includes('[1]'));
    expect(ui.lines()[weekRow]).toMatch(/│ 30\s+▶\[1\]\s+│ 2\s+│ 3/);
    expect(ui.lines()[weekRow + 1]).toMatch(/│ 4 sessions\s+▶ 1 session\s+│ 1 session\s+│\s+│/);
    await ui.press('n');
    expect(ui.lines()[0]).toContain('January 2027');
    await ui.press('p', 'l', KEY.enter);
    expect(ui.lines()[0]).toContain('week 49');
    expect(ui.frame()).toContain('Wed 2 Dec 09:00');
  });

  it('counts a group session once in the month, however many clients it seats', async () => {
    addService(o.env, 'group', { name: 'Group workshop', duration: '60', capacity: '3' });
    for (const c of ['ana@example.com', 'ben@example.com', 'chloe@example.com']) book(o.env, { staff: 'alice', client: c, service: 'group', at: '2026-12-04 14:00' });
    const ui = await openTui(o.env);
    await ui.press('m');
    const weekRow = ui.lines().findIndex((l) => l.includes('[1]'));
    expect(ui.lines()[weekRow + 1]).toMatch(/│ 4 sessions\s+▶ 1 session\s+│ 1 session\s+│\s+│ 1 session\s+│/);
  });

  it('with cancelled sessions shown (v), a cancelled seat of a group is no extra session in the month', async () => {
    addService(o.env, 'group', { name: 'Group workshop', duration: '60', capacity: '3' });
    const ids = ['ana@example.com', 'ben@example.com', 'chloe@example.com'].map((c) => book(o.env, { staff: 'alice', client: c, service: 'group', at: '2026-12-04 14:00' }).bookings[0]!.id);
    cancel(o.env, { id: ids[2]!, reason: 'ill' });
    const ui = await openTui(o.env);
    await ui.press('v');
    await ui.press('m');
    const weekRow = ui.lines().findIndex((l) => l.includes('[1]'));
    // Thursday's 1 is the office's own cancelled session; Friday's group is 1, its cancelled seat in it.
    expect(ui.lines()[weekRow + 1]).toMatch(/│ 4 sessions\s+▶ 1 session\s+│ 1 session\s+│ 1 session\s+│ 1 session\s+│/);
  });

  it('a lists the coming sessions of every staff member; f filters by status', async () => {
    const ui = await openTui(o.env);
    await ui.press('a');
    let f = ui.frame();
    expect(f).toMatch(/▶Tue 1 Dec\s+10:00-11:00 alice\s+Ana Lima\s+Intake interview\s+● confirmed/);
    expect(f).toMatch(/16:00-17:00 bob\s+Ben Okafor/);
    expect(f).toMatch(/Wed 2 Dec\s+09:00-10:00 alice\s+Ben Okafor\s+Intake interview\s+○ scheduled/);
    expect(f).not.toContain('Chloé');
    // The pane shows the selected session.
    expect(f).toContain(`#${o.ids.tueConfirmed} ● confirmed`);
    await ui.press('f');
    f = ui.frame();
    expect(f).toContain('filter: scheduled');
    expect(f).not.toContain('● confirmed #');
    await ui.press('f', 'f', 'f', 'f');
    f = ui.frame();
    expect(f).toContain('filter: cancelled');
    expect(f).toMatch(/Thu 3 Dec\s+11:00-12:00 alice\s+Chloé Dubois\s+Intake interview\s+× cancelled/);
  });

  it('v shows the cancelled sessions in the agenda too, with the others', async () => {
    const ui = await openTui(o.env);
    await ui.press('a', 'v');
    const f = ui.frame();
    expect(f).toContain('filter: all, cancelled too');
    expect(f).toMatch(/Thu 3 Dec\s+11:00-12:00 alice\s+Chloé Dubois\s+Intake interview\s+× cancelled/);
    expect(f).toMatch(/Wed 2 Dec\s+09:00-10:00 alice\s+Ben Okafor/);
    await ui.press('v');
    expect(ui.frame()).not.toContain('Chloé');
  });

  it('lines up the history of a booking whose steps fall on days of two digits and of one', async () => {
    const ui = await openTui(o.env);
    await ui.press('h', 'j', 'j', 'j', 'j', 'j', KEY.enter);
    const history = ui.lines().filter((l) => /^ {2}(Fri 27 Nov|Tue 1 Dec) /.test(l));
    expect(history.length).toBeGreaterThanOrEqual(3);
    const actorAt = history.map((l) => l.search(/\S+\s+(booked|confirmed|completed)/));
    expect(new Set(actorAt).size).toBe(1);
  });

  it('Enter opens the booking with its whole history; Esc goes back', async () => {
    const ui = await openTui(o.env);
    await ui.press('j', 'j', KEY.enter);
    const f = ui.frame();
    expect(f).toContain(`booking ${o.ids.tueConfirmed}  ● confirmed`);
    expect(f).toMatch(/when\s+Tue 1 Dec 10:00-11:00 Europe\/Paris/);
    expect(f).toMatch(/client\s+Ana Lima <ana@example.com>, \+33 6 12 34 56 78/);
    expect(f).toMatch(/service\s+Intake interview \(intake\), in-person/);
    expect(f).toMatch(/history\n.*booked\n.*confirmed scheduled -> confirmed/);
    await ui.press(KEY.esc);
    await wait(50);
    expect(ui.frame()).not.toContain('history\n');
    expect(ui.frame()).toContain('Paris │ Mon 30 Nov');
  });

  it('? on an 80x24 terminal: every key and its whole description within reach, scrolling with j and k', async () => {
    const ui = await openTui(o.env);
    await setSize(ui, 80, 24);
    await ui.press('?');
    const pages = [ui.frame()];
    const fits = () => ui.lines().length <= 24 && ui.lines().every((l) => l.length <= 80);
    expect(fits()).toBe(true);
    expect(ui.frame()).toMatch(/▼ more: \d+ lines below \(j ↓ Space\)/);
    for (let i = 0; i < 40 && !ui.frame().includes('(end of the help)'); i++) {
      await ui.press('j');
      expect(fits()).toBe(true);
      pages.push(ui.frame());
    }
    expect(ui.frame()).toContain('(end of the help)');
    expect(ui.frame()).toMatch(/▲ \d+ above \(k ↑\)/);
    // Descriptions wrap under their key: joined again, every one is there in full.
    const seen = pages.join('\n').replace(/\s+/g, ' ');
    for (const [keys, what] of KEY_HELP) {
      expect(seen).toContain(` ${keys.replace(/\s+/g, ' ')} `);
      expect(seen).toContain(what);
    }
    await ui.press('k');
    expect(ui.frame()).toMatch(/▼ more: 1 line below/);
    await ui.press('x');
    expect(ui.frame()).not.toContain('any other key closes');
    expect(ui.frame()).not.toContain('Cancel booking');
  });

  it('? shows every key, the cancelled toggle among them', async () => {
    const ui = await openTui(o.env);
    await ui.press('?');
    const f = ui.frame();
    for (const [keys, what] of KEY_HELP) {
      expect(f).toContain(keys);
      expect(f).toContain(what.slice(0, 40));
    }
    expect(f).toContain('show / hide cancelled bookings');
    await ui.press('x');
    expect(ui.frame()).not.toContain('any other key closes');
    // The key that closed help did nothing else.
    expect(ui.frame()).not.toContain('Cancel booking');
  });
});

async function setSize(ui: Awaited<ReturnType<typeof openTui>>, columns: number, rows?: number) {
  Object.defineProperty(ui.stdout, 'columns', { get: () => columns, configurable: true });
  if (rows !== undefined) Object.defineProperty(ui.stdout, 'rows', { get: () => rows, configurable: true });
  ui.stdout.emit('resize');
  await wait(60);
}

describe('terminal size', () => {
  const resize = (ui: Awaited<ReturnType<typeof openTui>>, columns: number) => setSize(ui, columns);

  it('a half-hour session shows its service after the client where it fits, and leaves it out rather than show "· …"', async () => {
    book(o.env, { staff: 'alice', client: 'chloe@example.com', service: 'coaching', at: '2026-12-03 15:00' });
    const ui = await openTui(o.env);
    const at = async (columns: number) => {
      await setSize(ui, columns, 40);
      return cell(ui.frame(), '15:00', 3, Math.floor((columns - 6) / 7)).trim();
    };
    expect(await at(230)).toBe('○15:00 Chloé Dubois · Coaching');
    expect(await at(160)).toBe('○15:00 Chloé Dubois');
  });

  it('on a narrow screen the booking search keeps what is typed in view', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'l', 'j', 'j', 'b');
    await ui.type('Chl');
    await setSize(ui, 50, 20);
    expect(ui.lines().find((l) => l.startsWith('client'))!.trimEnd()).toBe('client: Chl▏');
  });

  it('at 80 columns the header still shows the zone the times are in', async () => {
    const ui = await openTui(o.env, { viewerZone: 'America/Argentina/Buenos_Aires' });
    await setSize(ui, 80, 24);
    expect(ui.lines()[1]).toMatch(/^Europe\/Paris \(alice's zone\)/);
    await ui.press('z');
    expect(ui.lines()[1]).toMatch(/^America\/Argentina\/Buenos_Aires \(your zone\)/);
    expect(ui.lines().every((l) => l.length <= 80)).toBe(true);
  });

  it('narrower than 100 columns shows 3 days, narrower than 60 one, and follows resizes', async () => {
    const ui = await openTui(o.env);
    await resize(ui, 80);
    let head = ui.lines()[2]!;
    expect(head).toMatch(/Mon 30 Nov .*\[Tue 1 Dec\].*Wed 2 Dec/);
    expect(head).not.toContain('Thu');
    expect(ui.lines()[0]).toContain('30 Nov - 2 Dec 2026');
    expect(cell(ui.frame(), '10:00', 1, 24)).toBe('●10:00 Ana Lima        ');
    await resize(ui, 50);
    head = ui.lines()[2]!;
    expect(head).toContain('[Tue 1 Dec]');
    expect(head).not.toContain('Mon');
    expect(ui.lines().every((l) => l.length <= 50)).toBe(true);
    await resize(ui, 120);
    expect(ui.lines()[2]).toContain('Sun 6 Dec');
  });
});

describe('small screens and odd data', () => {
  it('shows notes holding line breaks on one line each, with ↵, in the pane and the booking', async () => {
    setNotes(o.env, o.ids.tueConfirmed, 'a\nb\r\nc');
    const ui = await openTui(o.env);
    await ui.press('j', 'j');
    expect(ui.frame()).toContain(`#${o.ids.tueConfirmed} ● confirmed`);
    expect(ui.frame()).toContain('notes    a↵b↵c');
    await ui.press(KEY.enter);
    expect(ui.lines().find((l) => l.trimStart().startsWith('notes'))).toMatch(/notes\s+a↵b↵c$/);
  });

  it('fits the month into a short terminal, the cursor week always shown', async () => {
    const ui = await openTui(o.env);
    await setSize(ui, 50, 20);
    await ui.press('m');
    const lines = ui.lines();
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines[0]).toMatch(/^Test Office/);
    expect(lines.some((l) => /Mon\s+Tue\s+Wed/.test(l))).toBe(true);
    // The pane gives up lines first: at 20 lines the whole month still has a line for each week's counts.
    const cursorWeek = lines.findIndex((l) => l.includes('[1]'));
    expect(lines[cursorWeek + 1]).toMatch(/▶ 1 /);
    expect(lines.filter((l) => /^│ \d+\s+│/.test(l) || l.includes('[1]'))).toHaveLength(5);
    await setSize(ui, 50, 16);
    expect(ui.lines().length).toBeLessThanOrEqual(16);
    expect(ui.frame()).toContain('[1]');
  });

  // At 50 columns the refusal takes the hints' line too; at 40 it needs four lines and takes one from the view.
  it.each([60, 50, 40])('at %i columns a refusal too long for its two lines is shown whole, and the screen still fits', async (columns) => {
    const ui = await openTui(o.env);
    await setSize(ui, columns, 24);
    await ui.press('j', 'j', 'b', KEY.enter, KEY.enter, 'y');
    const f = ui.frame();
    expect(message(f)).toMatch(/^✗ alice is already booked Tue 1 Dec 10:00-11:00 \(booking \d+\); next free: (Tue 1 Dec \d\d:\d\d, ){2}Tue 1 Dec \d\d:\d\d$/);
    expect(f.split('\n').length).toBeLessThanOrEqual(24);
    expect(ui.lines()[0]).toContain('Test Office');
  });

  it('on a terminal of 20 lines the week keeps 10 half hours in view: the pane is what shrinks', async () => {
    const ui = await openTui(o.env);
    await setSize(ui, 140, 20);
    const rows = ui.lines().filter((l) => /^\d\d:\d\d[ ─▲▼]?│/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(ui.frame().split('\n').length).toBeLessThanOrEqual(20);
  });

  it('on a terminal of 14 or 10 lines the pane gives up lines, so the header stays on screen', async () => {
    const ui = await openTui(o.env);
    for (const rows of [14, 10]) {
      await setSize(ui, 100, rows);
      expect(ui.frame().split('\n').length, `${rows} lines`).toBeLessThanOrEqual(rows);
      expect(ui.lines()[0]).toContain('Test Office');
    }
  });

  it('at 40 columns the month keeps all seven days and their counts, the agenda each status and id', async () => {
    const ui = await openTui(o.env);
    await setSize(ui, 40, 30);
    await ui.press('m');
    const month = ui.lines();
    expect(month).toContain(' Mon  Tue  Wed  Thu  Fri  Sat  Sun');
    // The week of today (Tuesday the 1st, under the cursor), then its counts: Monday 30 November holds four sessions.
    const week = month.findIndex((l) => l.includes('[1]'));
    expect(month[week]).toMatch(/^│ 30 ▶\[1\] │ 2 {2}│ 3 {2}│ 4 {2}│ 5 {2}│ 6\s*$/);
    expect(month[week + 1]).toMatch(/^│ 4 {2}▶ 1 {2}│ 1 {2}│/);
    expect(month.every((l) => l.length <= 40)).toBe(true);
    await ui.press('a');
    const rows = ui.lines().filter((l) => /#\d+\s*$/.test(l));
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.every((l) => l.length <= 40 && /[●○✓?×] #\d+\s*$/.test(l))).toBe(true);
    expect(ui.lines().some((l) => /Tue 1\s+10:00-11:00/.test(l))).toBe(true);
  });

  it('separates a client name that fills its agenda column from the service', async () => {
    const name = 'Wilhelmina Abercrombie-X';
    const c = addClient(o.env, { name, email: 'w@example.com' });
    book(o.env, { staff: 'bob', client: String(c.id), service: 'intake', at: '2026-12-02 12:00' });
    const ui = await openTui(o.env);
    await ui.press('a');
    expect(ui.frame()).toContain(`${name} Intake interview`);
    await setSize(ui, 50, 24);
    // Narrow: the status keeps its glyph and the id shows.
    expect(ui.lines().find((l) => l.includes('Wilhel'))).toMatch(/Wilhelm… ○ #\d+\s*$/);
    expect(ui.lines().every((l) => l.length <= 50)).toBe(true);
  });

  it('tells the two 01:30s of the night clocks go back apart in the agenda, widening the time column only then', async () => {
    o.env.setNow('2027-10-25T12:00:00Z');
    const c = addClient(o.env, { name: 'Night Owl', email: 'owl@example.com' });
    book(o.env, { staff: 'bob', client: String(c.id), service: 'intake', at: '2027-11-07T01:30-05:00', force: true });
    book(o.env, { staff: 'bob', client: String(c.id), service: 'intake', at: '2027-11-08 10:00', force: true });
    const ui = await openTui(o.env, { tz: 'America/New_York' });
    await ui.press('a');
    const rows = ui.lines().filter((l) => l.includes('Night Owl'));
    expect(rows[0]).toContain('01:30 (UTC-5)-02:30 bob');
    // A day with no repeated time keeps the narrow column.
    ui.unmount();
    o.env.setNow('2027-11-08T12:00:00Z');
    const later = await openTui(o.env, { tz: 'America/New_York' });
    await later.press('a');
    expect(later.lines().find((l) => l.includes('Night Owl'))).toMatch(/Mon 8 Nov  10:00-11:00 bob {6}Night/);
  });

  it('marks the half hour the clock skips apart from free time, and the book form hints follow its step', async () => {
    setOverride(o.env, 'alice', { date: '2027-03-28', from: ['01:00'], to: ['04:00'] });
    const ui = await openTui(o.env, { week: '2027-03-28' });
    expect(cell(ui.frame(), '02:00', 6)).toMatch(/^╳+$/);
    expect(cell(ui.frame(), '01:00', 6).trim()).toBe('');
    await ui.press('b', KEY.enter);
    expect(ui.frame()).toContain('↑↓ / jk choose the service  Enter next  Esc back');
    await ui.press(KEY.enter);
    // The question says its keys once; the hints line does not say them again.
    expect(ui.frame()).toContain('answer the question above');
    expect(ui.frame().match(/Enter book/g)).toHaveLength(1);
  });
});

describe('live', () => {
  it('shows a change made elsewhere within a second, without a key, and keeps the cursor where it was', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'l', 'l', 'j');
    const cursorLine = () => ui.lines().find((l) => /^\d\d:\d\d/.test(l) && l.includes('▶'));
    const before = cursorLine();
    expect(cell(ui.frame(), '10:00', 3).trim()).toBe('');
    const other = openSqliteStore(o.env.store.path, o.env.now);
    try {
      book({ store: other, now: o.env.now, actor: 'elsewhere' }, { staff: 'alice', client: 'ben@example.com', service: 'intake', at: '2026-12-03 10:00' });
    } finally {
      other.close();
    }
    await wait(600);
    expect(cell(ui.frame(), '10:00', 3)).toBe('○10:00 Ben …');
    expect(cursorLine()).toBe(before);
    expect(ui.frame()).toContain('Fri 4 Dec 09:30');
  });
});
