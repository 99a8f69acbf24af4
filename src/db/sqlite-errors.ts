// What SQLite reports about the machine (a full disk, a damaged file, no permission), said as one line with
// what to do: it is not sched's fault, and an internal-error report would send the user the wrong way.
import { SchedError } from '../errors';

export function storageError(e: unknown): SchedError | undefined {
  const code = String((e as { code?: unknown } | null)?.code ?? '');
  // The store waits and retries (SCHED_LOCK_WAIT) and says so itself; one met while opening or migrating is said here.
  if (code === 'SQLITE_BUSY') return new SchedError('busy', 'the database stayed locked by another process: nothing was changed', 'try again');
  if (code === 'SQLITE_FULL') return new SchedError('failed', 'the disk is full: nothing was changed', 'free some space and try again');
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new SchedError('failed', 'the database file is damaged', 'restore it from a backup; sqlite3 FILE .recover saves what is still readable');
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new SchedError('failed', 'the database is read-only for this user: nothing was changed', 'sched writes to the file, its folder and its -wal and -shm files: check their permissions');
  }
  if (code.startsWith('SQLITE_IOERR')) return new SchedError('failed', `the disk could not read or write the database (${code})`, 'check the disk; nothing was changed');
  return undefined;
}
