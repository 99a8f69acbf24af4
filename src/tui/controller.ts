// What each key does: the next state from the last one and one key press. Changes to data go through
// actions.ts (core functions); everything else here is moving around.
import { addDays, localDate, localMinutes } from '../core/time';
import * as act from './actions';
import type { TuiData } from './data';
import type { KeyPress } from './keys';
import { addMonths, slotOf } from './layout';
import {
  AGENDA_FILTERS, agendaViews, currentStaff, cursorIn, selectedBooking, todayCursor, weekModel, zoneOf, type Mode, type UiState, type View,
} from './state';

const NONE: Mode = { kind: 'none' };

export interface KeyContext {
  data: TuiData;
  columns: number;
}

const say = (s: UiState, text: string, error = false): UiState => ({ ...s, message: { text, error } });

function applyOutcome(s: UiState, o: act.Outcome, mode: Mode = s.mode): UiState {
  return { ...s, mode, message: { text: o.message, error: o.error }, undo: o.undo ? [...s.undo, o.undo] : s.undo };
}

const printable = (k: KeyPress) => k.input.length > 0 && !k.key.ctrl && !k.key.meta && !/[\u0000-\u001f\u007f]/.test(k.input);

/** Editing a line of text: returns the new text, or undefined when the key is not an edit. */
function edit(text: string, k: KeyPress, max = 500): string | undefined {
  if (k.key.backspace || k.key.delete) return text.slice(0, -1);
  if (printable(k)) return (text + k.input).slice(0, max);
  return undefined;
}

export function handleKey(s: UiState, k: KeyPress, ctx: KeyContext): UiState {
  switch (s.mode.kind) {
    case 'help':
      return { ...s, mode: NONE };
    case 'book':
      return bookKey(s, s.mode, k, ctx);
    case 'cancel':
      return cancelKey(s, s.mode, k, ctx);
    case 'note':
      return noteKey(s, s.mode, k, ctx);
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
  if (input === '?') return { ...s, mode: { kind: 'help' } };
  if (s.mode.kind === 'detail' && key.return) return { ...s, mode: NONE };
  if (s.mode.kind === 'move' && key.return) return place(s, s.mode.id, ctx);

  const view = ({ w: 'week', m: 'month', a: 'agenda' } as Record<string, View>)[input];
  if (view) return { ...s, view, mode: s.mode.kind === 'move' && view === 'week' ? s.mode : NONE };
  if (key.tab || input === 's' || input === 'S') {
    // A session keeps its staff member when it moves: the week shown must stay theirs.
    if (s.mode.kind === 'move') return say(s, `booking ${s.mode.id} moves within its staff member's calendar: Enter places it, Esc leaves it`, true);
    return switchStaff(s, ctx, key.shift || input === 'S' ? -1 : 1);
  }
  if (input === 'z') return toggleZone(s, ctx);
  if (input === 'v') return say({ ...s, showCancelled: !s.showCancelled }, s.showCancelled ? 'cancelled bookings hidden' : 'cancelled bookings shown');
  if (input === 'u') return undo(s, ctx);

  const staff = currentStaff(data, s);
  const zone = zoneOf(s, staff);
  if (input === 't') {
    const today = todayCursor(data.env.now(), zone);
    if (s.view === 'agenda') return { ...s, agendaIndex: 0 };
    return { ...s, cursor: s.view === 'week' ? today : { ...s.cursor, date: today.date } };
  }

  if (s.mode.kind !== 'detail') {
    const moved = navigate(s, k, ctx);
    if (moved) return moved;
  }

  const id = selectedBooking(data, s, ctx.columns);
  switch (input) {
    case 'b': {
      if (s.view !== 'week' || s.mode.kind !== 'none') return say(s, 'b books at the cursor of the week view: press w, move to a free slot, then b', true);
      const wm = weekModel(data, s, ctx.columns);
      return { ...s, mode: { kind: 'book', step: 'client', query: '', index: 0, serviceIndex: 0, date: s.cursor.date, minute: wm.rows[wm.row] ?? s.cursor.minute } };
    }
    case 'c':
    case 'd':
    case 'o':
      if (id === undefined) return say(s, 'no booking here: move the cursor onto one', true);
      return applyOutcome(s, act.step(data, input === 'c' ? 'confirm' : input === 'd' ? 'complete' : 'noShow', id, zone));
    case 'x':
      if (id === undefined) return say(s, 'no booking here: move the cursor onto one', true);
      return { ...s, mode: { kind: 'cancel', id, step: 'reason', reason: '' } };
    case 'e':
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
    return say({ ...s, agendaFilter: next, agendaIndex: 0 }, `agenda: ${AGENDA_FILTERS[next]!.label}`);
  }
  return s;
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
    const count = agendaViews(ctx.data, s).length;
    const page = next ? 10 : prev ? -10 : 0;
    const delta = down ? 1 : up ? -1 : page;
    return { ...s, agendaIndex: Math.max(0, Math.min(Math.max(0, count - 1), s.agendaIndex + delta)) };
  }
  if (s.view === 'month') {
    if (next || prev) return { ...s, cursor: { ...c, date: addMonths(c.date, next ? 1 : -1) } };
    return { ...s, cursor: { ...c, date: addDays(c.date, left ? -1 : right ? 1 : up ? -7 : 7) } };
  }
  if (next || prev) return { ...s, cursor: { ...c, date: addDays(c.date, next ? 7 : -7) } };
  if (left || right) return { ...s, cursor: { ...c, date: addDays(c.date, left ? -1 : 1) } };
  // Up and down walk the rows shown, so the cursor never sits on a row that is not drawn.
  const m = weekModel(ctx.data, s, ctx.columns);
  const row = Math.max(0, Math.min(m.rows.length - 1, m.row + (up ? -1 : 1)));
  return { ...s, cursor: { ...c, minute: m.rows[row] ?? c.minute } };
}

function switchStaff(s: UiState, ctx: KeyContext, step: number): UiState {
  const list = ctx.data.basics().staff;
  if (list.length === 0) return say(s, 'there is no active staff member', true);
  const at = list.findIndex((x) => x.handle === s.staff);
  const next = list[(at + step + list.length) % list.length]!;
  return say({ ...s, staff: next.handle, agendaIndex: 0 }, `${next.handle}: ${next.name} (${next.tz})`);
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
  // Moving happens in the booking's staff member's week, from where the session is now.
  const staff = d.view.staff;
  const zone = s.zoneMode === 'staff' ? staff.tz : s.viewerZone;
  const at = d.view.booking.startAt;
  return say(
    { ...s, view: 'week', staff: staff.handle, mode: { kind: 'move', id }, cursor: { date: localDate(at, zone), minute: slotOf(localMinutes(at, zone)) } },
    `moving booking ${id}: move the cursor to the new time, Enter to place it there, Esc to leave it`,
  );
}

function place(s: UiState, id: number, ctx: KeyContext): UiState {
  const m = weekModel(ctx.data, s, ctx.columns);
  const minute = m.rows[m.row] ?? s.cursor.minute;
  const o = act.moveTo(ctx.data, id, s.cursor.date, minute, m.zone);
  // A refused move keeps the mode, so another time can be tried.
  return applyOutcome(s, o, o.error ? s.mode : NONE);
}

function undo(s: UiState, ctx: KeyContext): UiState {
  const last = s.undo[s.undo.length - 1];
  const o = act.undoLast(ctx.data, last, zoneOf(s, currentStaff(ctx.data, s)));
  return { ...s, message: { text: o.message, error: o.error }, undo: o.consumed ? s.undo.slice(0, -1) : s.undo };
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
    if (key.upArrow || key.downArrow) return set({ index: Math.max(0, Math.min(clients.length - 1, m.index + (key.upArrow ? -1 : 1))) });
    if (key.return) {
      const client = clients[m.index];
      if (!client) return say(s, m.query ? `no client matches "${m.query}": add one with sched client add` : 'there are no clients yet: add one with sched client add', true);
      if (services.length === 0) return say(s, 'there is no active service: add one with sched service add', true);
      return set({ step: 'service', clientId: client.id });
    }
    const text = edit(m.query, k, 100);
    return text === undefined ? s : set({ query: text, index: 0 });
  }
  if (m.step === 'service') {
    if (key.escape || key.backspace) return set({ step: 'client' });
    if (key.upArrow || key.downArrow || input === 'k' || input === 'j') {
      const up = key.upArrow || input === 'k';
      return set({ serviceIndex: Math.max(0, Math.min(services.length - 1, m.serviceIndex + (up ? -1 : 1))) });
    }
    if (key.return) return set({ step: 'confirm' });
    return s;
  }
  if (key.escape || input === 'n' || key.backspace) return set({ step: 'service' });
  if (key.return || input === 'y') {
    const staff = currentStaff(data, s);
    const o = act.bookAt(data, { staff, clientId: m.clientId!, service: services[m.serviceIndex]!.code, date: m.date, minute: m.minute, zone: zoneOf(s, staff) });
    return applyOutcome(s, o, NONE);
  }
  return s;
}

type CancelMode = Extract<Mode, { kind: 'cancel' }>;

function cancelKey(s: UiState, m: CancelMode, k: KeyPress, ctx: KeyContext): UiState {
  const { key, input } = k;
  if (m.step === 'reason') {
    if (key.escape) return say({ ...s, mode: NONE }, `booking ${m.id} not cancelled`);
    if (key.return) return { ...s, mode: { ...m, step: 'confirm' } };
    const text = edit(m.reason, k);
    return text === undefined ? s : { ...s, mode: { ...m, reason: text } };
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
  const text = edit(m.text, k);
  return text === undefined ? s : { ...s, mode: { ...m, text } };
}
