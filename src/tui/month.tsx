// The month: a grid of days with the number of sessions each.
import { localDate } from '../core/time';
import { monthWeeks } from './layout';
import { Lines, type Span } from './line';
import { CURSOR_MARK, CURSOR_STYLE, SEPARATOR, TODAY_STYLE } from './theme';
import { fit } from './text';

export interface MonthProps {
  cursor: string;
  counts: ReadonlyMap<string, number>;
  now: number;
  zone: string;
  columns: number;
  /** Lines it may take: below two a week, a week takes one (the day, then ·N sessions), and on a very short
   * screen only the weeks around the cursor's show. */
  height: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function monthLines({ cursor, counts, now, zone, columns, height }: MonthProps): Span[][] {
  // Seven columns always fit: at 40 columns a day is 5 wide, its count a bare number.
  const w = Math.max(5, Math.floor((columns - 1) / 7));
  const countText = (n: number) => (n === 0 ? '' : w - 1 >= 11 ? ` ${n} session${n === 1 ? '' : 's'}` : ` ${n}`);
  const today = localDate(now, zone);
  const month = cursor.slice(0, 7);
  const lines: Span[][] = [WEEKDAYS.flatMap((d) => [{ text: ' ', dim: true }, { text: fit(d, w - 1), bold: true }])];
  const weeks = monthWeeks(cursor);
  const compact = 1 + 2 * weeks.length > height;
  const room = Math.max(1, height - 1);
  const at = weeks.findIndex((wk) => wk.includes(cursor));
  const first = compact && weeks.length > room ? Math.min(Math.max(0, at - Math.floor((room - 1) / 2)), weeks.length - room) : 0;
  for (const week of compact ? weeks.slice(first, first + room) : weeks) {
    const top: Span[] = [];
    const bottom: Span[] = [];
    for (const d of week) {
      const here = d === cursor;
      const n = counts.get(d) ?? 0;
      const other = d.slice(0, 7) !== month;
      const day = String(Number(d.slice(8, 10)));
      const style = { ...(other ? { dim: true } : {}), ...(d === today ? TODAY_STYLE : {}), ...(here ? CURSOR_STYLE : {}) };
      const sep = { text: here ? CURSOR_MARK : SEPARATOR, color: 'gray' };
      if (compact) {
        top.push(sep, { text: fit(`${d === today ? `[${day}]` : ` ${day}`}${n ? `·${n}` : ''}`, w - 1), ...style, ...(n && !here && d !== today ? { color: 'blue' } : {}) });
        continue;
      }
      top.push(sep, { text: fit(d === today ? `[${day}]` : ` ${day}`, w - 1), ...style });
      bottom.push(sep, { text: fit(countText(n), w - 1), ...(n ? { color: 'blue' } : {}), ...(here ? CURSOR_STYLE : {}), ...(other ? { dim: true } : {}) });
    }
    lines.push(...(compact ? [top] : [top, bottom]));
  }
  return lines;
}

export const MonthView = (props: MonthProps) => <Lines lines={monthLines(props)} />;
