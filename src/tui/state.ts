// The calendar's state and what is derived from it for the week view. Plain data: the key handler
// computes the next state from the last one, so a batch of keys applies in order.
import type { BookingView } from '../core/agenda';
import { addDays, boundaryToInstant, localDate, localMinutes } from '../core/time';
import type { Staff, Status } from '../core/types';
import type { TuiData, WeekData } from './data';
import { daysForWidth, layoutWeek, officeRows, rowIndex, slotOf, visibleDates, type Cell, type WeekGrid } from './layout';

export type View = 'week' | 'month' | 'agenda';

export type Mode =
  | { kind: 'none' }
  | { kind: 'help' }
  | { kind: 'detail'; id: number }
  | { kind: 'move'; id: number }
  | { kind: 'book'; step: 'client' | 'service' | 'confirm'; query: string; index: number; clientId?: number; serviceIndex: number; date: string; minute: number }
  | { kind: 'cancel'; id: number; step: 'reason' | 'confirm'; reason: string }
  | { kind: 'note'; id: number; text: string };

export type UndoEntry =
  | { kind: 'book'; id: number }
  | { kind: 'move'; id: number; from: number; to: number }
  /** A change that cannot be taken back; `why` says so, and what to do instead. */
  | { kind: 'final'; id: number; why: string };

export interface Cursor {
  date: string;
  /** Wall-clock minutes after midnight, in the zone shown. */
  minute: number;
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
  agendaIndex: number;
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

/** The cursor's instant: its wall time in the zone shown. */
export const cursorInstant = (c: Cursor, zone: string): number =>
  c.minute >= 1440 ? boundaryToInstant(addDays(c.date, 1), c.minute - 1440, zone) : boundaryToInstant(c.date, c.minute, zone);

/** The same moment as a cursor in another zone. */
export function cursorIn(c: Cursor, from: string, to: string): Cursor {
  const at = cursorInstant(c, from);
  return { date: localDate(at, to), minute: slotOf(localMinutes(at, to)) };
}

export function todayCursor(now: number, zone: string): Cursor {
  return { date: localDate(now, zone), minute: slotOf(localMinutes(now, zone)) };
}

export interface WeekModel {
  staff: Staff;
  zone: string;
  dates: string[];
  rows: number[];
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
  const row = rowIndex(rows, s.cursor.minute);
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

/** The booking the action keys act on: the one under the cursor, the agenda's selection, or the one open. */
export function selectedBooking(data: TuiData, s: UiState, columns: number): number | undefined {
  if (s.mode.kind === 'detail') return s.mode.id;
  if (s.view === 'agenda') {
    const views = agendaViews(data, s);
    return views[agendaIndex(s, views.length)]?.booking.id;
  }
  if (s.view === 'week') return weekModel(data, s, columns).cell?.id;
  return undefined;
}

export function agendaViews(data: TuiData, s: UiState): BookingView[] {
  const zone = zoneOf(s, currentStaff(data, s));
  return data.agenda(zone, AGENDA_FILTERS[s.agendaFilter]?.statuses);
}

/** The agenda's selection, kept inside the list when a change elsewhere shortens it. */
export const agendaIndex = (s: UiState, count: number): number => Math.max(0, Math.min(s.agendaIndex, count - 1));
