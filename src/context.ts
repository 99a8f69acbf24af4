// What a command is handed (as the GitHub CLI does it): the clock, the database, the output streams, the user.
// Tests build one around a temporary database and string streams, and call commands directly.
import { userInfo } from 'node:os';
import { invalid } from './errors';
import type { Env } from './core/env';
import type { Store } from './db/store';
import { styler, type Styler } from './style';

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  /** Opens the store at a path; the default opens SQLite (loaded only when a command needs it). */
  openStore?: (path: string, now: () => number, lockWaitMs: number, onLockWait?: () => void) => Store | Promise<Store>;
}

export interface GlobalOptions {
  db?: string;
  json?: boolean;
  tz?: string;
}

export interface Ctx extends Env {
  io: Io;
  json: boolean;
  /** --tz: the zone to show times in (and read wall times in), when given. */
  tz?: string;
  dbPath: string;
  /** Human output on stdout (silent with --json). */
  say(line?: string): void;
  /** Data on stdout with --json. */
  data(value: unknown): void;
  /** Messages for people: stderr, so that stdout carries only data. */
  info(line: string): void;
  /** Whether a wait for another process's write lock is said on stderr (not under the TUI, which owns the screen). */
  lockNotes: boolean;
  style: Styler;
}

/** SCHED_NOW (an ISO instant) replaces the clock everywhere, for tests, demos and simulations. */
export function clockFrom(env: NodeJS.ProcessEnv): () => number {
  const fixed = env.SCHED_NOW;
  if (!fixed) return Date.now;
  // Date.parse reads ISO 8601 with an offset exactly; the pattern keeps out the forms it would guess at.
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(fixed.trim()) ? Date.parse(fixed.trim()) : NaN;
  // Date.parse rolls 2026-02-30 over into March; a day that does not exist is refused instead.
  const [y, m, d] = fixed.trim().slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(ms) || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
    throw invalid(`SCHED_NOW: "${fixed}" is not an ISO instant with an offset`, 'e.g. SCHED_NOW=2026-12-01T09:00:00Z');
  }
  return () => ms;
}

/** SCHED_LOCK_WAIT: seconds a command waits for another process's write lock (default 30). */
export function lockWaitFrom(env: NodeJS.ProcessEnv): number {
  const value = env.SCHED_LOCK_WAIT;
  if (value === undefined || value.trim() === '') return 30_000;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || seconds <= 0 || seconds > 3600) {
    throw invalid(`SCHED_LOCK_WAIT: "${value}" is not a number of seconds`, 'e.g. SCHED_LOCK_WAIT=30; at most 3600');
  }
  return Math.round(seconds * 1000);
}

export function actorFrom(env: NodeJS.ProcessEnv): string {
  if (env.SCHED_USER) return env.SCHED_USER;
  try {
    return userInfo().username;
  } catch {
    return env.USER || env.LOGNAME || 'unknown';
  }
}

export async function createContext(io: Io, globals: GlobalOptions, dbPath: string): Promise<Ctx> {
  const now = clockFrom(io.env);
  const open = io.openStore ?? (async (path: string, clock: () => number, wait: number, onWait?: () => void) => (await import('./db/sqlite-store')).openSqliteStore(path, clock, wait, onWait));
  const lockWait = lockWaitFrom(io.env);
  // Said once, on stderr, when a command has to wait for another process's write: else a long wait looks like a hang.
  const waitNote = () => {
    if (ctx.lockNotes) io.stderr.write(`sched: waiting for another process to finish writing to the database (up to ${Math.round(lockWait / 1000)} s: SCHED_LOCK_WAIT)\n`);
  };
  const store = await open(dbPath, now, lockWait, waitNote);
  const json = !!globals.json;
  const ctx: Ctx = {
    lockNotes: true,
    store,
    now,
    actor: actorFrom(io.env),
    io,
    json,
    tz: globals.tz,
    dbPath,
    say: (line = '') => {
      if (!json) io.stdout.write(`${line}\n`);
    },
    data: (value) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    info: (line) => io.stderr.write(`${line}\n`),
    style: styler(io.stdout, io.env),
  };
  return ctx;
}
