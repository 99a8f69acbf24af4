// Before migration 0006 makes engagement names unique per client: a name a client has twice is numbered on
// its later engagements, with a name that is really free (SQL alone cannot look for one). Each rename is in the
// audit log.
import { freeName } from '../names';
import type { Sqlite } from './open';

export function distinctEngagementNames(db: Sqlite, now: number): void {
  const rows = db.prepare('select id, client_id as clientId, name from engagements order by client_id, id').all() as Array<{ id: number; clientId: number; name: string }>;
  const taken = new Map<number, Set<string>>();
  for (const r of rows) (taken.get(r.clientId) ?? taken.set(r.clientId, new Set()).get(r.clientId)!).add(r.name);
  const seen = new Map<number, Set<string>>();
  const rename = db.prepare('update engagements set name = ? where id = ?');
  const audit = db.prepare(`insert into audit_log (at, actor, action, entity, entity_id, details) values (?, 'sched (upgrade)', 'engagement.rename', 'engagement', ?, ?)`);
  for (const r of rows) {
    const mine = seen.get(r.clientId) ?? seen.set(r.clientId, new Set()).get(r.clientId)!;
    if (!mine.has(r.name)) {
      mine.add(r.name);
      continue;
    }
    const names = taken.get(r.clientId)!;
    const name = freeName(r.name, names);
    names.add(name);
    mine.add(name);
    rename.run(name, r.id);
    audit.run(now, String(r.id), JSON.stringify({ from: r.name, to: name, why: 'the client had two engagements of this name' }));
  }
}
