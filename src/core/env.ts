import type { Store } from '../db/store';

/** What every rule that reads or changes data is given: the store, the clock, and who is acting (for the audit log). */
export interface Env {
  store: Store;
  now: () => number;
  actor: string;
}
