// The calendar's state and what is derived from it for the week view. Plain data: the key handler
// computes the next state from the last one, so a batch of keys applies in order.
import type { BookingView } from '../core/agenda';
import type { BookingVersion } from '../core/lifecycle';
import { isSecondTime, localDate, localMinutes } from '../core/time';
import { STATUSES, type Staff, type Status } from '../core/types';
import type { TuiData, WeekData } from './data';
import { daysForWidth, layoutWeek, officeRows, rowIndex, rowInstant, slotOf, visibleDates, type Cell, type Row, type WeekGrid } from './layout';

export type View = 'week' | 'month' | 'agenda';

export type Mode =
  | { kind: 'none' }
  /** `offset`: the first line of the help shown, when it is taller than the screen. */
  | { kind: 'help'; offset: number }
  | { kind: 'detail'; id: number }
  | { kind: 'move'; id: number }
  /** The service by code, not by place in the list: the list may change under the form (another terminal). */
  // `picked`: the client the arrows chose, by id (see chosenClient); `index`: where it was, should it go.
  | { kind: 'book'; step: 'client' | 'service' | 'confirm'; query: string; index: number; picked?: number; clientId?: number; service?: string; date: string; minute: number; second: boolean }
  | { kind: 'cancel'; id: number; step: 'reason' | 'confirm'; reason: string }
  /** An internal note for the history (E). */
  | { kind: 'note'; id: number; text: string }
  /** Editing the booking's notes (e); `was`: the notes when the editor opened, so that a change made elsewhere meanwhile is refused, not overwritten. */
  | { kind: 'notes'; id: number; text: string; was: string | null };

/** `seen`: the booking as this session left it; undo happens only while it is still so (checked by the core). */
export type UndoEntry =
  | { kind: 'book'; id: number; seen: BookingVersion }
  /** `before`: the booking just before this step, so that undoing it can tell what the step before left. */
  | { kind: 'move'; id: number; from: number; seen: BookingVersion; before: BookingVersion }
  /** Notes edited here: `from` goes back only while they are still `to`. */
  | { kind: 'notes'; id: number; from: string | null; to: string | null; before?: BookingVersion }
  /**
   * A change that cannot be taken back; `why` says so, and what to do instead. `before`/`after`: the booking on
   * either side of it, so that the steps made here before it can still be undone past it.
   */
  | { kind: 'final'; id: number; why: string; before?: BookingVersion; after?: BookingVersion };

export interface Cursor {
  date: string;
  /**
   * Wall-clock minutes after midnight, in the zone shown; not always a whole half hour (z keeps the moment,
   * and zones such as Asia/Kathmandu are 45 minutes off Paris). The row shown is the half hour it falls in.
   */
  minute: number;
  /** The exact instant, when known: it settles a wall time that occurs twice (the autumn DST hour). */
  at?: number;
  /** On the second time round of a wall time that occurs twice (its second row in the week). */
  second?: boolean;
}

export interface UiState {
  view: View;
  mode: Mode;
  staff: string;
  cursor: Cursor;
  zoneMode: 'staff' | 'viewer';
  /** The person's own zone (--tz, else the machine's): what z switches to. */
  viewerZone: string;
  showCancelled: boolean;
  agendaFilter: number;
  /** The agenda's selection: the booking, so that a session added above it does not shift it... */
  agendaId?: number;
  /** ...and its place, for when that booking leaves the list (cancelled, filtered out). */
  agendaIndex: number;
  /** Of the bookings in the cursor's half hour (a group session, overlaps), the one the keys act on. */
  cellId?: number;
  message: { text: string; error: boolean } | null;
  undo: UndoEntry[];
  quit: boolean;
}

/** The agenda's status filters, in the order f cycles through them (undefined: every live status). */
export const AGENDA_FILTERS: ReadonlyArray<{ label: string; statuses?: Status[] }> = [
  { label: 'all but cancelled' },
  { label: 'scheduled', statuses: ['scheduled'] },
  { label: 'confirmed', statuses: ['confirmed'] },
  { label: 'completed', statuses: ['completed'] },
  { label: 'no-show', statuses: ['no_show'] },
  { label: 'cancelled', statuses: ['cancelled'] },
];

export interface Start {
  staff: string;
  cursor: Cursor;
  zoneMode: 'staff' | 'viewer';
  viewerZone: string;
}

export const initialState = (start: Start): UiState => ({
  view: 'week',
  mode: { kind: 'none' },
  staff: start.staff,
  cursor: start.cursor,
  zoneMode: start.zoneMode,
  viewerZone: start.viewerZone,
  showCancelled: false,
  agendaFilter: 0,
  agendaIndex: 0,
  message: null,
  undo: [],
  quit: false,
});

export function currentStaff(data: TuiData, s: UiState): Staff {
  const staff = data.staffByHandle(s.staff) ?? data.basics().staff[0];
  if (!staff) throw new Error('no staff member to show');
  return staff;
}

export const zoneOf = (s: UiState, staff: Staff): string => (s.zoneMode === 'staff' ? staff.tz : s.viewerZone);

/** The cursor's instant: its wall time in the zone shown (the exact instant while the wall time still matches it). */
export function cursorInstant(c: Cursor, zone: string): number {
  if (c.at !== undefined && localDate(c.at, zone) === c.date && localMinutes(c.at, zone) === c.minute) return c.at;
  return rowInstant(c.date, c.minute, !!c.second, zone);
}

/** A cursor on an instant, in the half hour (and, the night clocks go back, the row) it falls in. */
export function cursorAt(ms: number, zone: string): Cursor {
  return { date: localDate(ms, zone), minute: slotOf(localMinutes(ms, zone)), second: isSecondTime(ms, zone) };
}

/**
 * The same moment as a cursor in another zone. Not rounded to a half hour: rounding on each switch would
 * lose up to 29 minutes every time between zones whose offsets differ by other than half hours.
 */
export function cursorIn(c: Cursor, from: string, to: string): Cursor {
  const at = cursorInstant(c, from);
  return { date: localDate(at, to), minute: localMinutes(at, to), at, second: isSecondTime(at, to) };
}

export const todayCursor = (now: number, zone: string): Cursor => cursorAt(now, zone);

export interface WeekModel {
  staff: Staff;
  zone: string;
  dates: string[];
  rows: Row[];
  week: WeekData;
  grid: WeekGrid;
  col: number;
  row: number;
  cell: Cell | undefined;
}

/** Everything the week view shows, from the state and the data (the grid is kept until either changes). */
export function weekModel(data: TuiData, s: UiState, columns: number): WeekModel {
  const staff = currentStaff(data, s);
  const zone = zoneOf(s, staff);
  const dates = visibleDates(s.cursor.date, daysForWidth(columns));
  const week = data.week(staff, dates, zone, s.showCancelled);
  const { rows, grid } = data.remember(`grid:${staff.id}:${dates[0]}:${dates.length}:${zone}:${s.showCancelled}`, () => {
    const spans = [...week.windows, ...week.views.map((v) => ({ start: v.booking.startAt, end: v.booking.endAt }))];
    const rows = officeRows(spans, dates, zone);
    return { rows, grid: layoutWeek({ dates, zone, rows, windows: week.windows, blocks: week.blocks, bookings: week.views.map(gridBooking) }) };
  });
  const col = Math.max(0, dates.indexOf(s.cursor.date));
  const row = rowIndex(rows, s.cursor.minute, !!s.cursor.second);
  return { staff, zone, dates, rows, week, grid, col, row, cell: grid.cells[col]?.[row] };
}

const gridBooking = (v: BookingView) => ({
  id: v.booking.id,
  start: v.booking.startAt,
  end: v.booking.endAt,
  status: v.booking.status,
  client: v.client.name,
  service: v.service.name,
  serviceId: v.service.id,
});

/**
 * Where the booking form's choice is in the list of clients: the client chosen, found by id, so that a client
 * added or removed elsewhere while the form is open does not move the choice to someone else; else (the chosen
 * one is gone, or none was chosen) the same place, kept inside the list.
 */
export function chosenClient(clients: ReadonlyArray<{ id: number }>, m: { index: number; picked?: number }): number {
  const at = m.picked === undefined ? -1 : clients.findIndex((c) => c.id === m.picked);
  return at >= 0 ? at : Math.max(0, Math.min(clients.length - 1, m.index));
}

/** Which of the cell's bookings the keys act on: the one chosen with g while it is still there, else the one drawn. */
export function cellChoice(cell: Cell | undefined, chosen: number | undefined): { id: number; index: number; count: number } | undefined {
  if (!cell || cell.id === undefined || cell.ids.length === 0) return undefined;
  const index = Math.max(0, chosen === undefined ? 0 : cell.ids.indexOf(chosen));
  return { id: cell.ids[index]!, index, count: cell.ids.length };
}

/** The booking the action keys act on: the one chosen under the cursor, the agenda's selection, or the one open. */
export function selectedBooking(data: TuiData, s: UiState, columns: number): number | undefined {
  if (s.mode.kind === 'detail') return s.mode.id;
  if (s.view === 'agenda') {
    const views = agendaViews(data, s);
    return views[agendaIndex(s, views)]?.booking.id;
  }
  if (s.view === 'week') return cellChoice(weekModel(data, s, columns).cell, s.cellId)?.id;
  return undefined;
}

export function agendaViews(data: TuiData, s: UiState): BookingView[] {
  const zone = zoneOf(s, currentStaff(data, s));
  return data.agenda(zone, agendaFilter(s).statuses);
}

/** The agenda's filter (f); with cancelled bookings shown (v), the first one is every status. */
export function agendaFilter(s: Pick<UiState, 'agendaFilter' | 'showCancelled'>): { label: string; statuses?: readonly Status[] } {
  const f = AGENDA_FILTERS[s.agendaFilter] ?? AGENDA_FILTERS[0]!;
  return f.statuses === undefined && s.showCancelled ? { label: 'all, cancelled too', statuses: STATUSES } : f;
}

/** Where the agenda's selected booking is now; when it has left the list, the place it had (kept inside the list). */
export function agendaIndex(s: UiState, views: readonly BookingView[]): number {
  const at = s.agendaId === undefined ? -1 : views.findIndex((v) => v.booking.id === s.agendaId);
  return at >= 0 ? at : Math.max(0, Math.min(s.agendaIndex, views.length - 1));
}
