// `sched audit`: who changed what, and when, read back from the audit log every change writes.
import { invalid, usage } from '../errors';
import type { AuditRecord } from '../db/store';
import { findClient } from './clients';
import type { Env } from './env';
import { officeSettings } from './settings';
import { checkZone, formatClock, isoInstant, readDateRange } from './time';
import * as v from './validate';

/** What the log names changes of: `--entity` takes these. */
export const AUDIT_ENTITIES = ['booking', 'client', 'staff', 'service', 'engagement', 'setting', 'message'] as const;

export interface AuditRequest {
  entity?: string;
  /** The record: a booking, engagement or message id; a client's id or email; a staff handle; a service code; a setting key. */
  id?: string;
  actor?: string;
  from?: string;
  to?: string;
  tz?: string;
  limit?: string;
}

export interface AuditLog {
  entries: AuditRecord[];
  /** The zone --from and --to were read in, and the times are shown in. */
  zone: string;
}

export function listAudit(env: Env, req: AuditRequest): AuditLog {
  const entity = req.entity === undefined ? undefined : req.entity.trim().toLowerCase();
  if (entity !== undefined && !(AUDIT_ENTITIES as readonly string[]).includes(entity)) {
    throw invalid(`--entity: "${req.entity}" is not something the log names`, `use one of ${AUDIT_ENTITIES.join(', ')}`);
  }
  // Booking 12 and client 12 are two records: an id alone names neither.
  if (req.id !== undefined && entity === undefined) throw usage('--id needs --entity', 'e.g. --entity booking --id 12');
  const limit = req.limit === undefined ? 50 : v.int(req.limit, '--limit', 1, 1_000_000);
  const actor = req.actor === undefined ? undefined : v.text(req.actor, '--actor');
  const tz = req.tz === undefined ? undefined : checkZone(req.tz, '--tz');
  return env.store.read((tx) => {
    const zone = tz ?? officeSettings(tx).defaultTz;
    const { fromMs, toMs } = readDateRange(req.from, req.to, zone, env.now());
    let entityId = req.id?.trim();
    if (entity === 'client' && entityId !== undefined) entityId = String(findClient(tx, entityId, '--id').id);
    else if (entity === 'staff' && entityId !== undefined) entityId = entityId.toLowerCase();
    return { entries: tx.auditEntries({ entity, entityId, actor, fromMs, toMs, limit }), zone };
  });
}

/** The log's keys for instants: `startAt` and the like, and the `from`/`to` of a reschedule or an import's window when they are times. */
const isInstantKey = (key: string) => key.endsWith('At') || key === 'from' || key === 'to';
/** Minutes after midnight in a staff member's hours. */
const isClockKey = (key: string) => key === 'startMin' || key === 'endMin';

/**
 * Details as the log wrote them (camelCase keys, epoch milliseconds, minutes after midnight) in the words of the
 * rest of sched's output: snake_case keys, instants in ISO 8601 with `zone`'s offset, times of day as HH:MM.
 * Everything else stays as written; the stored rows are never rewritten.
 */
export const readableDetails = (details: unknown, zone: string): unknown => readable(details, undefined, zone);

/** `key`: the key the value is under, which says whether a number is an instant or a time of day. */
function readable(value: unknown, key: string | undefined, zone: string): unknown {
  if (typeof value === 'number' && key !== undefined) {
    if (isInstantKey(key)) return isoInstant(value, zone);
    if (isClockKey(key)) return formatClock(value);
  }
  // The items of a list are what its key names: both ends of a reschedule's `from` are instants.
  if (Array.isArray(value)) return value.map((item) => readable(item, key, zone));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [v.columnNames(k), readable(x, k, zone)]));
  }
  return value;
}

/** An entry's details for `sched audit`: see readableDetails. */
export const auditDetails = (r: AuditRecord, zone: string): unknown => (r.details === null ? null : readableDetails(JSON.parse(r.details), zone));
