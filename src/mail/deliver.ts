// Sending what is due. A message is claimed (leased to this sender) in an IMMEDIATE transaction before
// it is sent, so two senders never take the same one; a sender that dies holding a lease loses nothing:
// once the lease has expired, the next run takes the message. The outcome is written right after each
// send, which keeps the window for a double send (sent, then killed before recording it, or the server's answer
// timed out after it took the message) one message per connection wide; the same Message-ID goes again.
import type { Env } from '../core/env';
import { carriesCalendar, nextAttempt, MAX_ATTEMPTS, onTheWire, skipReason, TIME_TELLING } from '../core/outbox';
import { officeSettings } from '../core/settings';
import type { Message } from '../core/types';
import type { Tx } from '../db/store';
import { compose, type Composed } from './compose';
import { planDaily } from './daily';
import { describeFailure, mailFrom, type Address, type OutgoingMail, type Sender } from './transport';

export type Outcome = 'sent' | 'retry' | 'failed' | 'skipped' | 'lost';

export interface DeliveryEvent {
  at: number;
  id: number;
  kind: Message['kind'];
  to: string;
  bookingId: number | null;
  outcome: Outcome;
  /** The server's answer, the error, or why it was skipped. */
  detail: string;
  attempts: number;
  nextAttemptAt?: number;
}

export interface DeliveryOptions {
  /** Who holds the leases: host, process and a random part. */
  worker: string;
  /** SCHED_MAIL_FROM. */
  from: string | undefined;
  leaseMs?: number;
  batch?: number;
  concurrency?: number;
  /** Write nothing to the outbox: compose what is due and hand it to the sender (a dry run's files). */
  dryRun?: boolean;
  log?: (e: DeliveryEvent) => void;
  /** Checked before each message: true once a stop was asked for (what is on the wire finishes; the rest waits). */
  stopping?: () => boolean;
}

export type DeliveryCounts = Record<Outcome, number>;

const event = (m: Message, now: number, outcome: Outcome, detail: string, extra: Partial<DeliveryEvent> = {}): DeliveryEvent =>
  ({ at: now, id: m.id, kind: m.kind, to: m.recipient, bookingId: m.bookingId, outcome, detail, attempts: m.attempts, ...extra });

/** How long a reminder waiting for its invitation waits before it is looked at again (a tick of the daemon). */
const INVITATION_WAIT_MS = 60_000;

/**
 * A reminder due while the same reader's confirmation or move of the session still waits (booked a day ahead,
 * or the message being retried), or went less than a minute ago, waits for it: the reader hears of the session
 * (or its new time) first. The minute makes a run and its dry run agree, whatever batch each message falls in.
 */
function waitsForInvitation(tx: Tx, m: Message, now: number): boolean {
  if (m.kind !== 'reminder') return false;
  return tx.listMessages({ bookingId: m.bookingId! }).some((o) => TIME_TELLING.has(o.kind) && o.recipientRole === m.recipientRole
    && (o.status === 'pending' || (o.status === 'sent' && (o.sentAt ?? 0) > now - INVITATION_WAIT_MS)));
}

/**
 * A calendar file waits while an earlier one to the same reader is on its way: taken by another sender (two
 * crontab runs overlapping on a slow server), or going in this same batch (`going`). Sent side by side, a
 * cancellation could arrive before the invitation it cancels, and the reader's calendar keep the session.
 */
function behindEarlier(tx: Tx, m: Message, now: number, going: ReadonlySet<number>): boolean {
  if (m.bookingId === null || !carriesCalendar(m)) return false;
  return tx.listMessages({ bookingId: m.bookingId }).some((o) => o.id < m.id && o.recipientRole === m.recipientRole && carriesCalendar(o)
    && o.status === 'pending' && (going.has(o.id) || onTheWire(o, now)));
}

const waits = (tx: Tx, m: Message, now: number, going: ReadonlySet<number>) => waitsForInvitation(tx, m, now) || behindEarlier(tx, m, now, going);

/** Leases due messages to this worker; those that should no longer go are skipped on the spot. */
function claim(env: Env, worker: string, leaseMs: number, limit: number): { ready: Message[]; skipped: DeliveryEvent[]; seen: number } {
  return env.store.write((tx) => {
    const now = env.now();
    // Oldest first, so that a later message to the same reader finds the earlier one going (behindEarlier).
    const due = tx.dueMessages(now, limit).sort((a, b) => a.id - b.id);
    const ready: Message[] = [];
    const going = new Set<number>();
    const skipped: DeliveryEvent[] = [];
    for (const m of due) {
      const reason = skipReason(tx, m, now);
      if (reason) {
        tx.updateMessage(m.id, { status: 'skipped', skipReason: reason, claimedBy: null, leaseUntil: null });
        skipped.push(event(m, now, 'skipped', reason));
      } else if (waits(tx, m, now, going)) {
        tx.updateMessage(m.id, { nextAttemptAt: now + INVITATION_WAIT_MS });
      } else {
        tx.updateMessage(m.id, { claimedBy: worker, leaseUntil: now + leaseMs });
        ready.push(m);
        going.add(m.id);
      }
    }
    return { ready, skipped, seen: due.length };
  });
}

/** Thrown to roll a dry run's transaction back, carrying out what it found. */
class Preview {
  constructor(readonly found: { ready: Array<{ m: Message; mail: OutgoingMail }>; skipped: DeliveryEvent[] }) {}
}

/**
 * What a real run would send and skip now, worked out as it would (today's agendas planned, messages that
 * should no longer go skipped, each message composed) in a transaction that is then rolled back.
 */
function preview(env: Env, from: Address): Preview['found'] {
  try {
    env.store.write((tx) => {
      const now = env.now();
      planDaily(tx, now);
      const found: Preview['found'] = { ready: [], skipped: [] };
      const going = new Set<number>();
      for (const m of tx.dueMessages(now, 1_000_000).sort((a, b) => a.id - b.id)) {
        const reason = skipReason(tx, m, now);
        // As a real run: it waits for its invitation, or an earlier message, which this run sends; it goes at a later one.
        if (!reason && waits(tx, m, now, going)) continue;
        let composed: Composed | { error: string };
        try {
          composed = reason ? { skip: reason } : compose(tx, m, from, now);
        } catch (e) {
          composed = { error: e instanceof Error ? e.message : String(e) };
        }
        if ('skip' in composed) {
          // Marked here too, as a real run marks it, so that what follows sees the same outbox.
          tx.updateMessage(m.id, { status: 'skipped', skipReason: composed.skip });
          found.skipped.push(event(m, now, 'skipped', composed.skip));
        } else if ('error' in composed) {
          found.skipped.push(event(m, now, 'failed', composed.error));
        } else {
          found.ready.push({ m, mail: composed.mail });
          going.add(m.id);
        }
      }
      throw new Preview(found);
    });
  } catch (e) {
    if (e instanceof Preview) return e.found;
    throw e;
  }
  throw new Error('unreachable: the preview always rolls back');
}

async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

export async function deliverDue(env: Env, sender: Sender, o: DeliveryOptions): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, retry: 0, failed: 0, skipped: 0, lost: 0 };
  const report = (e: DeliveryEvent) => {
    counts[e.outcome]++;
    o.log?.(e);
  };
  const leaseMs = o.leaseMs ?? 5 * 60_000;
  const from = env.store.read((tx) => mailFrom(o.from, officeSettings(tx).officeName));
  if (!o.dryRun) env.store.write((tx) => planDaily(tx, env.now()));

  const deliver = async (m: Message) => {
    // Asked to stop: what is on the wire finishes, the rest of the batch goes back at once for the next run
    // (rather than waiting out its lease), so that a stop takes one send, not a batch of them.
    if (o.stopping?.()) {
      if (!o.dryRun) env.store.write((tx) => tx.updateMessage(m.id, { claimedBy: null, leaseUntil: null }, o.worker));
      return;
    }
    let composed;
    try {
      composed = env.store.read((tx) => compose(tx, m, from, env.now()));
    } catch (e) {
      composed = { error: e instanceof Error ? e.message : String(e) };
    }
    if ('skip' in composed) {
      if (!o.dryRun) env.store.write((tx) => tx.updateMessage(m.id, { status: 'skipped', skipReason: composed.skip, claimedBy: null, leaseUntil: null }, o.worker));
      return report(event(m, env.now(), 'skipped', composed.skip));
    }
    // Leased with its batch, a message may wait its turn past the lease (a slow server): it is taken again for
    // the time of its own send, or left to the sender that took it over meanwhile. One skipped while it waited
    // (its session cancelled or moved) does not go: only a message already on the wire outlives a skip.
    if (!o.dryRun) {
      const now = env.now();
      // 'go', a skip reason, or null when another sender took the message over meanwhile.
      const turn = env.store.write((tx) => {
        const row = tx.messageById(m.id);
        if (row?.status === 'skipped') {
          tx.updateMessage(m.id, { claimedBy: null, leaseUntil: null }, o.worker);
          return { skipped: row.skipReason ?? 'skipped while it waited its turn' };
        }
        // The rules of the claim, again at the moment it goes: the session may have changed while it waited.
        const reason = row ? skipReason(tx, row, now) : null;
        if (reason && tx.updateMessage(m.id, { status: 'skipped', skipReason: reason, claimedBy: null, leaseUntil: null }, o.worker)) return { skipped: reason };
        return tx.updateMessage(m.id, { leaseUntil: now + leaseMs }, o.worker) ? 'go' : null;
      });
      if (turn === null) return;
      if (turn !== 'go') return report(event(m, now, 'skipped', turn.skipped));
    }
    try {
      if ('error' in composed) throw Object.assign(new Error(composed.error), { responseCode: 550 });
      const sent = await sender.send(composed.mail);
      const now = env.now();
      if (o.dryRun) return report(event(m, now, 'sent', sent.response));
      // Sent, even if the booking changed meanwhile (a cancel skips the reminders): it went, to this address.
      const to = composed.mail.to.address;
      const kept = env.store.write((tx) => tx.updateMessage(m.id, { status: 'sent', sentAt: now, messageId: sent.messageId, recipient: to, attempts: m.attempts + 1, lastError: null, skipReason: null, claimedBy: null, leaseUntil: null }, o.worker));
      report(event(m, now, kept ? 'sent' : 'lost', kept ? sent.response : `${sent.response}; its lease had passed to another sender`, { attempts: m.attempts + 1, to }));
    } catch (e) {
      const failure = describeFailure(e);
      const now = env.now();
      const attempts = m.attempts + 1;
      const retryAt = failure.permanent || attempts >= MAX_ATTEMPTS ? null : nextAttempt(attempts, now);
      // Skipped while it was being tried (the session cancelled meanwhile): it stays skipped, not failed or retried.
      const skipped = o.dryRun ? null : env.store.write((tx) => {
        const row = tx.messageById(m.id);
        const gone = row?.status === 'skipped' ? row.skipReason ?? 'skipped' : null;
        tx.updateMessage(m.id, retryAt === null && !gone
          ? { status: 'failed', attempts, lastError: failure.message, claimedBy: null, leaseUntil: null }
          : { attempts, nextAttemptAt: retryAt ?? now, lastError: failure.message, claimedBy: null, leaseUntil: null }, o.worker);
        return gone;
      });
      if (skipped) return report(event(m, now, 'skipped', `${skipped} (its try failed: ${failure.message})`, { attempts }));
      report(event(m, now, retryAt === null ? 'failed' : 'retry', failure.message, { attempts, ...(retryAt === null ? {} : { nextAttemptAt: retryAt }) }));
    }
  };

  if (o.dryRun) {
    const { ready, skipped } = preview(env, from);
    skipped.forEach(report);
    await pool(ready, o.concurrency ?? 4, async ({ m, mail }) => {
      if (o.stopping?.()) return;
      try {
        report(event(m, env.now(), 'sent', (await sender.send(mail)).response));
      } catch (e) {
        report(event(m, env.now(), 'failed', describeFailure(e).message));
      }
    });
    return counts;
  }
  for (;;) {
    if (o.stopping?.()) break;
    const { ready, skipped, seen } = claim(env, o.worker, leaseMs, o.batch ?? 50);
    skipped.forEach(report);
    if (seen === 0) break;
    await pool(ready, o.concurrency ?? 4, deliver);
  }
  return counts;
}
