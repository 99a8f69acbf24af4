// Opening the SQLite database: where it lives, its pragmas, and the forward-only migrations.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync } from 'node:fs';
import { makeFolders } from '../folders';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SchedError, invalid } from '../errors';
import { storageError } from './sqlite-errors';
import { distinctEngagementNames } from './engagement-names';
import { migrations } from './migrations.gen';

/** Data fix-ups SQL alone cannot make, run in a migration's transaction just before its statements; `now`: SCHED_NOW's clock. */
const BEFORE: Record<string, (db: Sqlite, now: number) => void> = { '0006_engagement_names': distinctEngagementNames };

export type Sqlite = Database.Database;

export { databasePath } from './location';

/** Busy timeout: how long one statement waits for another process's write lock. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * The compiled addon, named directly: better-sqlite3 otherwise finds it through the `bindings` package,
 * which probes a dozen paths and costs about 3 ms of every start.
 */
function nativeBinding(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
    const addon = join(dirname(pkg), 'build', 'Release', 'better_sqlite3.node');
    return existsSync(addon) ? addon : undefined;
  } catch {
    return undefined;
  }
}

export function openDatabase(path: string, now: () => number = Date.now): Sqlite {
  if (path !== ':memory:') {
    try {
      makeFolders(dirname(path), 0o700);
      // Create the file ourselves so it is private (0600) from its first byte; SQLite gives its -wal and -shm files the same mode.
      closeSync(openSync(path, 'a', 0o600));
    } catch (e) {
      if (existsSync(path)) throw invalid(`--db: cannot write to the database file ${path}: ${(e as Error).message}`, 'sched writes to its database: check the permissions of the file and its folder');
      throw invalid(`--db: cannot create the database file ${path}: ${(e as Error).message}`, 'choose a writable path with --db or SCHED_DB');
    }
  }
  let db: Sqlite;
  try {
    db = new Database(path, { nativeBinding: nativeBinding() });
    // Another program's SQLite file is left as it is: no migration into it, not even the switch to WAL.
    if (foreign(db)) {
      db.close();
      throw invalid(`--db: ${path} is another program's SQLite database, not a sched one`, 'point --db or SCHED_DB at a sched database, or at a new file');
    }
    db.pragma('journal_mode = WAL');
    // Under WAL this build defaults to synchronous=NORMAL, which can lose a committed booking at power loss.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // The undo record of each imported row's savepoint stays in memory rather than in a temporary file.
    db.pragma('temp_store = MEMORY');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (e) {
    if (e instanceof SchedError) throw e;
    const stored = storageError(e);
    if (stored) throw stored;
    throw invalid(`--db: ${path} is not a usable sched database: ${(e as Error).message}`, 'point --db or SCHED_DB at a sched database, or at a new file');
  }
  migrate(db, migrations.length, now);
  return db;
}

/** Tables but no sched schema version: a sched database records its version in the transaction that makes its tables. */
const foreign = (db: Sqlite) =>
  db.pragma('user_version', { simple: true }) === 0 && (db.prepare('select count(*) as n from sqlite_master').get() as { n: number }).n > 0;

/** Applies the migrations this database has not run yet, in one IMMEDIATE transaction (safe when several processes open a new file at once). */
export function migrate(db: Sqlite, upTo = migrations.length, now: () => number = Date.now): void {
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
      BEFORE[migrations[i]!.tag]?.(db, now());
      for (const statement of migrations[i]!.statements) db.exec(statement);
    }
    if (upTo > from) db.pragma(`user_version = ${upTo}`);
  }).immediate();
}
