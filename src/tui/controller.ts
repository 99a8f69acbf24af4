// What each key does: the next state from the last one and one key press. Changes to data go through
// actions.ts (core functions); everything else here is moving around.
import { canChange, isUnchanged, REASON_MAX } from '../core/lifecycle';
import { NOTE_MAX } from '../core/validate';
import { addDays, isSecondTime, localDate, localMinutes } from '../core/time';
import * as act from './actions';
import type { TuiData } from './data';
import { helpPage } from './help';
import type { KeyPress } from './keys';
import { addMonths, screenRooms, slotOf } from './layout';
import {
  AGENDA_FILTERS, agendaFilter, agendaIndex, agendaViews, cellChoice, chosenClient, currentStaff, cursorAt, cursorIn, selectedBooking, todayCursor, weekModel, zoneOf, type Mode, type UiState, type View, type WeekModel,
} from './state';
import { STATUS_LABEL } from './theme';

const NONE: Mode = { kind: 'none' };

export interface KeyContext {
  data: TuiData;
  columns: number;
  rows: number;
}

const say = (s: UiState, text: string, error = false): UiState => ({ ...s, message: { text, error } });

function applyOutcome(s: UiState, o: act.Outcome, mode: Mode = s.mode): UiState {
  let undo = s.undo;
  const u = o.undo;
  // A step that cannot be undone (a confirmation, a note) is this session's own: the steps before it on that
  // booking start from what it left, so u can still take them back once past it.
  if (u?.kind === 'final' && u.before && u.after) {
    undo = undo.map((e) => ((e.kind === 'book' || e.kind === 'move') && e.id === u.id && isUnchanged(e.seen, u.before!) ? { ...e, seen: u.after! } : e));
  }
  return { ...s, mode, message: { text: o.message, error: o.error }, undo: u ? [...undo, u] : undo };
}

const printable = (k: KeyPress) => k.input.length > 0 && !k.key.ctrl && !k.key.meta && !/[\u0000-\u001f\u007f]/.test(k.input);

let graphemes: Intl.Segmenter | undefined;

/** `text` without its last character as the reader sees it (an emoji, an accented letter): never half of one. */
function withoutLast(text: string): string {
  if (!text) return text;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let last = 0;
  for (const g of graphemes.segment(text)) last = g.index;
  return text.slice(0, last);
}

interface Edited {
  text: string;
  /** Part of what was typed or pasted went past the field's limit and was left out. */
  cut: boolean;
}

/**
 * Editing a line of text: the new text, or undefined when the key is not an edit. `max` is the core's limit for
 * the field (what `sched` accepts from the command line), so that nothing typed here is refused later.
 */
function edit(text: string, k: KeyPress, max: number, multiline = false): Edited | undefined {
  if (k.key.backspace || k.key.delete) return { text: withoutLast(text), cut: false };
  // A paste is text: its line breaks stay in notes, and become spaces in a one-line field; other controls go.
  const added = k.key.paste
    ? k.input.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(multiline ? /(?!\n)[\u0000-\u001f\u007f]/g : /[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? ' ' : ''))
    : printable(k) ? k.input : undefined;
  if (added === undefined) return undefined;
  const whole = text + added;
  if (whole.length <= max) return { text: whole, cut: false };
  // Cut between characters, never inside a surrogate pair.
  let end = max;
  if (/[\ud800-\udbff]/.test(whole[end - 1] ?? '')) end--;
  return { text: whole.slice(0, end), cut: true };
}

/** After an edit: says when a paste went past the limit, so that nothing is lost without a word. */
const edited = (s: UiState, e: Edited, what: string, max: number): UiState =>
  e.cut ? say(s, `${what} can be at most ${max.toLocaleString('en')} characters: the rest was left out`, true) : s;

/** Whether a line of text is being typed: the booking form's search, a reason for cancelling, a note, the notes. */
const typingText = (m: Mode): boolean =>
  (m.kind === 'book' && m.step === 'client') || (m.kind === 'cancel' && m.step === 'reason') || m.kind === 'note' || m.kind === 'notes';

export function handleKey(s: UiState, k: KeyPress, ctx: KeyContext): UiState {
  // Pasted text goes only into a field being typed in: anywhere else its letters would act as keys (y, c, x...).
  if (k.key.paste && !typingText(s.mode)) return say(s, 'a paste goes into a field being typed in (a note, a reason, a search): nothing was done', true);
  switch (s.mode.kind) {
    case 'help':
      return helpKey(s, s.mode, k, ctx);
    case 'book':
      return bookKey(s, s.mode, k, ctx);
    case 'cancel':
      return cancelKey(s, s.mode, k, ctx);
    case 'note':
      return noteKey(s, s.mode, k, ctx);
    case 'notes':
      return notesKey(s, s.mode, k, ctx);
    default:
      return mainKey(s, k, ctx);
  }
}

function mainKey(s: UiState, k: KeyPress, ctx: KeyContext): UiState {
  const { input, key } = k;
  const { data } = ctx;
  if (key.escape || input === 'q') {
    if (s.mode.kind === 'move') return say({ ...s, mode: NONE }, `booking ${s.mode.id} stays where it was`);
    if (s.mode.kind === 'detail') return { ...s, mode: NONE };
    return { ...s, quit: true };
  }
  if (input === '?') return { ...s, mode: { kind: 'help', offset: 0 } };
  if (s.mode.kind === 'detail' && key.return) return { ...s, mode: NONE };
  if (s.mode.kind === 'move' && key.return) return place(s, s.mode.id, ctx);

  const view = ({ w: 'week', m: 'month', a: 'agenda' } as Record<string, View>)[input];
  if (view === 'agenda') return selectAgenda({ ...s, view, mode: NONE }, ctx, s.agendaIndex);
  if (view) return { ...s, view, mode: s.mode.kind === 'move' && view === 'week' ? s.mode : NONE };
  if (key.tab || input === 's' || input === 'S') {
    // A session keeps its staff member when it moves: the week shown must stay theirs.
    if (s.mode.kind === 'move') return say(s, `booking ${s.mode.id} moves within its staff member's calendar: Enter places it, Esc leaves it`, true);
    return switchStaff(s, ctx, key.shift || input === 'S' ? -1 : 1);
  }
  if (input === 'z') return toggleZone(s, ctx);
  if (input === 'v') {
    const shown = { ...s, showCancelled: !s.showCancelled };
    const text = s.showCancelled ? 'cancelled bookings hidden' : 'cancelled bookings shown';
    return say(s.view === 'agenda' ? selectAgenda(shown, ctx, 0) : shown, text);
  }
  // While a session is being moved, keys act on it alone: not on the booking under the cursor.
  const stillMoving = (m: Mode) => m.kind === 'move' && say(s, `moving booking ${m.id}: move the cursor, Enter places it there, Esc leaves it`, true);
  if (input === 'u') return stillMoving(s.mode) || undo(s, ctx);

  const staff = currentStaff(data, s);
  const zone = zoneOf(s, staff);
  if (input === 't') {
    const today = todayCursor(data.env.now(), zone);
    if (s.view === 'agenda') return selectAgenda(s, ctx, 0);
    return { ...s, cursor: s.view === 'week' ? today : { ...s.cursor, date: today.date } };
  }

  if (s.mode.kind !== 'detail') {
    const moved = navigate(s, k, ctx);
    if (moved) return moved;
  }
  const moving = stillMoving(s.mode);
  if (moving) return moving;

  const id = selectedBooking(data, s, ctx.columns);
  switch (input) {
    case 'b': {
      if (s.view !== 'week' || s.mode.kind !== 'none') return say(s, 'b books at the cursor of the week view: press w, move to a free slot, then b', true);
      const wm = weekModel(data, s, ctx.columns);
      if (wm.cell?.kind === 'once') return say(s, ONCE, true);
      const { minute, second } = bookingStart(wm, s.cursor.minute);
      return { ...s, mode: { kind: 'book', step: 'client', query: '', index: 0, date: s.cursor.date, minute, second } };
    }
    case 'g':
      return nextInCell(s, ctx);
    case 'c':
    case 'd':
    case 'o':
      if (id === undefined) return say(s, 'no booking here: move the cursor onto one', true);
      return applyOutcome(s, act.step(data, input === 'c' ? 'confirm' : input === 'd' ? 'complete' : 'noShow', id, zone));
    case 'x': {
      if (id === undefined) return say(s, 'no booking here: move the cursor onto one', true);
      const over = settled(data, id, zone);
      // Asking for a reason first and refusing after would waste the typing.
      if (over) return say(s, `booking ${id} is ${over}: it cannot be cancelled`, true);
      return { ...s, mode: { kind: 'cancel', id, step: 'reason', reason: '' } };
    }
    case 'e': {
      if (id === undefined) return say(s, 'no booking here: move the cursor onto one', true);
      const d = data.detail(id, zone);
      if (!d) return say(s, `no booking ${id}`, true);
      // What the notes were when the editor opened: saving refuses if someone changed them meanwhile.
      const was = d.view.booking.notes;
      return { ...s, mode: { kind: 'notes', id, text: was ?? '', was } };
    }
    case 'E':
      if (id === undefined) return say(s, 'no booking here: move the cursor onto one', true);
      return { ...s, mode: { kind: 'note', id, text: '' } };
    case 'r':
      if (id === undefined) return say(s, 'no booking here: move the cursor onto one', true);
      return startMove(s, id, ctx);
  }
  if (key.return) {
    if (s.view === 'month') return { ...s, view: 'week' };
    if (id !== undefined) return { ...s, mode: { kind: 'detail', id } };
    return say(s, 'no booking here: b books one');
  }
  if (input === 'f' && s.view === 'agenda') {
    const next = (s.agendaFilter + 1) % AGENDA_FILTERS.length;
    return say(selectAgenda({ ...s, agendaFilter: next }, ctx, 0), `agenda: ${agendaFilter({ ...s, agendaFilter: next }).label}`);
  }
  return s;
}

/** Selects the agenda's session at `index` (kept inside the list) by its id, so that what is added above it does not move the selection. */
function selectAgenda(s: UiState, ctx: KeyContext, index: number): UiState {
  const views = agendaViews(ctx.data, s);
  const at = Math.max(0, Math.min(views.length - 1, index));
  return { ...s, agendaIndex: at, agendaId: views[at]?.booking.id };
}

/** The status label of a booking that can no longer change (undefined while it can, or when it is gone). */
function settled(data: TuiData, id: number, zone: string): string | undefined {
  const status = data.detail(id, zone)?.view.booking.status;
  return status && !canChange(status) ? STATUS_LABEL[status] : undefined;
}

/** g: the next of the bookings in the cursor's half hour, for the keys to act on. */
function nextInCell(s: UiState, ctx: KeyContext): UiState {
  if (s.view !== 'week' || s.mode.kind !== 'none') return say(s, 'g chooses among the bookings of one half hour of the week view', true);
  const cell = weekModel(ctx.data, s, ctx.columns).cell;
  const current = cellChoice(cell, s.cellId);
  if (!cell || !current) return say(s, 'no booking here: move the cursor onto one', true);
  if (current.count === 1) return say(s, `booking ${current.id} is the only one in this half hour`);
  const next = (current.index + 1) % current.count;
  return say({ ...s, cellId: cell.ids[next] }, `booking ${cell.ids[next]}: ${next + 1} of ${current.count} in this half hour`);
}

/** In the help: j/k and the arrows scroll when it is taller than the screen; any other key closes it. */
function helpKey(s: UiState, m: Extract<Mode, { kind: 'help' }>, k: KeyPress, ctx: KeyContext): UiState {
  const { input, key } = k;
  const down = key.downArrow || key.pageDown || input === 'j' || input === ' ';
  const up = key.upArrow || key.pageUp || input === 'k';
  if (!down && !up) return { ...s, mode: NONE };
  const rooms = screenRooms(ctx.rows);
  const step = key.pageDown || key.pageUp || input === ' ' ? rooms.main + rooms.pane - 2 : 1;
  const page = helpPage(ctx.columns, rooms.main + rooms.pane, m.offset + (down ? step : -step));
  return { ...s, mode: { kind: 'help', offset: page.offset } };
}

/** Cursor keys, by view; undefined when the key is not one. */
function navigate(s: UiState, k: KeyPress, ctx: KeyContext): UiState | undefined {
  const { input, key } = k;
  const left = key.leftArrow || input === 'h';
  const right = key.rightArrow || input === 'l';
  const up = key.upArrow || input === 'k';
  const down = key.downArrow || input === 'j';
  const next = input === 'n' || input === ']';
  const prev = input === 'p' || input === '[';
  if (!(left || right || up || down || next || prev)) return undefined;
  const c = s.cursor;
  if (s.view === 'agenda') {
    const page = next ? 10 : prev ? -10 : 0;
    const delta = down ? 1 : up ? -1 : page;
    return selectAgenda(s, ctx, agendaIndex(s, agendaViews(ctx.data, s)) + delta);
  }
  if (s.view === 'month') {
    if (next || prev) return { ...s, cursor: { ...c, date: addMonths(c.date, next ? 1 : -1) } };
    return { ...s, cursor: { ...c, date: addDays(c.date, left ? -1 : right ? 1 : up ? -7 : 7) } };
  }
  if (next || prev) return { ...s, cursor: { ...c, date: addDays(c.date, next ? 7 : -7) } };
  if (left || right) return { ...s, cursor: { ...c, date: addDays(c.date, left ? -1 : 1) } };
  // Up and down walk the rows shown, so the cursor never sits on a row that is not drawn.
  const m = weekModel(ctx.data, s, ctx.columns);
  const row = m.rows[Math.max(0, Math.min(m.rows.length - 1, m.row + (up ? -1 : 1)))];
  return { ...s, cursor: row ? { date: c.date, minute: row.minute, second: row.second } : c };
}

/**
 * Where b books in the cursor's half hour: where it starts, or, when the working hours begin inside it (a zone
 * shown a quarter hour off the staff member's, whose half hour is drawn free), where they begin.
 */
function bookingStart(wm: WeekModel, cursorMinute: number): { minute: number; second: boolean } {
  const row = wm.rows[wm.row] ?? { minute: cursorMinute, second: false };
  const cell = wm.cell;
  if (!cell || wm.week.windows.some((w) => w.start <= cell.start && cell.start < w.end)) return row;
  const opens = wm.week.windows.find((w) => w.start > cell.start && w.start < cell.end);
  return opens ? { ...row, minute: row.minute + Math.round((opens.start - cell.start) / 60_000) } : row;
}

function switchStaff(s: UiState, ctx: KeyContext, step: number): UiState {
  const list = ctx.data.basics().staff;
  if (list.length === 0) return say(s, 'there is no active staff member', true);
  const at = list.findIndex((x) => x.handle === s.staff);
  const next = list[(at + step + list.length) % list.length]!;
  const switched = { ...s, staff: next.handle };
  return say(s.view === 'agenda' ? selectAgenda(switched, ctx, 0) : { ...switched, agendaIndex: 0, agendaId: undefined }, `${next.handle}: ${next.name} (${next.tz})`);
}

function toggleZone(s: UiState, ctx: KeyContext): UiState {
  const staff = currentStaff(ctx.data, s);
  const from = zoneOf(s, staff);
  const zoneMode = s.zoneMode === 'staff' ? 'viewer' : 'staff';
  const to = zoneMode === 'staff' ? staff.tz : s.viewerZone;
  const note = from === to ? ` (${staff.handle}'s zone and yours are the same)` : '';
  // The cursor keeps its moment, so what was under it stays under it.
  return say({ ...s, zoneMode, cursor: cursorIn(s.cursor, from, to) }, `times in ${to}, ${zoneMode === 'staff' ? `${staff.handle}'s zone` : 'your zone'}${note}`);
}

function startMove(s: UiState, id: number, ctx: KeyContext): UiState {
  const d = ctx.data.detail(id, zoneOf(s, currentStaff(ctx.data, s)));
  if (!d) return say(s, `no booking ${id}`, true);
  if (!canChange(d.view.booking.status)) return say(s, `booking ${id} is ${STATUS_LABEL[d.view.booking.status]}: it can no longer be rescheduled`, true);
  // Moving happens in the booking's staff member's week, from where the session is now.
  const staff = d.view.staff;
  const zone = s.zoneMode === 'staff' ? staff.tz : s.viewerZone;
  const at = d.view.booking.startAt;
  return say(
    { ...s, view: 'week', staff: staff.handle, mode: { kind: 'move', id }, cellId: id, cursor: cursorAt(at, zone) },
    `moving booking ${id}: move the cursor to the new time, Enter to place it there, Esc to leave it`,
  );
}

/** What b or a move says on the second row of a half hour that this day has once (another day shown has it twice). */
const ONCE = 'this half hour comes round only once on this day: its row is the first of the two';

function place(s: UiState, id: number, ctx: KeyContext): UiState {
  const m = weekModel(ctx.data, s, ctx.columns);
  if (m.cell?.kind === 'once') return say(s, ONCE, true);
  const at = ctx.data.detail(id, m.zone)?.view.booking.startAt;
  if (at === undefined) return say({ ...s, mode: NONE }, `no booking ${id}`, true);
  // Rows are half hours; a session starting at 16:15 keeps its quarter past wherever it goes, and Enter where
  // it already is changes nothing.
  const was = localMinutes(at, m.zone);
  const row = m.rows[m.row] ?? { minute: slotOf(s.cursor.minute), second: false };
  const minute = row.minute + was - slotOf(was);
  if (s.cursor.date === localDate(at, m.zone) && minute === was && row.second === isSecondTime(at, m.zone)) return say({ ...s, mode: NONE }, `booking ${id} stays where it was`);
  const o = act.moveTo(ctx.data, id, { date: s.cursor.date, minute, second: row.second }, m.zone);
  // A refused move keeps the mode, so another time can be tried.
  return applyOutcome(s, o, o.error ? s.mode : NONE);
}

function undo(s: UiState, ctx: KeyContext): UiState {
  const last = s.undo[s.undo.length - 1];
  const o = act.undoLast(ctx.data, last, zoneOf(s, currentStaff(ctx.data, s)));
  let rest = o.consumed ? s.undo.slice(0, -1) : s.undo;
  // This session's own undo is no change made elsewhere: the step before it, if the booking was as that step
  // left it when the undone one was made (nobody changed it in between), now starts from what the undo left.
  const before = last && (last.kind === 'move' || last.kind === 'notes') ? last.before : undefined;
  if (o.version && before) {
    rest = rest.map((e) => ((e.kind === 'book' || e.kind === 'move') && e.id === last!.id && isUnchanged(e.seen, before) ? { ...e, seen: o.version! } : e));
  }
  return { ...s, message: { text: o.message, error: o.error }, undo: rest };
}

type BookMode = Extract<Mode, { kind: 'book' }>;

function bookKey(s: UiState, m: BookMode, k: KeyPress, ctx: KeyContext): UiState {
  const { key, input } = k;
  const { data } = ctx;
  const services = data.basics().services;
  const set = (patch: Partial<BookMode>): UiState => ({ ...s, mode: { ...m, ...patch } });
  if (m.step === 'client') {
    if (key.escape) return { ...s, mode: NONE };
    const clients = data.clients(m.query);
    const at = chosenClient(clients, m);
    if (key.upArrow || key.downArrow) {
      const index = Math.max(0, Math.min(clients.length - 1, at + (key.upArrow ? -1 : 1)));
      return set({ index, picked: clients[index]?.id });
    }
    if (key.return) {
      const client = clients[at];
      if (!client) return say(s, m.query ? `no client matches "${m.query}": add one with sched client add` : 'there are no clients yet: add one with sched client add', true);
      if (services.length === 0) return say(s, 'there is no active service: add one with sched service add', true);
      return set({ step: 'service', clientId: client.id, service: m.service ?? services[0]!.code });
    }
    const e = edit(m.query, k, 100);
    return e === undefined ? s : edited(set({ query: e.text, index: 0, picked: undefined }), e, 'a search', 100);
  }
  if (m.step === 'service') {
    if (key.escape || key.backspace) return set({ step: 'client' });
    if (services.length === 0) return say(s, 'there is no active service any more: add one with sched service add', true);
    const at = Math.max(0, services.findIndex((x) => x.code === m.service));
    if (key.upArrow || key.downArrow || input === 'k' || input === 'j') {
      const up = key.upArrow || input === 'k';
      return set({ service: services[Math.max(0, Math.min(services.length - 1, at + (up ? -1 : 1)))]!.code });
    }
    if (key.return) return set({ step: 'confirm', service: services[at]!.code });
    return s;
  }
  if (key.escape || input === 'n' || key.backspace) return set({ step: 'service' });
  if (key.return || input === 'y') {
    // Deactivated elsewhere while the form was open: choose again rather than book what is no longer offered.
    if (!services.some((x) => x.code === m.service)) return say(set({ step: 'service' }), `service ${m.service} is no longer offered: choose another`, true);
    const staff = currentStaff(data, s);
    const o = act.bookAt(data, { staff, clientId: m.clientId!, service: m.service!, date: m.date, minute: m.minute, second: m.second, zone: zoneOf(s, staff) });
    // The new booking is the one the keys act on next, also when it joined a group that half hour already had.
    const made = o.undo?.kind === 'book' ? o.undo.id : undefined;
    return applyOutcome(made === undefined ? s : { ...s, cellId: made }, o, NONE);
  }
  return s;
}

type CancelMode = Extract<Mode, { kind: 'cancel' }>;

function cancelKey(s: UiState, m: CancelMode, k: KeyPress, ctx: KeyContext): UiState {
  const { key, input } = k;
  if (m.step === 'reason') {
    if (key.escape) return say({ ...s, mode: NONE }, `booking ${m.id} not cancelled`);
    if (key.return) return { ...s, mode: { ...m, step: 'confirm' } };
    const e = edit(m.reason, k, REASON_MAX);
    return e === undefined ? s : edited({ ...s, mode: { ...m, reason: e.text } }, e, 'a reason', REASON_MAX);
  }
  if (key.escape || input === 'n') return say({ ...s, mode: NONE }, `booking ${m.id} not cancelled`);
  if (input === 'y' || input === 'a' || key.return) {
    const zone = zoneOf(s, currentStaff(ctx.data, s));
    return applyOutcome(s, act.cancelBooking(ctx.data, m.id, m.reason, input === 'a', zone), NONE);
  }
  return s;
}

type NoteMode = Extract<Mode, { kind: 'note' }>;

function noteKey(s: UiState, m: NoteMode, k: KeyPress, ctx: KeyContext): UiState {
  if (k.key.escape) return { ...s, mode: NONE };
  if (k.key.return) {
    if (!m.text.trim()) return say(s, 'type the note first (Esc to leave)', true);
    return applyOutcome(s, act.note(ctx.data, m.id, m.text, zoneOf(s, currentStaff(ctx.data, s))), NONE);
  }
  const e = edit(m.text, k, NOTE_MAX, true);
  return e === undefined ? s : edited({ ...s, mode: { ...m, text: e.text } }, e, 'a note', NOTE_MAX);
}

type NotesMode = Extract<Mode, { kind: 'notes' }>;

function notesKey(s: UiState, m: NotesMode, k: KeyPress, ctx: KeyContext): UiState {
  if (k.key.escape) return say({ ...s, mode: NONE }, `the notes of booking ${m.id} stay as they were`);
  if (k.key.return) return applyOutcome(s, act.editNotes(ctx.data, m.id, m.text, m.was, zoneOf(s, currentStaff(ctx.data, s))), NONE);
  const e = edit(m.text, k, NOTE_MAX, true);
  return e === undefined ? s : edited({ ...s, mode: { ...m, text: e.text } }, e, 'notes', NOTE_MAX);
}
