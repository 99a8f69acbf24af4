// Test helpers: a real SQLite file in a temporary folder, the core called directly, and the built binary run as a process.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Env } from '../src/core/env';
import { openSqliteStore } from '../src/db/sqlite-store';
import { main } from '../src/main';
import { SchedError } from '../src/errors';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'sched');

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sched-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A core Env on a fresh database file, with a clock the test moves. */
export function testEnv(nowIso = '2026-12-01T08:00:00Z') {
  const { dir, cleanup } = tempDir();
  let now = Date.parse(nowIso);
  const store = openSqliteStore(join(dir, 'test.db'), () => now);
  const env: Env & { setNow(iso: string): void; dir: string; close(): void } = {
    store,
    now: () => now,
    actor: 'tester',
    setNow: (iso: string) => void (now = Date.parse(iso)),
    dir,
    close: () => {
      store.close();
      cleanup();
    },
  };
  return env;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `sched` binary as a user would. */
export function sched(args: string[], env: Record<string, string> = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, SCHED_USER: 'e2e', ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The same binary, started without waiting (for races). */
export function schedAsync(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Calls the CLI in-process (the same entry the binary uses), with string streams. */
export async function runInProcess(args: string[], env: Record<string, string>): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { SCHED_USER: 'in-process', ...env },
  });
  return { code, stdout, stderr };
}

/** The command lines of a small office: alice (in `tz`) working weekdays 09:00-17:00, client 1 Ana, service talk (60 min). */
export const aliceAnaTalk = (tz = 'UTC'): string[][] => [
  ['staff', 'add', 'alice', '--name', 'Alice', '--email', 'alice@office.example', '--tz', tz],
  ['avail', 'set', 'alice', '--days', 'mon-fri', '--from', '09:00', '--to', '17:00'],
  ['client', 'add', '--name', 'Ana', '--email', 'ana@example.com'],
  ['service', 'add', 'talk', '--name', 'Talk', '--duration', '60'],
];

/** The CLI in process on a fresh office database in a temporary folder; `env` adds SCHED_NOW and the like. */
export function inProcessOffice(env: Record<string, string> = {}) {
  const { dir, cleanup } = tempDir();
  const base = { SCHED_DB: join(dir, 'office.db'), ...env };
  const runWith = (extra: Record<string, string>, ...args: string[]) => runInProcess(args, { ...base, ...extra });
  return {
    dir,
    cleanup,
    runWith,
    run: (...args: string[]) => runWith({}, ...args),
    /** Runs each command line in turn; the first that fails stops the test with its error. */
    async setUp(lines: string[][]) {
      for (const args of lines) {
        const r = await runWith({}, ...args);
        if (r.code !== 0) throw new Error(`sched ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
      }
    },
  };
}

/** The SchedError a call throws (any other error fails the test, and so does no error). */
export function refused(fn: () => unknown): SchedError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SchedError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}
