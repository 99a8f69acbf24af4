// Keys: the one list that the ? screen and the README show, and the splitting of input into single keys.
import type { Key } from 'ink';

export const KEY_HELP: ReadonlyArray<readonly [keys: string, what: string]> = [
  ['← → / h l', 'previous / next day'],
  ['↑ ↓ / k j', '30 minutes earlier / later (in the agenda: previous / next session)'],
  ['n p  (] [)', 'next / previous week (month in the month view; 10 sessions on in the agenda)'],
  ['t', 'today'],
  ['Tab / s  (Shift-Tab / S)', 'next (previous) staff member'],
  ['w m a', 'week, month, agenda view'],
  ['Enter', 'open the booking under the cursor (the day, in the month view)'],
  ['g', 'next booking in the same half hour (group sessions, overlaps): the keys act on the one chosen'],
  ['b', 'book at the cursor: find the client, choose the service, confirm'],
  ['c', 'confirm the booking'],
  ['d', 'mark it done (completed)'],
  ['o', 'mark it a no-show'],
  ['x', 'cancel it: asks for a reason, then y (a: with the later sessions of its series)'],
  ['r', 'reschedule: move the cursor to the new time, Enter to place it, Esc to stop'],
  ['e', "edit the booking's notes: Enter saves (empty clears them), Esc leaves them as they were"],
  ['E', "add an internal note to the booking's history (its notes stay as they are)"],
  ['u', 'undo the last change, when that is safe: withdraw a booking made here, move a moved one back, put edited notes back'],
  ['v', "show / hide cancelled bookings (in the week, and in the agenda's first filter)"],
  ['f', 'agenda: filter by status (all, scheduled, confirmed, completed, no-show, cancelled)'],
  ['z', "switch times between the staff member's zone and yours"],
  ['?', 'this help'],
  ['q / Esc', 'leave (closes a form, this help or the booking first)'],
];

/** The keys the status line recalls, by view. */
export const HINTS = {
  // "? keys" first: on a narrow terminal the end of the line is cut, and ? lists everything else.
  week: '? keys  q quit  ←↓↑→ move  n/p week  b book  c confirm  d done  o no-show  x cancel  r move  u undo',
  month: '? keys  q quit  ←↓↑→ move  n/p month  Enter week  w week  a agenda',
  agenda: '? keys  q quit  ↑↓ select  f filter  Enter open  c confirm  d done  o no-show  x cancel  e notes  E note',
  detail: 'c confirm  d done  o no-show  x cancel  r move  e notes  E note  u undo  Esc back',
  help: 'j k ↓ ↑ Space scroll  any other key: back',
  book: 'type to find the client  ↑↓ choose  Enter next  Esc back',
  bookService: '↑↓ / jk choose the service  Enter next  Esc back',
  // The question above says y, Enter, n and Esc (and a for a series): said once, there.
  bookConfirm: 'answer the question above',
  cancel: 'type the reason  Enter next  Esc keep it',
  cancelConfirm: 'answer the question above',
  note: 'type the note  Enter add it  Esc leave',
  notes: 'type  Backspace erase  Enter save  Esc leave',
  move: '←↓↑→ / hjkl and n/p move the cursor  Enter place the booking here  Esc leave it where it was',
};

/** `paste`: text the terminal marked as pasted (bracketed paste), taken whole by a text field, never as keys. */
export type KeyPress = { input: string; key: Partial<Key> & { paste?: boolean } };

/** What Ink passes on for the terminal's bracketed-paste marks (ESC [200~ and ESC [201~). */
export const PASTE_START = '[200~';
export const PASTE_END = '[201~';

const SINGLE: Record<string, Partial<Key>> = {
  '\r': { return: true },
  '\n': { return: true },
  '\t': { tab: true },
  '\u007f': { backspace: true },
  '\b': { backspace: true },
  '\u001b': { escape: true },
};

/**
 * One key per press. A terminal delivers keys typed quickly, or sent in one batch (tmux send-keys), as one
 * string; Ink passes it on whole, so printable runs are taken apart here, Enter and Tab included.
 */
export function splitKeys(input: string, key: Partial<Key>): KeyPress[] {
  const special = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.ctrl || key.meta;
  if (special || [...input].length <= 1) {
    // Ink reports a lone Enter, Tab or Backspace with an empty input; a lone control character may still come through.
    return [{ input: SINGLE[input] ? '' : input, key: SINGLE[input] ? { ...key, ...SINGLE[input] } : key }];
  }
  return [...input].map((ch) => (SINGLE[ch] ? { input: '', key: SINGLE[ch]! } : { input: ch, key: { shift: /[A-Z]/.test(ch) } }));
}
