// Opening the SQLite database: where it lives, its pragmas, and the forward-only migrations.
import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { SchedError, invalid } from '../errors';
import { migrations } from './migrations.gen';

export type Sqlite = Database.Database;

/** --db PATH, else $SCHED_DB, else $XDG_DATA_HOME/sched/sched.db (~/.local/share/sched/sched.db). */
export function databasePath(explicit: string | undefined, env: NodeJS.ProcessEnv, file = 'sched.db'): string {
  if (explicit) return explicit;
  if (env.SCHED_DB) return env.SCHED_DB;
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'sched', file);
}

/** Busy timeout: how long one statement waits for another process's write lock. */
export const BUSY_TIMEOUT_MS = 5000;

export function openDatabase(path: string): Sqlite {
  if (path !== ':memory:') {
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // Create the file ourselves so it is private (0600) from its first byte; SQLite gives its -wal and -shm files the same mode.
      closeSync(openSync(path, 'a', 0o600));
    } catch (e) {
      throw invalid(`--db: cannot create the database file ${path}: ${(e as Error).message}`, 'choose a writable path with --db or SCHED_DB');
    }
  }
  let db: Sqlite;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    // Under WAL this build defaults to synchronous=NORMAL, which can lose a committed booking at power loss.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (e) {
    throw invalid(`--db: ${path} is not a usable sched database: ${(e as Error).message}`, 'point --db or SCHED_DB at a sched database, or at a new file');
  }
  migrate(db);
  return db;
}

/** Applies the migrations this database has not run yet, in one IMMEDIATE transaction (safe when several processes open a new file at once). */
export function migrate(db: Sqlite, upTo = migrations.length): void {
  const current = () => db.pragma('user_version', { simple: true }) as number;
  if (current() > migrations.length) {
    throw new SchedError(
      'invalid',
      `the database was written by a newer version of sched (schema ${current()}, this version knows ${migrations.length})`,
      'upgrade sched',
    );
  }
  if (current() >= upTo) return;
  db.transaction(() => {
    const from = current();
    for (let i = from; i < upTo; i++) {
      for (const statement of migrations[i]!.statements) db.exec(statement);
    }
    if (upTo > from) db.pragma(`user_version = ${upTo}`);
  }).immediate();
}
