// Where the database lives; kept apart from open.ts so that resolving a path loads no SQLite.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** --db PATH, else $SCHED_DB, else $XDG_DATA_HOME/sched/sched.db (~/.local/share/sched/sched.db). */
export function databasePath(explicit: string | undefined, env: NodeJS.ProcessEnv, file = 'sched.db'): string {
  if (explicit) return explicit;
  if (env.SCHED_DB) return env.SCHED_DB;
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'sched', file);
}
