// The changes the calendar can make. Each goes through the same core function as the CLI command, and
// reports as the CLI does: the command's own success line, or the refusal's one line (message and hint).
import { bookedLine } from '../commands/present';
import { viewBookings } from '../core/agenda';
import { book, reschedule } from '../core/booking';
import { addNote, cancel, complete, confirm, isUnchanged, noShow, setNotes, versionOf, withdraw, type BookingVersion } from '../core/lifecycle';
import { formatClock, isoInstant, wallCandidates } from '../core/time';
import type { Booking } from '../core/types';
import { errorLine, isSchedError } from '../errors';
import type { TuiData } from './data';
import type { UndoEntry } from './state';

export interface Outcome {
  message: string;
  error: boolean;
  /** What u would take back; absent when nothing changed. */
  undo?: UndoEntry;
}

/** Runs a change; a refusal changes nothing and becomes the CLI's one-line message. */
export function attempt(data: TuiData, change: () => Outcome): Outcome {
  try {
    return change();
  } catch (e) {
    if (isSchedError(e)) return { message: errorLine(e), error: true };
    return { message: `internal error: ${(e as Error | null)?.message ?? String(e)}`, error: true };
  } finally {
    // Even a refusal may follow someone else's change: show what is there now.
    data.invalidate();
  }
}

const line = (data: TuiData, verb: string, b: Booking, zone: string) => `${verb} ${bookedLine(viewBookings(data.env, [b], zone)[0]!)}`;

/** A wall time in the calendar: a date, minutes after midnight, and whether it is the second time round (DST). */
export interface WallTime {
  date: string;
  minute: number;
  second: boolean;
}

/**
 * `--at` for a wall time in `zone`: "DATE HH:MM" as typed (so a time the clock skips is refused as such),
 * or the instant with its offset for the second time round, which "DATE HH:MM" would read as the first.
 */
function atValue(w: WallTime, zone: string): string {
  const again = w.second ? wallCandidates(w.date, w.minute, zone)[1] : undefined;
  return again === undefined ? `${w.date} ${formatClock(w.minute)}` : isoInstant(again, zone);
}

export interface BookAt extends WallTime {
  staff: { handle: string; tz: string };
  clientId: number;
  service: string;
  zone: string;
}

export function bookAt(data: TuiData, a: BookAt): Outcome {
  return attempt(data, () => {
    // The wall time at the cursor, read in the zone shown, as `sched book --at "DATE HH:MM" [--tz ZONE]` would.
    const tz = a.zone === a.staff.tz ? undefined : a.zone;
    const made = book(data.env, { staff: a.staff.handle, client: String(a.clientId), service: a.service, at: atValue(a, a.zone), tz });
    const b = made.bookings[0]!;
    return { message: `${line(data, 'booked', b, a.zone)} (u undoes)`, error: false, undo: { kind: 'book', id: b.id, seen: versionOf(b) } };
  });
}

export function moveTo(data: TuiData, id: number, to: WallTime, zone: string): Outcome {
  return attempt(data, () => {
    const before = data.env.store.read((tx) => tx.bookingById(id));
    // The zone shown says how to read the wall time (a reschedule records no zone of its own).
    // Only from the booking as read just now, so that what undo later carries on from is what this move changed.
    const b = reschedule(data.env, { id, at: atValue(to, zone), tz: zone, expect: before ? versionOf(before) : undefined });
    return { message: `${line(data, 'rescheduled', b, zone)} (u moves it back)`, error: false, undo: before && { kind: 'move', id, from: before.startAt, seen: versionOf(b), before: versionOf(before) } };
  });
}

type Step = 'confirm' | 'complete' | 'noShow';

const STEPS: Record<Step, { verb: string; run: (data: TuiData, id: number) => Booking; why: string }> = {
  confirm: { verb: 'confirmed', run: (d, id) => confirm(d.env, id), why: 'a confirmation cannot be undone: a session never goes back to scheduled (x cancels it)' },
  complete: { verb: 'completed', run: (d, id) => complete(d.env, id), why: 'marking done cannot be undone; o corrects it to a no-show' },
  noShow: { verb: 'no-show:', run: (d, id) => noShow(d.env, id), why: 'a no-show cannot be undone; d corrects it to completed' },
};

/** The booking's version now, for a final step's `before` (none when it is gone: the step will say so). */
const versionNow = (data: TuiData, id: number): BookingVersion | undefined => {
  const b = data.env.store.read((tx) => tx.bookingById(id));
  return b && versionOf(b);
};

export function step(data: TuiData, which: Step, id: number, zone: string): Outcome {
  const s = STEPS[which];
  const before = versionNow(data, id);
  return attempt(data, () => {
    const after = s.run(data, id);
    return { message: line(data, s.verb, after, zone), error: false, undo: { kind: 'final', id, why: s.why, before, after: versionOf(after) } };
  });
}

export function cancelBooking(data: TuiData, id: number, reason: string, series: boolean, zone: string): Outcome {
  return attempt(data, () => {
    const list = cancel(data.env, { id, reason: reason.trim() || undefined, series });
    const views = viewBookings(data.env, list, zone);
    const text = views.length === 1 ? `cancelled ${bookedLine(views[0]!)}` : `cancelled ${views.length} sessions of the series, from ${bookedLine(views[0]!)}`;
    return { message: text, error: false, undo: { kind: 'final', id, why: 'a cancellation cannot be undone; book the session again with b' } };
  });
}

export function note(data: TuiData, id: number, text: string, zone: string): Outcome {
  const before = versionNow(data, id);
  return attempt(data, () => {
    const after = addNote(data.env, id, text);
    return { message: line(data, 'noted on', after, zone), error: false, undo: { kind: 'final', id, why: 'a note stays in the history; add another with E to correct it', before, after: versionOf(after) } };
  });
}

/** Replaces the notes, as `sched note ID --set TEXT` does; refused if they are no longer `was` (changed elsewhere). */
export function editNotes(data: TuiData, id: number, text: string, was: string | null, zone: string): Outcome {
  return attempt(data, () => {
    const prior = data.env.store.read((tx) => tx.bookingById(id));
    const b = setNotes(data.env, id, text, { notes: was });
    const verb = b.notes === null ? 'notes cleared on' : 'notes set on';
    return { message: `${line(data, verb, b, zone)} (u puts the old ones back)`, error: false, undo: { kind: 'notes', id, from: was, to: b.notes, before: prior && versionOf(prior) } };
  });
}

/**
 * Takes back the last change when that is safe: a booking made here is withdrawn (as made in error: no late
 * cancellation, no mail unless a confirmation went out), a move is moved back. The core does either only if
 * the booking is still as this session left it, checked in the transaction of the change; edited notes go back
 * only while they are still as edited here. Returns whether the
 * entry is used up: done, or refused because the booking changed (it never will be as it was again).
 */
/** `version`: the booking as the undo left it, which earlier steps of this session on it now start from. */
export function undoLast(data: TuiData, entry: UndoEntry | undefined, zone: string): Outcome & { consumed: boolean; version?: BookingVersion } {
  if (!entry) return { message: 'nothing to undo in this session', error: false, consumed: false };
  // Said, and passed: the next u goes on to the step before it.
  if (entry.kind === 'final') return { message: `${entry.why} (u again undoes the step before it)`, error: true, consumed: true };
  let version: BookingVersion | undefined;
  const r = attempt(data, () => {
    if (entry.kind === 'book') {
      const w = withdraw(data.env, entry.id, entry.seen);
      const told = w.told ? '; its confirmation had gone out, so client and staff are told it is cancelled' : '';
      version = versionOf(w.booking);
      return { message: `undone: withdrew ${bookedLine(viewBookings(data.env, [w.booking], zone)[0]!)}${told}`, error: false };
    }
    if (entry.kind === 'notes') {
      const b = setNotes(data.env, entry.id, entry.from ?? '', { notes: entry.to });
      version = versionOf(b);
      return { message: `undone: ${line(data, b.notes === null ? 'notes cleared on' : 'notes put back on', b, zone)}`, error: false };
    }
    // An instant with its offset: the old time exactly, whatever zone is shown now. The booking held that time
    // a moment ago: hours it was forced into, or notice that has run out since, do not stop it going back, as
    // they would not have stopped it staying. What has changed there since (a block, another session, a day
    // now full) still does.
    const b = reschedule(data.env, { id: entry.id, at: isoInstant(entry.from, 'UTC'), expect: entry.seen, moveBack: true });
    version = versionOf(b);
    return { message: `undone: ${line(data, 'rescheduled', b, zone)}`, error: false };
  });
  if (!r.error) return { ...r, consumed: true, version };
  return { ...r, consumed: changedSince(data, entry) };
}

function changedSince(data: TuiData, entry: Exclude<UndoEntry, { kind: 'final' }>): boolean {
  const b = data.env.store.read((tx) => tx.bookingById(entry.id));
  if (!b) return true;
  return entry.kind === 'notes' ? b.notes !== entry.to : !isUnchanged(b, entry.seen);
}
