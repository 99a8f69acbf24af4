// Where the database lives; kept apart from open.ts so that resolving a path loads no SQLite.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { usage } from '../errors';

/** --db PATH, else $SCHED_DB, else $XDG_DATA_HOME/sched/sched.db (~/.local/share/sched/sched.db). */
export function databasePath(explicit: string | undefined, env: NodeJS.ProcessEnv, file = 'sched.db'): string {
  // An empty --db is a mistake (an unset shell variable, say), not a wish for the default database.
  if (explicit !== undefined && !explicit.trim()) throw usage('--db: the path is empty', 'give a file, e.g. --db ~/office.db, or leave --db out');
  if (explicit) return explicit;
  if (env.SCHED_DB) return env.SCHED_DB;
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'sched', file);
}
