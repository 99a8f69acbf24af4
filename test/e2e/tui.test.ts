// `sched tui` as a person uses it: the built binary in a real terminal (tmux), keys sent to it, the screen
// read back, the database checked through the CLI. Skipped only where tmux is missing (CI installs it).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, sched, tempDir } from '../helpers';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const t = tempDir();
const DB = join(t.dir, 'demo.db');
// Tuesday 1 December 2026, 10:10 in Paris.
const NOW = '2026-12-01T09:10:00Z';
const ENV = { SCHED_NOW: NOW, TZ: 'Europe/London' };
// A server of our own, so that a developer's tmux sessions are never touched.
const SOCKET = `sched-tui-test-${process.pid}`;
const SESSION = 'tui';

const tmux = (...args: string[]) => {
  const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const screen = (session = SESSION) => tmux('capture-pane', '-p', '-t', session);
/** `sched tui` on the demo office as a shell command, with only these variables set (env -i). */
const tuiCommand = (vars: Record<string, string>) => {
  const env = Object.entries({ ...ENV, ...vars, PATH: process.env.PATH!, HOME: process.env.HOME!, TERM: 'xterm-256color' }).map(([k, v]) => `${k}=${v}`);
  return ['env', '-i', ...env, process.execPath, BIN, 'tui', '--db', DB, '--staff', 'alice'].map((a) => `'${a}'`).join(' ');
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the screen shows what `ok` looks for, and returns it. */
async function until(ok: (s: string) => boolean, what: string, session = SESSION, ms = 10_000): Promise<string> {
  const end = Date.now() + ms;
  let s = '';
  while (Date.now() < end) {
    s = screen(session);
    if (ok(s)) return s;
    await sleep(100);
  }
  throw new Error(`screen never showed ${what}:\n${s}`);
}
const shows = (text: string) => until((s) => s.includes(text), JSON.stringify(text));
const keys = (text: string) => tmux('send-keys', '-t', SESSION, '-l', text);
const list = (day: string) => JSON.parse(sched(['--db', DB, 'list', '--staff', 'alice', '--from', day, '--to', day, '--json'], ENV).stdout);

beforeAll(() => {
  const r = sched(['demo', '--db', DB], ENV);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  t.cleanup();
});

describe.skipIf(!hasTmux)('sched tui in a terminal', () => {
  it('opens on the week, books with keys sent in batches, shows changes made elsewhere, follows resizes, and quits', async () => {
    // CI=true as on CI machines: Ink would then draw only its last frame, unless sched tui hides it from Ink.
    const cmd = tuiCommand({ CI: 'true', SCHED_USER: 'e2e' });
    tmux('new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', `${cmd}; echo "sched exited $?"; sleep 60`);

    let s = await shows('Northwind Consulting');
    expect(s).toContain('alice (Alice Martin)');
    expect(s).toContain('week 49: 30 Nov - 6 Dec 2026');
    expect(s).toMatch(/Mon 30 Nov .*\[Tue 1 Dec\].*Sun 6 Dec/);
    expect(s).toMatch(/^10:00─/m);

    // Friday 10:00, Grace Kim, the first service (coaching): one batch of keys, then Enter as a key.
    keys('lllbgrace');
    await shows('Grace Kim <grace.kim@example.com>');
    tmux('send-keys', '-t', SESSION, 'Enter');
    await shows('service (↑↓ choose, Enter)');
    tmux('send-keys', '-t', SESSION, 'Enter');
    await shows('Book Grace Kim for Coaching session');
    keys('y');
    s = await shows('✓ booked booking');
    const made = list('2026-12-04').find((b: any) => b.client_name === 'Grace Kim');
    expect(made).toMatchObject({ service: 'coaching', status: 'scheduled', start: '2026-12-04T10:00:00+01:00' });

    keys('c');
    await shows(`✓ confirmed booking ${made.id}`);
    expect(list('2026-12-04').find((b: any) => b.id === made.id).status).toBe('confirmed');

    // Another terminal books Friday 11:00: the screen shows it without a key.
    const other = sched(['--db', DB, 'book', '--staff', 'alice', '--client', 'hugo.rossi@example.com', '--service', 'intake', '--at', '2026-12-04 11:00'], ENV);
    expect(other.code, other.stderr).toBe(0);
    const t0 = Date.now();
    s = await until((x) => /11:00 .*○11:00 Hugo/.test(x), 'the booking made elsewhere', SESSION, 4000);
    // Polled twice a second: well within a second when idle; the bound leaves room for a busy CI machine.
    expect(Date.now() - t0).toBeLessThan(2500);

    tmux('resize-window', '-t', SESSION, '-x', '80', '-y', '40');
    s = await until((x) => /Thu 3 Dec .*\[?Fri 4 Dec\]? .*Sat 5 Dec/.test(x) && !x.includes('Mon 30 Nov'), 'three days');
    tmux('resize-window', '-t', SESSION, '-x', '120', '-y', '40');
    await until((x) => x.includes('Mon 30 Nov'), 'the week again');
    // Narrower in a tall terminal: the old, wider frame is wrapped by the terminal; none of it may stay on screen.
    tmux('resize-window', '-t', SESSION, '-x', '140', '-y', '60');
    await until((x) => x.split('\n')[0]!.startsWith('Northwind Consulting') && x.includes('Sun 6 Dec'), 'the week, wide');
    tmux('resize-window', '-t', SESSION, '-x', '100', '-y', '60');
    s = await until((x) => x.includes('Sun 6 Dec') && x.split('\n')[0]!.length <= 100, 'the week, narrower');
    await sleep(600);
    s = screen();
    expect(s.split('\n')[0]).toMatch(/^Northwind Consulting/);
    expect(s.split('\n').filter((l) => l.startsWith('Northwind Consulting'))).toHaveLength(1);

    keys('q');
    s = await shows('sched exited 0');
    // The alternate screen is gone: the shell's screen is back.
    expect(s).not.toContain('Northwind Consulting');
  });
});

describe.skipIf(!hasTmux)('sched tui ended by a signal', () => {
  // Each signal in a terminal of its own: the shell prints a line, runs sched tui, then prints its exit status.
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)('%s: the calendar closes, the shell\'s screen comes back, and the exit status is %i', async (signal, status) => {
    const session = `sig-${signal}`;
    const pidFile = join(t.dir, `${signal}.pid`);
    const script = join(t.dir, `${signal}.sh`);
    const cmd = tuiCommand({});
    // exec keeps the script's pid, so the pid written is sched's own.
    writeFileSync(script, `echo $$ > '${pidFile}'\nexec ${cmd}\n`);
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `echo "typed before sched tui"; sh '${script}'; echo "sched exited $?"; sleep 60`);
    await until((s) => s.includes('Northwind Consulting') && s.includes('alice (Alice Martin)'), 'the calendar', session);
    expect(screen(session)).not.toContain('typed before sched tui');
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), signal);
    const s = await until((x) => x.includes('sched exited'), 'the exit status', session);
    expect(s).toContain(`sched exited ${status}`);
    // The normal screen is back, with what the shell printed before, and the calendar is gone.
    expect(s).toContain('typed before sched tui');
    expect(s).not.toContain('Northwind Consulting');
    // The terminal is usable again: the cursor shows (Ink hid it while drawing).
    expect(tmux('display-message', '-p', '-t', session, '#{cursor_flag}#{alternate_on}').trim()).toBe('10');
  });
});

describe.skipIf(!hasTmux)('sched tui in a window that is closed', () => {
  it('ends quietly: no assertion or abort from Node on the terminal that is gone', async () => {
    const session = 'closed-window';
    const pidFile = join(t.dir, 'closed.pid');
    const errFile = join(t.dir, 'closed.err');
    const script = join(t.dir, 'closed.sh');
    writeFileSync(script, `echo $$ > '${pidFile}'\nexec ${tuiCommand({})} 2> '${errFile}'\n`);
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `sh '${script}'`);
    await until((s) => s.includes('Northwind Consulting'), 'the calendar', session);
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    tmux('kill-session', '-t', session);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toBe(false);
    expect(readFileSync(errFile, 'utf8')).toBe('');
  });
});

describe('sched tui outside a terminal', () => {
  it('refuses with one line when stdin is not a terminal', () => {
    const r = sched(['--db', DB, 'tui'], ENV);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('sched: sched tui needs a terminal (run it in an interactive terminal; scripts can use sched list --json)\n');
  });

  it('no other command loads Ink or React: sched list --json reads neither the TUI bundle nor a library it does not use', () => {
    const log = join(t.dir, 'loaded.txt');
    writeFileSync(log, '');
    // Every file the process loads: ES modules through a loader hook, CommonJS ones from require.cache at exit.
    const hook = `import { appendFileSync } from 'node:fs'; export async function load(url, context, next) { if (url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, new URL(url).pathname + '\\n'); return next(url, context); }`;
    const preload = join(t.dir, 'record.cjs');
    writeFileSync(preload, `const { appendFileSync } = require('node:fs'); require('node:module').register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});
process.on('exit', () => appendFileSync(${JSON.stringify(log)}, Object.keys(require.cache).join('\\n') + '\\n'));\n`);
    const loads = (args: string[]) => {
      writeFileSync(log, '');
      const r = spawnSync(process.execPath, ['--require', preload, BIN, '--db', DB, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH!, ...ENV } });
      expect(r.status, r.stderr).toBe(0);
      return { stdout: r.stdout, files: readFileSync(log, 'utf8').split('\n').filter((f) => f.includes('/dist/')) };
    };
    const isInk = (file: string) => /ink-root|react\.transitional\.element/.test(readFileSync(file, 'utf8'));
    // The marks are real: the TUI's bundle has them, the bundle every command loads has not.
    expect(isInk(join(ROOT, 'dist', 'tui', 'main.js'))).toBe(true);
    expect(isInk(join(ROOT, 'dist', 'sched.cjs'))).toBe(false);

    const list = loads(['list', '--json']);
    expect(JSON.parse(list.stdout).length).toBeGreaterThan(0);
    expect(list.files.filter((f) => /\/dist\/(tui|vendor)\//.test(f) || f.endsWith('import-esm.cjs'))).toEqual([]);
    // The recorder sees what a command does load: export ics requires the calendar library's bundle.
    const ics = loads(['export', 'ics', '--staff', 'alice', '-o', join(t.dir, 'alice.ics')]);
    expect(ics.files.some((f) => f.endsWith('/dist/vendor/ics.cjs'))).toBe(true);
    expect(ics.files.some((f) => f.includes('/dist/tui/'))).toBe(false);
  });
});
