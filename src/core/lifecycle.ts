// A session's life cycle: scheduled -> confirmed -> completed | no_show; scheduled or confirmed -> cancelled.
// completed <-> no_show is a correction (audited). Completed, no-show and cancelled sessions cannot be cancelled or moved.
import { illegal, invalid, notFound } from '../errors';
import type { Tx } from '../db/store';
import type { Env } from './env';
import { mayHaveArrived, onCancelled, onConcluded, onUpdated, people } from './outbox';
import { officeSettings } from './settings';
import { fmtDayTime } from './time';
import { isOpen, MESSAGE_KINDS, OPEN_STATUSES, statusLabel, type Booking, type Status } from './types';
import * as v from './validate';

const MINUTE = 60_000;

const label = statusLabel;

/** Whether a session can still be moved or cancelled: once it took place (or not), or was cancelled, it is history. */
export const canChange = isOpen;

/**
 * How a booking looked when someone last saw it. Every change moves the sequence or updatedAt; status is
 * compared too, because a change made within the same millisecond (a frozen clock) leaves updatedAt alone.
 */
export interface BookingVersion {
  sequence: number;
  updatedAt: number;
  status?: Status;
}

export const versionOf = (b: Booking): Required<BookingVersion> => ({ sequence: b.sequence, updatedAt: b.updatedAt, status: b.status });

/** Whether a booking (or a version taken of it) is still as `seen`. */
export const isUnchanged = (b: BookingVersion, seen: BookingVersion): boolean =>
  b.sequence === seen.sequence && b.updatedAt === seen.updatedAt && (seen.status === undefined || seen.status === b.status);

/** Refuses, inside the caller's transaction, when the booking changed after `seen` was taken. */
export function checkUnchanged(b: Booking, seen: BookingVersion, what: string): void {
  if (isUnchanged(b, seen)) return;
  throw illegal(
    `booking ${b.id} was changed since it was ${what} (now ${label(b.status)}, ${fmtDayTime(b.startAt, b.tz)}): left as it is`,
    `see sched show ${b.id}`,
  );
}

function load(tx: Tx, id: number): Booking {
  const b = tx.bookingById(id);
  if (!b) throw notFound(`no booking ${id}`, 'see sched list');
  return b;
}

function record(tx: Tx, env: Env, b: Booking, kind: string, to: Status | null, text: string | null, details?: unknown) {
  tx.addEvent({ bookingId: b.id, at: env.now(), actor: env.actor, kind, fromStatus: b.status, toStatus: to ?? b.status, oldStartAt: null, oldEndAt: null, newStartAt: null, newEndAt: null, text });
  tx.audit({ at: env.now(), actor: env.actor, action: `booking.${kind}`, entity: 'booking', entityId: b.id, details: details ?? { from: b.status, to: to ?? b.status, text } });
}

export function confirm(env: Env, idValue: string | number): Booking {
  const id = v.id(idValue, 'ID');
  return env.store.write((tx) => {
    const b = load(tx, id);
    if (b.status === 'confirmed') throw illegal(`booking ${id} is already confirmed`);
    if (b.status !== 'scheduled') throw illegal(`booking ${id} is ${label(b.status)}: only a scheduled session can be confirmed`);
    tx.updateBooking(id, { status: 'confirmed', updatedAt: env.now() });
    record(tx, env, b, 'confirmed', 'confirmed', null);
    const after = tx.bookingById(id)!;
    onUpdated(tx, after, people(tx, after), 'confirmed', env.now());
    return after;
  });
}

/**
 * What a session in `status` keeps of these: a rating and feedback only once completed, a reason for
 * cancelling only once cancelled. A change of standing (a correction, an import) drops the rest.
 */
export function keptIn(status: Status, b: Pick<Booking, 'rating' | 'feedback' | 'cancelReason'>): Pick<Booking, 'rating' | 'feedback' | 'cancelReason'> {
  const done = status === 'completed';
  return { rating: done ? b.rating : null, feedback: done ? b.feedback : null, cancelReason: status === 'cancelled' ? b.cancelReason : null };
}

/** Completed or no-show: only once the session has started; switching between the two is a correction. */
function conclude(env: Env, idValue: string | number, to: 'completed' | 'no_show', notes?: string): Booking {
  const id = v.id(idValue, 'ID');
  const text = notes === undefined ? null : v.note(notes, '--notes');
  return env.store.write((tx) => {
    const b = load(tx, id);
    const other = to === 'completed' ? 'no_show' : 'completed';
    const verb = to === 'completed' ? 'marked completed' : 'marked a no-show';
    if (b.status === to) throw illegal(`booking ${id} is already ${label(to)}`);
    if (b.status === 'scheduled') throw illegal(`booking ${id} is still scheduled: confirm it before it can be ${verb}`, `sched confirm ${id}`);
    if (b.status === 'cancelled') throw illegal(`booking ${id} is cancelled: it cannot be ${verb}`);
    if (env.now() < b.startAt) throw illegal(`booking ${id} has not started yet (it starts ${fmtDayTime(b.startAt, b.tz)}): it can be ${verb} once it has started`);
    const kind = b.status === other ? 'corrected' : to;
    // A session that did not take place has no rating: one given before the correction goes, its words kept in the history.
    const kept = keptIn(to, b);
    const unrated = kept.rating !== b.rating || kept.feedback !== b.feedback;
    tx.updateBooking(id, { status: to, updatedAt: env.now(), rating: kept.rating, feedback: kept.feedback });
    const dropped = unrated ? `rating withdrawn (it was ${b.rating === null ? 'none' : `${b.rating}/5`}${b.feedback ? `: ${b.feedback}` : ''})` : null;
    record(tx, env, b, kind, to, [text, dropped].filter(Boolean).join('; ') || null);
    const after = tx.bookingById(id)!;
    onConcluded(tx, after, people(tx, after), env.now());
    return after;
  });
}

export const complete = (env: Env, id: string | number, notes?: string) => conclude(env, id, 'completed', notes);
export const noShow = (env: Env, id: string | number) => conclude(env, id, 'no_show');

/** The cancel reason that marks a withdrawn booking: reports count it as never booked. */
export const WITHDRAWN_REASON = 'withdrawn: booked in error';

export interface CancelRequest {
  id: string | number;
  reason?: string;
  /** Also cancel the later sessions of its series ("this and following"). */
  series?: boolean;
}

/** The longest reason for cancelling: a line told in the cancellation email (longer text belongs in notes). */
export const REASON_MAX = 500;

/** Cancels; inside the office's cancellation notice it is recorded as late. Returns every booking cancelled. */
export function cancel(env: Env, req: CancelRequest): Booking[] {
  const id = v.id(req.id, 'ID');
  const reason = req.reason === undefined ? null : v.note(req.reason, '--reason', REASON_MAX);
  // Reports leave withdrawn bookings out: a cancellation must not be able to hide among them.
  if (reason === WITHDRAWN_REASON) throw invalid(`--reason: "${reason}" is kept for bookings withdrawn as made in error`, 'give the reason in other words');
  return env.store.write((tx) => {
    const b = load(tx, id);
    if (!canChange(b.status)) throw illegal(`booking ${id} is ${label(b.status)}: it cannot be cancelled`);
    let targets = [b];
    if (req.series) {
      if (!b.seriesId) throw invalid(`booking ${id} is not part of a series`, `cancel it alone with sched cancel ${id}`);
      // The remaining sessions: this one and those of the series that start after it, by their times as they
      // are now (a session moved to after it remains; one moved to before it does not), and are still to come
      // (one in the past took place, or did not: conclude it).
      const now = env.now();
      targets = tx.listBookings({ seriesId: b.seriesId, statuses: OPEN_STATUSES })
        .filter((x) => x.id === b.id || (x.startAt >= b.startAt && x.startAt > now)).sort((x, y) => x.startAt - y.startAt || x.id - y.id);
    }
    const notice = officeSettings(tx).cancellationNoticeMin * MINUTE;
    const now = env.now();
    for (const t of targets) {
      const late = now > t.startAt - notice;
      // A cancelled session's `late` says whether the cancellation was (reports count late cancellations by it);
      // a late move before it stays in the history.
      tx.updateBooking(t.id, { status: 'cancelled', cancelReason: reason, lateChange: late, sequence: t.sequence + 1, updatedAt: now });
      record(tx, env, t, 'cancelled', 'cancelled', [reason, late ? 'late: inside the cancellation notice' : ''].filter(Boolean).join('; ') || null, { from: t.status, reason, late, series: !!req.series });
    }
    const after = targets.map((t) => tx.bookingById(t.id)!);
    for (const t of after) onCancelled(tx, t, people(tx, t), now);
    return after;
  });
}

export interface Withdrawal {
  booking: Booking;
  /** A confirmation had gone out (or was going out), so a cancellation was queued for client and staff. */
  told: boolean;
}

/**
 * Takes back a booking made in error, as if it had never been made: cancelled with WITHDRAWN_REASON, never
 * late, its pending messages skipped. Only while it is exactly as `expected` (the caller's own booking,
 * untouched since); anything else is a real cancellation (`cancel`). A client who already got the
 * confirmation is told of the cancellation, otherwise they would keep a session that does not exist.
 */
export function withdraw(env: Env, idValue: string | number, expected: BookingVersion): Withdrawal {
  const id = v.id(idValue, 'ID');
  return env.store.write((tx) => {
    const b = load(tx, id);
    if (!canChange(b.status)) throw illegal(`booking ${id} is ${label(b.status)}: it can no longer be withdrawn`, `see sched show ${id}`);
    checkUnchanged(b, expected, 'booked');
    const now = env.now();
    // A confirmation sent, on its way or tried may be in the reader's calendar: they are told of the cancellation.
    const told = tx.listMessages({ bookingId: id }).some((m) => m.kind === 'confirmation' && mayHaveArrived(m));
    tx.updateBooking(id, { status: 'cancelled', cancelReason: WITHDRAWN_REASON, lateChange: false, sequence: b.sequence + 1, updatedAt: now });
    record(tx, env, b, 'withdrawn', 'cancelled', 'booked in error', { from: b.status, reason: WITHDRAWN_REASON, told });
    tx.skipPending(id, MESSAGE_KINDS, 'the booking was withdrawn (booked in error)', now);
    const after = tx.bookingById(id)!;
    if (told) onCancelled(tx, after, people(tx, after), now);
    return { booking: after, told };
  });
}

export function rate(env: Env, idValue: string | number, ratingValue: string, feedback?: string): Booking {
  const id = v.id(idValue, 'ID');
  const rating = v.int(ratingValue, '--rating', 1, 5);
  const text = feedback === undefined ? null : v.note(feedback, '--feedback');
  return env.store.write((tx) => {
    const b = load(tx, id);
    if (b.status !== 'completed') throw illegal(`booking ${id} is ${label(b.status)}: only a completed session can be rated`);
    tx.updateBooking(id, { rating, feedback: text ?? b.feedback, updatedAt: env.now() });
    record(tx, env, b, 'rated', null, `${rating}/5${text ? `: ${text}` : ''}`, { rating, feedback: text });
    return tx.bookingById(id)!;
  });
}

export function addNote(env: Env, idValue: string | number, textValue: string): Booking {
  const id = v.id(idValue, 'ID');
  const text = v.note(textValue, '--text');
  return env.store.write((tx) => {
    const b = load(tx, id);
    record(tx, env, b, 'note', null, text);
    tx.updateBooking(id, { updatedAt: env.now() });
    return tx.bookingById(id)!;
  });
}

/**
 * Replaces the session's notes (those it was booked with, which the client's calendar file shows; internal
 * notes from addNote stay in the history). The old text is kept in the history, so nothing is lost.
 * `expected`: refuse unless the notes are still what the caller last saw (the TUI's editor).
 */
export function setNotes(env: Env, idValue: string | number, textValue: string, expected?: { notes: string | null }): Booking {
  const id = v.id(idValue, 'ID');
  const text = textValue.trim() === '' ? null : v.note(textValue, '--set');
  return env.store.write((tx) => {
    const b = load(tx, id);
    if (expected && b.notes !== expected.notes) throw illegal(`the notes of booking ${id} were changed elsewhere meanwhile`, `see sched show ${id}, then try again`);
    if (b.notes === text) throw invalid(text === null ? `booking ${id} has no notes to clear` : `booking ${id} already has these notes`, 'nothing to change');
    record(tx, env, b, 'notes', null, b.notes === null ? 'notes set' : `notes replaced; they were: ${b.notes}`, { from: b.notes, to: text });
    tx.updateBooking(id, { notes: text, updatedAt: env.now() });
    const after = tx.bookingById(id)!;
    onUpdated(tx, after, people(tx, after), 'update', env.now());
    return after;
  });
}
