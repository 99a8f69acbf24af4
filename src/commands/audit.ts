// sched audit: the audit log, newest last; --json for scripts.
import type { Ctx } from '../context';
import { auditDetails, listAudit } from '../core/audit';
import { isoInstant } from '../core/time';
import type { AuditRecord } from '../db/store';

/** The stable JSON shape of an audit entry. */
const entryJson = (r: AuditRecord, zone: string) => ({
  id: r.id, at: isoInstant(r.at, zone), actor: r.actor, action: r.action, entity: r.entity, entity_id: r.entityId, details: auditDetails(r, zone),
});

/** Details on one line, as --json shows them, cut to what a terminal row holds. */
function brief(r: AuditRecord, zone: string): string {
  if (r.details === null) return '';
  const one = JSON.stringify(auditDetails(r, zone)).replace(/\s+/g, ' ');
  return one.length > 100 ? `${one.slice(0, 99)}…` : one;
}

export async function list(ctx: Ctx, _: string[], o: Record<string, any>) {
  const log = listAudit(ctx, { entity: o.entity, id: o.id, actor: o.actor, from: o.from, to: o.to, tz: ctx.tz, limit: o.limit });
  if (ctx.json) return ctx.data(log.entries.map((r) => entryJson(r, log.zone)));
  if (log.entries.length === 0) return ctx.say('the audit log has no entries for that');
  const { table } = await import('./table');
  const st = ctx.style;
  const when = (ms: number) => isoInstant(ms, log.zone).slice(0, 16).replace('T', ' ');
  const lines = table([
    [`WHEN (${log.zone})`, 'WHO', 'WHAT', 'ON', 'DETAILS'].map(st.bold),
    ...log.entries.map((r) => [when(r.at), r.actor, r.action, `${r.entity}${r.entityId === null ? '' : ` ${r.entityId}`}`, st.gray(brief(r, log.zone))]),
  ]);
  for (const line of lines) ctx.say(line);
}
