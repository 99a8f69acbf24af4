// What a booking change puts in the outbox, in the transaction of the change itself: one row a message
// a recipient, each with a unique key (kind, booking, sequence, recipient), so nothing is lost nor doubled.
import { invalid, illegal, notFound } from '../errors';
import type { NewMessage, Tx } from '../db/store';
import type { Env } from './env';
import { formatDuration } from './duration';
import type { OfficeSettings } from './settings';
import { isOpen, MESSAGE_STATUSES, statusLabel, type Booking, type Message, type MessageStatus } from './types';
import * as v from './validate';

const MINUTE = 60_000;
/** Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final. */
export const RETRY_DELAYS_MIN = [1, 5, 30, 120] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MIN.length + 1;

interface People {
  clientEmail: string;
  staffEmail: string;
}

function forBooking(b: Booking, kind: Message['kind'], role: 'client' | 'staff', to: string, dueAt: number, offsetMin: number | null = null): NewMessage {
  const key = `${kind}:${b.id}:${b.sequence}:${role}${offsetMin === null ? '' : `:${offsetMin}`}`;
  return { key, kind, recipientRole: role, recipient: to, bookingId: b.id, staffId: b.staffId, sequence: b.sequence, startAt: b.startAt, endAt: b.endAt, offsetMin, period: null, dueAt };
}

/** The client's reminders; one whose moment has already passed when the booking is made is not planned. */
function reminders(b: Booking, p: People, settings: OfficeSettings, now: number): NewMessage[] {
  return settings.reminderOffsetsMin
    .map((offset) => forBooking(b, 'reminder', 'client', p.clientEmail, b.startAt - offset * MINUTE, offset))
    .filter((m) => m.dueAt >= now);
}

const toBoth = (b: Booking, kind: Message['kind'], p: People, now: number) => [
  forBooking(b, kind, 'client', p.clientEmail, now),
  forBooking(b, kind, 'staff', p.staffEmail, now),
];

export function onBooked(tx: Tx, b: Booking, p: People, settings: OfficeSettings, now: number): void {
  tx.enqueue([...toBoth(b, 'confirmation', p, now), ...reminders(b, p, settings, now)]);
}

/** A message a sender holds (claimed, its lease running): it may be on its way, so it counts as sent. */
export const onTheWire = (m: Message, now: number): boolean => m.claimedBy !== null && (m.leaseUntil ?? 0) > now;

/**
 * Whether a message may have reached its reader: sent, on its way, or tried at all (a try that failed or timed
 * out, or a sender that died holding it, may have delivered it all the same). The one rule for cancel and withdraw.
 */
export const mayHaveArrived = (m: Message): boolean => m.status === 'sent' || (m.status !== 'skipped' && (m.attempts > 0 || m.claimedBy !== null));

/**
 * The messages that tell a reader the session's time: a confirmation or a move is superseded by a later one to the
 * same reader (a higher sequence), see supersededBy.
 */
export const TIME_TELLING: ReadonlySet<Message['kind']> = new Set<Message['kind']>(['confirmation', 'reschedule']);

/**
 * What the reader of `m` was last told of the session: the latest message of the booking to them that told its
 * time and has gone (or is on its way), other than `m`. Undefined: they have heard nothing of it yet.
 */
export function lastTold(messages: readonly Message[], m: Message, now: number): Message | undefined {
  return messages
    .filter((o) => o.id !== m.id && o.recipientRole === m.recipientRole && INVITATIONS.has(o.kind) && (o.status === 'sent' || (o.status === 'pending' && onTheWire(o, now))))
    .sort((x, y) => (x.sentAt ?? Infinity) - (y.sentAt ?? Infinity) || x.id - y.id)
    .at(-1);
}

/**
 * A later message to the same reader that tells the session as it is now: `m` should not go after it. One that
 * failed for good counts too: `m`'s older time must not stand in the calendar (the failure is for outbox retry).
 */
export function supersededBy(messages: readonly Message[], m: Message): Message | undefined {
  if (!TIME_TELLING.has(m.kind)) return undefined;
  return messages.find((o) => o.id !== m.id && o.recipientRole === m.recipientRole && TIME_TELLING.has(o.kind)
    && (o.sequence ?? 0) > (m.sequence ?? 0) && (o.status === 'pending' || o.status === 'sent' || o.status === 'failed'));
}

/**
 * A move tells each reader where the session was when they last heard of it: an earlier move whose message has
 * not gone yet is told by this one ("moved from 14:00 to 16:00", not "to 15:00" and then "to 16:00"), and a
 * reader whose confirmation has not gone yet gets the confirmation of the new time instead (nothing to move).
 * `b` is the booking after the move (its new times and sequence); `from`, where it was before.
 */
export function onRescheduled(tx: Tx, b: Booking, p: People, settings: OfficeSettings, now: number, from: number): void {
  const mine = tx.listMessages({ bookingId: b.id });
  // One being sent counts as told: its reader will know the time it tells.
  const untold = mine.filter((m) => m.status === 'pending' && TIME_TELLING.has(m.kind) && !onTheWire(m, now)).sort((x, y) => x.id - y.id);
  const unconfirmed = new Set(untold.filter((m) => m.kind === 'confirmation').map((m) => m.recipientRole));
  const heardOf = (role: string) => untold.find((m) => m.kind === 'reschedule' && m.recipientRole === role)?.previousStartAt ?? from;
  tx.skipPending(b.id, ['reminder'], 'the session was rescheduled', now);
  for (const m of untold) {
    const why = m.kind === 'confirmation' ? 'the session was moved before this went: the confirmation of its new time replaces it' : 'the session was moved again: the next message tells both moves';
    tx.updateMessage(m.id, { status: 'skipped', skipReason: why });
  }
  const updates = mine.filter((m) => m.kind === 'update').length;
  const messages = toBoth(b, 'reschedule', p, now).map((m): NewMessage => {
    const role = m.recipientRole as 'client' | 'staff';
    if (unconfirmed.has(role)) return forBooking(b, 'confirmation', role, m.recipient, now);
    const previousStartAt = heardOf(role);
    // Moved away and back before the first move was told: the time is the one they know, but a confirm or new
    // notes made meanwhile rode on the move that is skipped: an update carries them (and the new SEQUENCE).
    if (previousStartAt === b.startAt) return { ...forBooking(b, 'update', role, m.recipient, now), key: `update:${b.id}:${b.sequence}:${role}:${updates}` };
    return { ...m, previousStartAt };
  });
  tx.enqueue([...messages, ...reminders(b, p, settings, now)]);
}

/**
 * An imported session gets no confirmation (the client heard from the system it came from); an upcoming one
 * gets its reminders. `changed`: its time or standing changed (a new sequence), so earlier reminders go.
 */
export function onImported(tx: Tx, b: Booking, p: People, settings: OfficeSettings, now: number, changed: boolean): void {
  if (changed) tx.skipPending(b.id, ['reminder'], 'the session was changed by an import', now);
  if (isOpen(b.status)) tx.enqueue(reminders(b, p, settings, now));
}

/** The messages that carry a calendar invitation (METHOD:REQUEST), composed from the booking as it is when they are sent. */
export const INVITATIONS: ReadonlySet<Message['kind']> = new Set<Message['kind']>(['confirmation', 'reschedule', 'confirmed', 'update']);

/** The messages that carry a calendar file (.ics): the invitations, and cancellations (METHOD:CANCEL). */
export const carriesCalendar = (m: Pick<Message, 'kind'>) => INVITATIONS.has(m.kind) || m.kind === 'cancellation';

/**
 * A change that keeps the time (a confirmation, new session notes) updates each reader's calendar: same UID and
 * SEQUENCE, a newer DTSTAMP. Not for a session that is over or under way, nor for a reader whose invitation is
 * still waiting, unclaimed: it is composed when sent, so it will carry the change.
 */
export function onUpdated(tx: Tx, b: Booking, p: People, kind: 'confirmed' | 'update', now: number): void {
  if (!isOpen(b.status) || now >= b.startAt) return;
  const mine = tx.listMessages({ bookingId: b.id });
  const waiting = (role: string) => mine.some((m) => m.status === 'pending' && INVITATIONS.has(m.kind) && m.recipientRole === role
    && m.sequence === b.sequence && !onTheWire(m, now));
  const nth = mine.filter((m) => m.kind === kind).length;
  tx.enqueue(toBoth(b, kind, p, now)
    .filter((m) => !waiting(m.recipientRole))
    .map((m) => ({ ...m, key: `${m.key}:${nth}` })));
}

/**
 * A reader whose confirmation was never tried, and who was told nothing else, hears nothing: the session they would
 * be told of no longer exists. Everyone else gets the cancellation (an imported session's client too: they know of it).
 */
export function onCancelled(tx: Tx, b: Booking, p: People, now: number): void {
  tx.skipPending(b.id, ['reminder'], 'the session was cancelled', now);
  const mine = tx.listMessages({ bookingId: b.id });
  const untold = mine.filter((m) => m.status === 'pending' && m.kind === 'confirmation' && !mayHaveArrived(m) && !lastTold(mine, m, now));
  for (const m of untold) tx.updateMessage(m.id, { status: 'skipped', skipReason: 'the session was cancelled before its confirmation went: nothing to tell' });
  const silent = new Set(untold.map((m) => m.recipientRole));
  tx.enqueue(toBoth(b, 'cancellation', p, now).filter((m) => !silent.has(m.recipientRole)));
}

/** A feedback request once a session is completed; a correction to no-show withdraws it if not yet sent. */
export function onConcluded(tx: Tx, b: Booking, p: People, now: number): void {
  if (b.status !== 'completed') {
    tx.skipPending(b.id, ['feedback'], 'the session was marked a no-show', now);
    return;
  }
  // Corrected back to completed: the request a no-show withdrew goes after all (one a session, never two).
  const withdrawn = tx.listMessages({ bookingId: b.id }).find((m) => m.kind === 'feedback' && m.status === 'skipped');
  if (withdrawn) tx.updateMessage(withdrawn.id, { status: 'pending', skipReason: null, attempts: 0, nextAttemptAt: now, lastError: null });
  else tx.enqueue([{ ...forBooking(b, 'feedback', 'client', p.clientEmail, now), key: `feedback:${b.id}:client` }]);
}

export const people = (tx: Tx, b: Booking): People => ({ clientEmail: tx.clientById(b.clientId)!.email, staffEmail: tx.staffById(b.staffId)!.email });

/** When a failed attempt is tried again, or null when it was the last. */
export function nextAttempt(attempts: number, now: number): number | null {
  const wait = RETRY_DELAYS_MIN[attempts - 1];
  return wait === undefined ? null : now + wait * MINUTE;
}

export function listOutbox(env: Env, status?: string, limit?: number): Message[] {
  let s: MessageStatus | undefined;
  if (status !== undefined) {
    const want = status.trim().toLowerCase();
    if (!(MESSAGE_STATUSES as readonly string[]).includes(want)) throw invalid(`--status: "${status}" is not a message status`, `use ${MESSAGE_STATUSES.join(', ')}`);
    s = want as MessageStatus;
  }
  return env.store.read((tx) => tx.listMessages({ status: s, limit }));
}

/**
 * Why a message should not go now, or null.
 * - An invitation of a session cancelled since: its cancellation says all (and could otherwise arrive first).
 * - A first invitation, a reminder or an update once the session is under way. A reschedule still goes: the
 *   event it moves may be in the calendar at a time still to come.
 * - An update of a session moved since, or a 'confirmed' no longer true: the later message carries the rest.
 * - A reminder when a later reminder is also due.
 * Cancellations always go: the reader's calendar must drop the event.
 */
export function skipReason(tx: Tx, m: Message, now: number): string | null {
  if (!INVITATIONS.has(m.kind) && m.kind !== 'reminder') return null;
  const b = tx.bookingById(m.bookingId!)!;
  if (b.status === 'cancelled' && m.kind !== 'reminder') return 'the session was cancelled since: the cancellation says so';
  // Tried again after a failure, handed back by a stop, or waiting its turn: a newer message to the same reader
  // tells the session as it is now, and this one must not arrive after it.
  if (TIME_TELLING.has(m.kind) && b.sequence !== m.sequence && supersededBy(tx.listMessages({ bookingId: b.id }), m)) {
    return 'a later message about this session to the same reader tells it as it is now';
  }
  const over = now >= b.startAt ? 'the session had already started' : null;
  if (m.kind === 'reschedule') return null;
  if (m.kind === 'confirmation') return over;
  if (!isOpen(b.status)) return `the session is ${statusLabel(b.status)}`;
  if (b.sequence !== m.sequence) return 'the session was rescheduled';
  if (m.kind === 'confirmed' && b.status !== 'confirmed') return 'the session is no longer confirmed';
  if (over || m.kind !== 'reminder') return over;
  const later = tx.pendingMessages(b.id)
    .find((o) => o.kind === 'reminder' && o.sequence === m.sequence && o.offsetMin! < m.offsetMin! && o.dueAt <= now);
  return later ? `superseded by the ${formatDuration(later.offsetMin!)} reminder` : null;
}

/** Sends a failed (or skipped) message again at the next run: attempts start over. */
export function retryMessage(env: Env, idValue: string): Message {
  const id = v.id(idValue, 'ID');
  return env.store.write((tx) => {
    const m = tx.messageById(id);
    if (!m) throw notFound(`no message ${id} in the outbox`, 'see sched outbox');
    if (m.status === 'sent') throw illegal(`message ${id} was sent ${new Date(m.sentAt!).toISOString()}: it is not sent twice`);
    if (m.status === 'pending') throw illegal(`message ${id} is already pending`, 'the daemon sends it when it is due');
    const now = env.now();
    // Skipped while a sender had it on the wire: it may be arriving now, and sending it again would double it.
    if (onTheWire(m, now)) {
      throw illegal(`message ${id} is being sent right now (by ${m.claimedBy})`, 'see sched outbox in a few minutes: it will say whether it went');
    }
    // Pending again, it would be skipped again at once: say so now rather than promise a send.
    const still = skipReason(tx, { ...m, status: 'pending' }, now);
    if (still) throw illegal(`message ${id} would not go: ${still}`, 'nothing to send again');
    tx.updateMessage(id, { status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null, skipReason: null, claimedBy: null, leaseUntil: null });
    tx.audit({ at: now, actor: env.actor, action: 'outbox.retry', entity: 'message', entityId: id, details: { from: m.status, key: m.key } });
    return tx.messageById(id)!;
  });
}
