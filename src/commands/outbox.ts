import type { Ctx } from '../context';
import { listOutbox, retryMessage } from '../core/outbox';
import { int } from '../core/validate';
import { isoInstant } from '../core/time';
import type { Message } from '../core/types';

const iso = (ms: number | null) => (ms === null ? null : isoInstant(ms, 'UTC'));

/** The stable JSON shape of an outbox message. */
export const messageJson = (m: Message) => ({
  id: m.id, key: m.key, kind: m.kind, to: m.recipient, recipient_role: m.recipientRole, booking: m.bookingId,
  due: iso(m.dueAt), status: m.status, attempts: m.attempts, next_attempt: m.status === 'pending' ? iso(m.nextAttemptAt) : null,
  last_error: m.lastError, skip_reason: m.skipReason, sent_at: iso(m.sentAt), message_id: m.messageId,
});

export async function list(ctx: Ctx, _: string[], o: Record<string, any>) {
  const rows = listOutbox(ctx, o.status, o.limit === undefined ? undefined : int(o.limit, '--limit', 1, 1_000_000));
  if (ctx.json) return ctx.data(rows.map(messageJson));
  if (rows.length === 0) return ctx.say(`the outbox has no ${o.status ? `${o.status} ` : ''}messages`);
  const { table } = await import('./table');
  const st = ctx.style;
  const colour = { pending: st.blue, sent: st.green, failed: st.red, skipped: st.gray } as const;
  const zone = ctx.tz ?? 'UTC';
  const when = (ms: number) => isoInstant(ms, zone).slice(0, 16).replace('T', ' ');
  const lines = table([
    ['ID', 'KIND', 'TO', 'BOOKING', `DUE (${zone})`, 'STATUS', 'TRIES', 'NOTE'].map(st.bold),
    ...rows.map((m) => [
      String(m.id), m.kind, m.recipient, m.bookingId === null ? '' : `#${m.bookingId}`, when(m.dueAt), colour[m.status](m.status), String(m.attempts),
      m.status === 'pending' && m.attempts > 0 ? `retry ${when(m.nextAttemptAt)}: ${m.lastError ?? ''}` : m.lastError ?? m.skipReason ?? (m.sentAt ? `sent ${when(m.sentAt)}` : ''),
    ]),
  ]);
  for (const line of lines) ctx.say(line);
}

export function retry(ctx: Ctx, [id]: string[]) {
  const m = retryMessage(ctx, id!);
  if (ctx.json) ctx.data(messageJson(m));
  else ctx.say(`message ${m.id} (${m.kind} to ${m.recipient}) is pending again: the daemon sends it at its next run`);
}
