// The week (or 3-day, 1-day) grid: a time column, then a column per day of half-hour cells.
import { formatClock, localDate } from '../core/time';
import { dayLabel } from './format';
import { columnWidth, scrollOffset, SERVICE_SEP, TIME_COL, type Cell } from './layout';
import { Lines, type Span } from './line';
import type { WeekModel } from './state';
import { CURSOR_MARK, CURSOR_STYLE, FILL, NOW_LINE, SEPARATOR, STATUS_GLYPH, STATUS_STYLE, TODAY_STYLE, type Style } from './theme';
import { fit, textWidth } from './text';

export interface WeekProps {
  model: WeekModel;
  now: number;
  columns: number;
  /** Lines available for the grid, day header included. */
  height: number;
  /** The booking being moved (r), drawn at the cursor. */
  moving?: number;
}

const sepStyle: Style = { color: 'gray' };

/** A session's one row ("10:00 Ana · Coaching") where the service would show as no more than "…": without it. */
function withoutBareService(text: string, room: number): string {
  const at = text.indexOf(SERVICE_SEP);
  if (at < 0 || textWidth(text) <= room) return text;
  return textWidth(text.slice(0, at)) + SERVICE_SEP.length + 4 <= room ? text : text.slice(0, at);
}

function cellSpans(cell: Cell, width: number, cursor: boolean, nowHere: boolean, moving?: number): Span[] {
  const inv = cursor ? CURSOR_STYLE : {};
  if (cursor && moving !== undefined) return [{ text: fit(`→ #${moving} here`, width), ...CURSOR_STYLE, bold: true }];
  if (cell.kind === 'booking' && cell.status) {
    const more = cell.more > 0 ? `+${cell.more}` : '';
    const tail = cell.tail ?? '';
    // The label is cut, never a group's "+N" after it (nor the other sessions' count at the edge).
    const room = width - 1 - more.length - tail.length;
    const text = room > 0
      ? `${STATUS_GLYPH[cell.status]}${fit(withoutBareService(cell.text, room), room)}${tail}${more}`
      : `${STATUS_GLYPH[cell.status]}${fit(`${cell.text}${tail}`, width - 1 - more.length)}${more}`;
    return [{ text, ...STATUS_STYLE[cell.status], ...inv }];
  }
  if (nowHere && (cell.kind === 'free' || cell.kind === 'off')) return [{ text: NOW_LINE.ch.repeat(width), ...NOW_LINE.style, ...inv }];
  const fill = FILL[cell.kind as keyof typeof FILL];
  return [{ text: fill.ch.repeat(width), ...fill.style, ...inv }];
}

/** The grid as lines of spans (pure: the benchmark and tests call it too). */
export function weekLines({ model, now, columns, height, moving }: WeekProps): Span[][] {
  const { dates, rows, grid, zone } = model;
  const w = columnWidth(columns, dates.length);
  const today = localDate(now, zone);
  const todayCol = dates.indexOf(today);
  const nowRow = todayCol < 0 ? -1 : grid.cells[todayCol]!.findIndex((c) => c.start <= now && now < c.end);

  const head: Span[] = [{ text: fit(zone.split('/').pop()!.replace(/_/g, ' '), TIME_COL), dim: true }];
  dates.forEach((d, i) => {
    const isToday = i === todayCol;
    head.push({ text: i === model.col ? CURSOR_MARK : SEPARATOR, ...sepStyle });
    head.push({ text: fit(isToday ? `[${dayLabel(d)}]` : ` ${dayLabel(d)}`, w - 1), ...(isToday ? TODAY_STYLE : { bold: true }) });
  });
  const lines: Span[][] = [head];

  const visible = Math.max(1, height - 1);
  const first = scrollOffset(rows.length, model.row, visible);
  const last = Math.min(rows.length, first + visible) - 1;
  for (let r = first; r <= last; r++) {
    // The second time round of a repeated half hour has the same label: the pane says which offset it is.
    const m = rows[r]!.minute;
    const isNow = r === nowRow;
    // Arrows beside the times say that the day goes on above or below the screen.
    const mark = isNow ? NOW_LINE.ch : r === first && first > 0 ? '▲' : r === last && last < rows.length - 1 ? '▼' : ' ';
    const line: Span[] = [
      { text: formatClock(m), ...(isNow ? NOW_LINE.style : m % 60 ? { dim: true } : {}) },
      { text: mark, ...(isNow ? NOW_LINE.style : { dim: true }) },
    ];
    grid.cells.forEach((col, c) => {
      const cursor = c === model.col && r === model.row;
      line.push({ text: cursor ? CURSOR_MARK : SEPARATOR, ...(cursor ? { bold: true } : sepStyle) });
      line.push(...cellSpans(col[r]!, w - 1, cursor, isNow && c === todayCol, moving));
    });
    lines.push(line);
  }
  return lines;
}

export const WeekView = (props: WeekProps) => <Lines lines={weekLines(props)} />;
