// sched tui: how fast a week is drawn, and how soon the built binary shows its first full screen.
//   1. a week with 300 bookings rendered to a frame (goal < 30 ms): the week grid from loaded data, and the
//      whole screen read afresh from SQLite; median and p95
//   2. start-up of `sched tui` (after npm run build) to the first full screen, in tmux: median of runs
// Run with: npx tsx bench/tui.ts
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { createElement } from 'react';
import { setWeeklyHours } from '../src/core/availability-rules';
import { addClient } from '../src/core/clients';
import type { Env } from '../src/core/env';
import { addService } from '../src/core/services';
import { addStaff } from '../src/core/staff';
import { openSqliteStore } from '../src/db/sqlite-store';
import { TuiData } from '../src/tui/data';
import { resolveStart } from '../src/tui/start';
import { initialState, weekModel } from '../src/tui/state';

// Drawn as on a terminal, colours included (chalk decides when it loads, so Ink comes after this line).
process.env.FORCE_COLOR ??= '1';
const { renderToString } = await import('ink');
const { App } = await import('../src/tui/app');
const { WeekView } = await import('../src/tui/week');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'sched');
const dir = mkdtempSync(join(tmpdir(), 'sched-bench-tui-'));
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const line = (label: string, value: string, goal: string) => console.log(`${label.padEnd(66)} ${value.padStart(22)}   ${goal}`);
const COLUMNS = 120;

// ---- 1. a week with 300 bookings -------------------------------------------------------------
{
  const now = Date.parse('2026-12-01T08:00:00Z');
  const env: Env = { store: openSqliteStore(join(dir, 'week.db'), () => now), now: () => now, actor: 'bench' };
  addStaff(env, 'alice', { name: 'Alice', email: 'alice@office.example', tz: 'Europe/Paris' });
  setWeeklyHours(env, 'alice', { days: 'daily', from: '08:00', to: '20:00' }, true);
  addService(env, 'short', { name: 'Short talk', duration: '15' });
  for (let i = 0; i < 40; i++) addClient(env, { name: `Client number ${i}`, email: `c${i}@example.com` });
  // 300 sessions of 15 minutes over Monday 30 November to Sunday 6 December: about two in every half hour
  // of a 12-hour day, every status. Inserted directly: the point is drawing them, not booking them.
  const sqlite = (env.store as unknown as { sqlite: Database.Database }).sqlite;
  const insert = sqlite.prepare(`insert into bookings (staff_id, client_id, service_id, start_at, end_at, status, format, tz, created_at, updated_at)
    values (1, ?, 1, ?, ?, ?, 'in-person', 'Europe/Paris', ?, ?)`);
  const statuses = ['scheduled', 'confirmed', 'completed', 'no_show', 'cancelled'];
  sqlite.transaction(() => {
    for (let n = 0; n < 300; n++) {
      const day = n % 7;
      const k = Math.floor(n / 7);
      const start = Date.parse('2026-11-30T07:00:00Z') + day * 86_400_000 + k * 15 * 60_000;
      insert.run(1 + (n % 40), start, start + 15 * 60_000, statuses[n % statuses.length], now, now);
    }
  })();

  const data = new TuiData(env);
  const start = resolveStart(env, { staff: 'alice', week: '2026-12-02' });
  const state = { ...initialState(start), showCancelled: true };
  const model = weekModel(data, state, COLUMNS);
  const shown = model.week.views.length;
  if (shown !== 300) throw new Error(`expected 300 bookings in the week, found ${shown}`);

  const time = (runs: number, fn: () => unknown) => {
    const out: number[] = [];
    for (let i = 0; i < runs + 10; i++) {
      const t0 = process.hrtime.bigint();
      fn();
      out.push(ms(t0));
    }
    return out.slice(10);
  };
  // The grid alone, from data already loaded: what each key press costs.
  const grid = time(100, () => renderToString(createElement(WeekView, { model: weekModel(data, state, COLUMNS), now, columns: COLUMNS, height: 60 }), { columns: COLUMNS }));
  // The whole screen, with the week read again from SQLite and laid out again (what a change made elsewhere costs).
  const screen = time(100, () => {
    data.invalidate();
    return renderToString(createElement(App, { data, start: { ...start }, pollMs: 60_000 }), { columns: COLUMNS });
  });
  const frame = renderToString(createElement(WeekView, { model, now, columns: COLUMNS, height: 60 }), { columns: COLUMNS });
  line(`week of ${shown} bookings, ${model.rows.length} rows x 7 days, ${frame.split('\n').length} lines: grid render`, `median ${median(grid).toFixed(2)} ms, p95 ${p95(grid).toFixed(2)} ms`, 'goal < 30 ms');
  line('  the whole screen, the week read again from SQLite', `median ${median(screen).toFixed(2)} ms, p95 ${p95(screen).toFixed(2)} ms`, 'goal < 30 ms');
  env.store.close();
}

// ---- 2. start-up to the first full screen ----------------------------------------------------------
{
  const hasTmux = spawnSync('tmux', ['-V']).status === 0;
  if (!hasTmux) {
    line('sched tui start-up to the first full screen', 'skipped', 'needs tmux');
  } else if (!existsSync(join(ROOT, 'dist', 'tui', 'main.js'))) {
    line('sched tui start-up to the first full screen', 'skipped', 'run npm run build first');
  } else {
    const db = join(dir, 'demo.db');
    const env = { SCHED_NOW: '2026-12-01T09:10:00Z', PATH: process.env.PATH!, HOME: process.env.HOME ?? dir, TERM: 'xterm-256color' };
    const demo = spawnSync(process.execPath, [BIN, 'demo', '--db', db], { env: { ...process.env, ...env } });
    if (demo.status !== 0) throw new Error(`sched demo failed: ${demo.stderr}`);
    const socket = `sched-bench-${process.pid}`;
    const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    const envArgs = Object.entries(env).map(([k, v]) => `'${k}=${v}'`).join(' ');
    /** Milliseconds from starting the command until the screen shows `ready`. */
    const firstScreen = (command: string, ready: (screen: string) => boolean): number => {
      tmux('kill-session', '-t', 'bench');
      const t0 = process.hrtime.bigint();
      const started = tmux('new-session', '-d', '-s', 'bench', '-x', '120', '-y', '40', `env -i ${envArgs} ${command}; sleep 30`);
      if (started.status !== 0) throw new Error(`tmux new-session: ${started.stderr}`);
      for (;;) {
        const screen = tmux('capture-pane', '-p', '-t', 'bench').stdout;
        if (ready(screen)) break;
        if (ms(t0) > 15_000) throw new Error(`no full screen after 15 s:\n${screen}`);
      }
      const took = ms(t0);
      tmux('kill-session', '-t', 'bench');
      return took;
    };
    // A session that stays: closing the last one stops the server, and the next run could reach it while it stops.
    tmux('new-session', '-d', '-s', 'keep', 'sleep 600');
    const RUNS = 9;
    const node = process.execPath;
    const bare: number[] = [];
    const tui: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // The same measure for a program that prints at once: what tmux and polling add.
      bare.push(firstScreen(`'${node}' -e 'console.log("ready")'`, (s) => s.includes('ready')));
      // Full: the header and the status line's hints are both drawn.
      tui.push(firstScreen(`'${node}' '${BIN}' tui --db '${db}' --staff alice`, (s) => s.includes('Northwind Consulting') && s.includes('? keys')));
    }
    tmux('kill-server');
    line(`node printing one line, seen in tmux, median of ${RUNS}`, `${median(bare).toFixed(0)} ms`, '');
    line(`sched tui to the first full screen (demo office), median of ${RUNS}`, `${median(tui).toFixed(0)} ms`, `${(median(tui) - median(bare)).toFixed(0)} ms more than node`);
  }
}

rmSync(dir, { recursive: true, force: true });
