// A known week for the calendar's tests, seeded through the core on a real SQLite file, and helpers
// to read Ink frames: plain lines, one cell of the grid, and the colour codes in force before a text.
import { cleanup, render } from 'ink-testing-library';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { createElement } from 'react';
import { addBlock, setWeeklyHours } from '../../src/core/availability-rules';
import { book } from '../../src/core/booking';
import { addClient } from '../../src/core/clients';
import { cancel, complete, confirm, noShow } from '../../src/core/lifecycle';
import { addService } from '../../src/core/services';
import { setSetting } from '../../src/core/settings';
import { addStaff } from '../../src/core/staff';
import { App } from '../../src/tui/app';
import { TuiData } from '../../src/tui/data';
import { TIME_COL } from '../../src/tui/layout';
import { resolveStart, type StartOptions } from '../../src/tui/start';
import { testEnv } from '../helpers';

export type TestEnv = ReturnType<typeof testEnv>;

/** Tuesday 1 December 2026, 09:00 in Paris. */
export const NOW = '2026-12-01T08:00:00Z';

export interface Office {
  env: TestEnv;
  ids: { monConfirmed: number; monLater: number; monCompleted: number; monNoShow: number; tueConfirmed: number; wedScheduled: number; thuCancelled: number; bobTue: number };
}

export function office(): Office {
  const env = testEnv(NOW);
  setSetting(env, 'office_name', 'Test Office');
  addStaff(env, 'alice', { name: 'Alice Martin', email: 'alice@office.example', tz: 'Europe/Paris' });
  addStaff(env, 'bob', { name: 'Bob Carter', email: 'bob@office.example', tz: 'America/New_York' });
  setWeeklyHours(env, 'alice', { days: 'mon-fri', from: '09:00', to: '17:00' }, true);
  setWeeklyHours(env, 'bob', { days: 'mon-fri', from: '09:00', to: '17:00' }, true);
  addBlock(env, 'alice', { from: '2026-12-02 14:00', to: '2026-12-02 16:00', reason: 'dentist' });
  addService(env, 'intake', { name: 'Intake interview', duration: '60' });
  addService(env, 'coaching', { name: 'Coaching', duration: '30' });
  const ana = addClient(env, { name: 'Ana Lima', email: 'ana@example.com', phone: '+33 6 12 34 56 78' }).id;
  const ben = addClient(env, { name: 'Ben Okafor', email: 'ben@example.com' }).id;
  const chloe = addClient(env, { name: 'Chloé Dubois', email: 'chloe@example.com' }).id;
  const mk = (staff: string, client: number, at: string) => book(env, { staff, client: String(client), service: 'intake', at }).bookings[0]!.id;

  // Monday's sessions are booked the week before, then the clock moves on to Tuesday morning.
  env.setNow('2026-11-27T08:00:00Z');
  const monConfirmed = mk('alice', ana, '2026-11-30 10:00');
  const monLater = mk('alice', ben, '2026-11-30 14:00');
  const monCompleted = mk('alice', chloe, '2026-11-30 11:30');
  const monNoShow = mk('alice', ana, '2026-11-30 15:30');
  for (const id of [monConfirmed, monLater, monCompleted, monNoShow]) confirm(env, id);
  env.setNow(NOW);
  complete(env, monCompleted);
  noShow(env, monNoShow);
  const tueConfirmed = mk('alice', ana, '2026-12-01 10:00');
  confirm(env, tueConfirmed);
  const wedScheduled = mk('alice', ben, '2026-12-02 09:00');
  const thuCancelled = mk('alice', chloe, '2026-12-03 11:00');
  cancel(env, { id: thuCancelled, reason: 'travel' });
  const bobTue = mk('bob', ben, '2026-12-01 10:00');
  return { env, ids: { monConfirmed, monLater, monCompleted, monNoShow, tueConfirmed, wedScheduled, thuCancelled, bobTue } };
}

/** A fresh office for every test of the file (the same object, refilled), closed after it. */
export function freshOffice(): Office {
  const current = {} as Office;
  beforeEach(() => void Object.assign(current, office()));
  afterEach(() => {
    cleanup();
    current.env.close();
  });
  return current;
}

/** Puts an environment variable a test file changed (in vi.hoisted) back, for the files a worker runs next. */
export function restoreAfterAll(name: string, before: string | undefined) {
  afterAll(() => {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  });
}

export const wait = (ms = 40) => new Promise((r) => setTimeout(r, ms));

export const KEY = { up: '\u001b[A', down: '\u001b[B', right: '\u001b[C', left: '\u001b[D', enter: '\r', esc: '\u001b', tab: '\t', backspace: '\u007f' };

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[\d;]*m/g;
export const plain = (s: string | undefined) => (s ?? '').replace(ANSI, '');

/** Opens the calendar on the office, as `sched tui` would, and waits for Ink to listen to keys. */
export async function openTui(env: TestEnv, opts: StartOptions & { viewerZone?: string } = {}) {
  const data = new TuiData(env);
  const start = resolveStart(env, opts);
  if (opts.viewerZone) start.viewerZone = opts.viewerZone;
  const ui = render(createElement(App, { data, start, pollMs: 100 }));
  await wait(50);
  return {
    ...ui,
    data,
    raw: () => ui.lastFrame() ?? '',
    frame: () => plain(ui.lastFrame()),
    lines: () => plain(ui.lastFrame()).split('\n'),
    /** Presses each key in turn (Ink takes in one key per read). */
    press: async (...keys: string[]) => {
      for (const k of keys) {
        ui.stdin.write(k);
        await wait(30);
      }
    },
    /** Sends keys in one write, as a terminal does for fast typing or tmux for send-keys. */
    type: async (text: string) => {
      ui.stdin.write(text);
      await wait(60);
    },
  };
}

/** The text of a grid cell: the row that starts with the time, the day column (0 = first shown). */
export function cell(frame: string, time: string, col: number, width = 13): string {
  const line = plain(frame).split('\n').find((l) => l.startsWith(time));
  if (!line) throw new Error(`no row ${time} in\n${plain(frame)}`);
  const at = TIME_COL + col * width;
  return line.slice(at + 1, at + width);
}

/** The SGR parameters in force just before the first occurrence of `text` on the row of `time`. */
export function codesBefore(frame: string, time: string, text: string): string[] {
  const line = frame.split('\n').find((l) => plain(l).startsWith(time))!;
  const at = line.indexOf(text);
  if (at < 0) throw new Error(`"${text}" not on row ${time}: ${plain(line)}`);
  const run = /(?:\u001b\[[\d;]*m)+$/.exec(line.slice(0, at))?.[0] ?? '';
  return [...run.matchAll(/\u001b\[([\d;]*)m/g)].map((m) => m[1]!);
}
