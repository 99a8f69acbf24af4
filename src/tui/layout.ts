// The calendar's layout maths, pure: how many days fit a width, which rows the office day has, and which
// cell each booking, working window and block falls in. Rows are wall-clock half hours in the zone shown;
// each cell is the real interval between two row boundaries, so DST days come out right: a half hour the
// clock skips is an empty "gap" cell, and one it repeats (the night clocks go back) has a second row.
import { addDays, boundaryToInstant, formatClock, localMinutes, offsetAt, wallCandidates, weekStart } from '../core/time';
import type { Interval, Status } from '../core/types';

export const SLOT_MIN = 30;
/** Width of the time labels on the left. */
export const TIME_COL = 6;
/** However short the hours, the day shown covers at least 08:00-18:00. */
export const DAY_FROM = 8 * 60;
export const DAY_TO = 18 * 60;

export type DayCount = 1 | 3 | 7;

/** Lines of the pane under the view (the booking at the cursor, or a form). */
export const PANE = 6;
/** Lines around the view: header 2, pane, hints 1, message 2, and one spare so Ink never scrolls. */
const CHROME = 2 + PANE + 1 + 2 + 1;

/** Lines for the view and for the pane on a terminal of `rows` lines. */
export function screenRooms(rows: number): { main: number; pane: number } {
  // On a short terminal the pane gives up lines first (to a quarter of what is left), so the view keeps most of
  // the hours; the view never goes below 3 lines: the header must not scroll off.
  const spare = rows - (CHROME - PANE);
  const pane = Math.max(1, Math.min(PANE, Math.floor(spare / 4), spare - 3));
  return { main: Math.max(1, spare - pane), pane };
}

/** A full week needs 100 columns; narrower terminals get 3 days, very narrow ones 1. */
export const daysForWidth = (columns: number): DayCount => (columns >= 100 ? 7 : columns >= 60 ? 3 : 1);

/** The dates shown: the cursor's ISO week, or the cursor's day with its neighbours. */
export function visibleDates(cursor: string, n: DayCount): string[] {
  const first = n === 7 ? weekStart(cursor) : n === 3 ? addDays(cursor, -1) : cursor;
  return Array.from({ length: n }, (_, i) => addDays(first, i));
}

/** Columns per day (a separator and the content). */
export const columnWidth = (columns: number, n: number): number => Math.max(4, Math.floor((columns - TIME_COL) / n));

const dayStart = (date: string, zone: string) => boundaryToInstant(date, 0, zone);

/** The instant of a wall-clock time on a date; minutes may reach 1440 (the next midnight). */
export const wallEdge = (date: string, minutes: number, zone: string): number =>
  minutes >= 1440 ? boundaryToInstant(addDays(date, 1), minutes - 1440, zone) : boundaryToInstant(date, minutes, zone);

/** A row of the grid: a wall-clock half hour, or (`second`) the second time it comes round, the night clocks go back. */
export interface Row {
  minute: number;
  second: boolean;
}

/** The half hours of `date` that happen twice (the night clocks go back), in minutes. */
function repeatedHalfHours(date: string, zone: string): number[] {
  const d0 = dayStart(date, zone);
  const d1 = dayStart(addDays(date, 1), zone);
  // Most days keep one offset all day: nothing repeats.
  if (offsetAt(zone, d0) <= offsetAt(zone, d1 - 1)) return [];
  const out: number[] = [];
  for (let m = 0; m < 1440; m += SLOT_MIN) if (wallCandidates(date, m, zone).length > 1) out.push(m);
  return out;
}

/** The instant of a row's wall time on a date: the second time it comes round when `second` and the date has one. */
export const rowInstant = (date: string, minute: number, second: boolean, zone: string): number =>
  (second ? wallCandidates(date, minute, zone)[1] : undefined) ?? wallEdge(date, minute, zone);

/**
 * The half-hour rows of the office day: from the earliest to the latest moment that any span (working
 * windows, bookings) reaches on the dates shown, at least DAY_FROM-DAY_TO, in whole half hours. The half
 * hours a date shown repeats get a second row each, after the first ones (01:00, 01:30, 01:00, 01:30, 02:00).
 */
export function officeRows(spans: readonly Interval[], dates: readonly string[], zone: string): Row[] {
  let from = DAY_FROM;
  let to = DAY_TO;
  for (const d of dates) {
    const d0 = dayStart(d, zone);
    const d1 = dayStart(addDays(d, 1), zone);
    for (const s of spans) {
      if (s.end <= d0 || s.start >= d1) continue;
      from = Math.min(from, s.start <= d0 ? 0 : localMinutes(s.start, zone));
      to = Math.max(to, s.end >= d1 ? 1440 : localMinutes(s.end, zone) || 1440);
    }
  }
  from = Math.floor(from / SLOT_MIN) * SLOT_MIN;
  to = Math.ceil(to / SLOT_MIN) * SLOT_MIN;
  const twice = new Set(dates.flatMap((d) => repeatedHalfHours(d, zone)).filter((m) => m >= from && m < to));
  const rows: Row[] = [];
  for (let m = from; m < to; m += SLOT_MIN) {
    rows.push({ minute: m, second: false });
    // After the last half hour of a repeated stretch, the stretch again.
    if (!twice.has(m) || twice.has(m + SLOT_MIN)) continue;
    let start = m;
    while (twice.has(start - SLOT_MIN)) start -= SLOT_MIN;
    for (let r = start; r <= m; r += SLOT_MIN) rows.push({ minute: r, second: true });
  }
  return rows;
}

/** The row of a wall time (its second time round when `second`, where the rows have it), clamped to the rows shown. */
export function rowIndex(rows: readonly Row[], minutes: number, second = false): number {
  if (rows.length === 0) return 0;
  const slot = slotOf(minutes);
  const exact = rows.findIndex((r) => r.minute === slot && r.second === second);
  if (exact >= 0) return exact;
  const first = rows.findIndex((r) => r.minute === slot && !r.second);
  if (first >= 0) return first;
  return slot < rows[0]!.minute ? 0 : rows.length - 1;
}

/** A wall time rounded down to its half hour. */
export const slotOf = (minutes: number): number => Math.floor(minutes / SLOT_MIN) * SLOT_MIN;

export interface GridBooking {
  id: number;
  start: number;
  end: number;
  status: Status;
  client: string;
  service: string;
  serviceId: number;
}

/** `once`: a second row of a half hour that this date has only once (another date shown repeats it). */
export type CellKind = 'off' | 'free' | 'blocked' | 'gap' | 'once' | 'booking';

export interface Cell {
  kind: CellKind;
  start: number;
  end: number;
  /** The booking shown (the first of a group session). */
  id?: number;
  status?: Status;
  /** This row's part of the booking's label. */
  text: string;
  /** What must stay visible at the end of this row however the label is cut: a group's " +N" clients. */
  tail?: string;
  /** Other sessions in the same cell that are not shown. */
  more: number;
  /** Every booking overlapping the cell, shown first. */
  ids: number[];
}

export interface WeekGrid {
  dates: string[];
  rows: Row[];
  /** cells[column][row] */
  cells: Cell[][];
}

export interface WeekInput {
  dates: readonly string[];
  zone: string;
  rows: readonly Row[];
  /** Working windows, merged. */
  windows: readonly Interval[];
  blocks: readonly Interval[];
  bookings: readonly GridBooking[];
}

const overlaps = (a0: number, a1: number, b0: number, b1: number) => a0 < b1 && b0 < a1;

/** Sessions of one service at the same start are one group session (as sessionKey has it), drawn as one block to its longest member's end. */
interface Block {
  key: string;
  first: GridBooking;
  members: GridBooking[];
}

function groupSessions(bookings: readonly GridBooking[]): Block[] {
  const byKey = new Map<string, Block>();
  for (const b of bookings) {
    // Cancelled seats do not join a live group: they are drawn (when shown) on their own.
    const key = `${b.serviceId}@${b.start}@${b.status === 'cancelled' ? `x${b.id}` : ''}`;
    const g = byKey.get(key);
    if (!g) byKey.set(key, { key, first: b, members: [b] });
    else {
      g.members.push(b);
      // Members booked before the service's duration was edited end later: the block runs to the last end.
      if (b.end > g.first.end) g.first = { ...g.first, end: b.end };
    }
  }
  return [...byKey.values()].sort((a, b) => a.first.start - b.first.start || a.first.id - b.first.id);
}

/** The label of a block, a line per row it spans. */
/** Between the client and the service on a session's one row. */
export const SERVICE_SEP = ' · ';

/** The label of a block, a row each: its text, and on the row naming the client, the group's "+N" as a tail. */
function blockLines(block: Block, rowsSpanned: number, zone: string): Array<{ text: string; tail?: string }> {
  const b = block.first;
  const tail = block.members.length > 1 ? ` +${block.members.length - 1}` : undefined;
  const from = formatClock(localMinutes(b.start, zone));
  // One row holds all three, so that a wide screen shows the service of a short session too (see week.tsx).
  if (rowsSpanned === 1) return [{ text: `${from} ${b.client}${SERVICE_SEP}${b.service}`, tail }];
  if (rowsSpanned === 2) return [{ text: `${from} ${b.client}`, tail }, { text: b.service }];
  return [{ text: `${from}-${formatClock(localMinutes(b.end, zone))}` }, { text: b.client, tail }, { text: b.service }];
}

/**
 * Where each row of `date` starts, and where the last ends. A second row starts at the second time its wall
 * time comes round; on a date that has it only once, where the next row starts (an empty cell).
 */
function rowEdges(rows: readonly Row[], date: string, zone: string): number[] {
  const end = rows.length ? Math.max(...rows.map((r) => r.minute)) + SLOT_MIN : DAY_TO;
  const edges = new Array<number>(rows.length + 1);
  edges[rows.length] = wallEdge(date, end, zone);
  for (let r = rows.length - 1; r >= 0; r--) {
    const row = rows[r]!;
    edges[r] = row.second ? (wallCandidates(date, row.minute, zone)[1] ?? edges[r + 1]!) : wallEdge(date, row.minute, zone);
  }
  return edges;
}

export function layoutWeek(input: WeekInput): WeekGrid {
  const { dates, zone, rows } = input;
  const blocks = groupSessions(input.bookings);
  const cells = dates.map((date) => {
    const edges = rowEdges(rows, date, zone);
    const colStart = edges[0]!;
    const colEnd = edges[edges.length - 1]!;
    // Live sessions before cancelled ones, so that a freed slot shows who holds it now.
    const here = blocks
      .filter((g) => overlaps(g.first.start, g.first.end, colStart, colEnd))
      .sort((a, b) => Number(a.first.status === 'cancelled') - Number(b.first.status === 'cancelled') || a.first.start - b.first.start);
    const col: Cell[] = [];
    let shown: Block | undefined;
    for (let r = 0; r < rows.length; r++) {
      const start = edges[r]!;
      const end = edges[r + 1]!;
      if (start >= end) {
        col.push({ kind: rows[r]!.second ? 'once' : 'gap', start, end, text: '', more: 0, ids: [] });
        shown = undefined;
        continue;
      }
      const inCell = here.filter((g) => overlaps(g.first.start, g.first.end, start, end));
      if (inCell.length > 0) {
        // A block that goes on from the row above keeps its place, so blocks stay whole.
        const pick = shown && inCell.includes(shown) ? shown : inCell[0]!;
        shown = pick;
        const ids = [pick, ...inCell.filter((g) => g !== pick)].flatMap((g) => g.members.map((m) => m.id));
        col.push({ kind: 'booking', start, end, id: pick.first.id, status: pick.first.status, text: '', more: inCell.length - 1, ids });
        continue;
      }
      shown = undefined;
      const blocked = input.blocks.some((b) => overlaps(b.start, b.end, start, end));
      const mid = start + (end - start) / 2;
      const working = input.windows.some((w) => w.start <= mid && mid < w.end);
      col.push({ kind: blocked ? 'blocked' : working ? 'free' : 'off', start, end, text: '', more: 0, ids: [] });
    }
    labelRuns(col, here, zone);
    return col;
  });
  return { dates: [...dates], rows: rows.map((r) => ({ ...r })), cells };
}

/** Writes each block's label over the consecutive rows it is shown in. */
function labelRuns(col: Cell[], blocks: readonly Block[], zone: string) {
  for (let r = 0; r < col.length; ) {
    const id = col[r]!.id;
    if (col[r]!.kind !== 'booking' || id === undefined) {
      r++;
      continue;
    }
    // The block's rows, past the rows a spring-forward night skips (they cut it but are no time of it): its
    // label goes on across them rather than starting again below.
    const shown = [r];
    for (let k = r + 1; k < col.length; k++) {
      const c = col[k]!;
      if (c.kind === 'booking' && c.id === id) shown.push(k);
      else if (c.kind !== 'gap' && c.kind !== 'once') break;
    }
    const block = blocks.find((g) => g.first.id === id)!;
    const lines = blockLines(block, shown.length, zone);
    shown.forEach((k, i) => {
      col[k]!.text = lines[i]?.text ?? '';
      if (lines[i]?.tail) col[k]!.tail = lines[i]!.tail;
    });
    r = shown[shown.length - 1]! + 1;
  }
}

/** The first row to draw so that the cursor's row stays in view (centred once the day is taller than the screen). */
export function scrollOffset(total: number, cursor: number, visible: number): number {
  if (visible <= 0 || total <= visible) return 0;
  return Math.max(0, Math.min(total - visible, cursor - Math.floor(visible / 2)));
}

/** The weeks (Monday first) of the month that holds `date`: 4 to 6 rows of 7 dates. */
export function monthWeeks(date: string): string[][] {
  const first = `${date.slice(0, 8)}01`;
  const weeks: string[][] = [];
  for (let monday = weekStart(first); monday.slice(0, 7) <= date.slice(0, 7); monday = addDays(monday, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(monday, i)));
  }
  return weeks;
}

/** The same day of the month `delta` months away (the 31st becomes the month's last day). */
export function addMonths(date: string, delta: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + delta;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), last);
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
