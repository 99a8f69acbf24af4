// The agenda: the coming sessions of every staff member, one a line, filterable by status.
import type { BookingView } from '../core/agenda';
import { fmtDay, fmtTime, localDate } from '../core/time';
import { scrollOffset } from './layout';
import { Lines, type Span } from './line';
import { CURSOR_MARK, CURSOR_STYLE, STATUS_COLOR, STATUS_GLYPH, STATUS_LABEL } from './theme';
import { fit } from './text';

export interface AgendaProps {
  views: readonly BookingView[];
  index: number;
  height: number;
  columns: number;
  filter: string;
}

export function agendaLines({ views, index, height, columns, filter }: AgendaProps): Span[][] {
  if (views.length === 0) return [[{ text: `no coming sessions (${filter}); f changes the filter`, dim: true }]];
  const first = scrollOffset(views.length, index, height);
  const shown = views.slice(first, first + height);
  // A time that happens twice (the night clocks go back) carries its offset; only then is the time column wider.
  const times = shown.map((v) => `${fmtTime(v.booking.startAt, v.tz)}-${fmtTime(v.booking.endAt, v.tz)}`);
  const timeWidth = Math.min(28, Math.max(12, ...times.map((t) => t.length + 1)));
  // Day, time and staff take 33 columns; what is left goes to the client and the service, then the status. On a
  // narrow terminal the status is its glyph alone and the service goes first, so the status and id still show.
  const narrow = columns < 80;
  // Under 50 columns the day is "Tue 1" and the handle shorter, so the status and id still fit at 40.
  const tight = columns < 50;
  const dayWidth = tight ? 7 : 11;
  const staffWidth = tight ? 6 : 9;
  const rest = columns - 1 - dayWidth - staffWidth - timeWidth - (narrow ? 8 : 18);
  const client = Math.max(narrow ? 8 : 10, Math.min(24, rest - 21));
  const service = Math.max(0, Math.min(20, rest - client - 2));
  const lines: Span[][] = [];
  shown.forEach((v, i) => {
    const at = first + i;
    const b = v.booking;
    const prev = views[at - 1];
    const newDay = !prev || localDate(prev.booking.startAt, v.tz) !== localDate(b.startAt, v.tz) || i === 0;
    const sel = at === index;
    const row = sel ? CURSOR_STYLE : {};
    lines.push([
      { text: sel ? CURSOR_MARK : ' ', bold: true },
      { text: fit(newDay ? (tight ? fmtDay(b.startAt, v.tz).split(' ').slice(0, 2).join(' ') : fmtDay(b.startAt, v.tz)) : '', dayWidth), bold: true, ...row },
      { text: fit(times[i]!, timeWidth), ...row },
      { text: fit(v.staff.handle, staffWidth), ...row },
      { text: fit(v.client.name, client), ...row },
      { text: ' ', ...row },
      ...(service > 0 ? [{ text: `${fit(v.service.name, service)} `, ...row }] : []),
      { text: narrow ? STATUS_GLYPH[b.status] : `${STATUS_GLYPH[b.status]} ${STATUS_LABEL[b.status]}`, color: STATUS_COLOR[b.status], ...row },
      { text: ` #${b.id}`, dim: true, ...row },
    ]);
  });
  return lines;
}

export const AgendaView = (props: AgendaProps) => <Lines lines={agendaLines(props)} />;
