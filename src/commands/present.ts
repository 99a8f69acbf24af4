// Human presentation shared by the commands: tables, booking lines, statuses.
import type { Ctx } from '../context';
import type { BookingView } from '../core/agenda';
import { formatDuration } from '../core/duration';
import { addDays, fmtDay, fmtDayLong, fmtDayTime, fmtTime, localDate, zoneLabel } from '../core/time';
import { statusLabel, type Service, type Status } from '../core/types';

export function statusText(ctx: Ctx, s: Status): string {
  const t = statusLabel(s);
  const st = ctx.style;
  return { scheduled: st.blue, confirmed: st.blue, completed: st.green, no_show: st.gray, cancelled: st.red }[s](t);
}

/** `continued`: listed under a later day it runs into, so its start says the day it began ("Wed 23:30-00:30"). */
export function bookingRow(ctx: Ctx, v: BookingView, showZone = false, continued = false): string[] {
  const b = v.booking;
  const began = continued ? `${fmtDay(b.startAt, v.tz).slice(0, 3)} ` : '';
  return [
    `${began}${fmtTime(b.startAt, v.tz)}-${fmtTime(b.endAt, v.tz)}${showZone ? ` ${zoneLabel(v.tz)}` : ''}`,
    ctx.style.dim(`#${b.id}`),
    v.staff.handle,
    v.client.name,
    v.service.code,
    statusText(ctx, b.status) + (b.lateChange ? ctx.style.yellow(' (late)') : ''),
  ];
}

/** The local dates a session runs on, in its display zone: two for one across midnight. */
function datesOf(v: BookingView): string[] {
  const last = localDate(v.booking.endAt - 1, v.tz);
  const dates = [localDate(v.booking.startAt, v.tz)];
  while (dates[dates.length - 1]! < last) dates.push(addDays(dates[dates.length - 1]!, 1));
  return dates;
}

/**
 * Sessions grouped by day, in each booking's display zone (named on each line when the zones differ). With
 * `days` (an agenda of dates), a session across midnight is listed under each of those dates it runs on;
 * without, under the day it starts.
 */
export async function printAgenda(ctx: Ctx, views: BookingView[], days?: { from: string; to: string | null }): Promise<void> {
  const { table } = await import('./table');
  const showZone = new Set(views.map((v) => v.tz)).size > 1;
  const entries = views.flatMap((v) => {
    const dates = days ? datesOf(v).filter((d) => d >= days.from && (days.to === null || d <= days.to)) : [];
    const started = localDate(v.booking.startAt, v.tz);
    return (dates.length ? dates : [started]).map((date) => ({ date, v, continued: date !== started }));
  });
  // Stable: within a day, the sessions keep the order they came in.
  entries.sort((a, b) => a.date.localeCompare(b.date));
  let day = '';
  let rows: string[][] = [];
  const flush = () => {
    for (const line of table(rows)) ctx.say(`  ${line}`);
    rows = [];
  };
  for (const { date, v, continued } of entries) {
    if (date !== day) {
      flush();
      if (day) ctx.say();
      ctx.say(ctx.style.bold(fmtDayLong(Date.parse(`${date}T12:00:00Z`), 'UTC')));
      day = date;
    }
    rows.push(bookingRow(ctx, v, showZone, continued));
  }
  flush();
}

export function bookedLine(v: BookingView): string {
  const b = v.booking;
  return `booking ${b.id}: ${v.client.name} with ${v.staff.handle}, ${v.service.name}, ${fmtDayTime(b.startAt, v.tz)}-${fmtTime(b.endAt, v.tz)} ${v.tz} (${statusLabel(b.status)})`;
}

export function serviceSummary(s: Service): string {
  const parts = [`${s.durationMin} min`];
  if (s.bufferBeforeMin || s.bufferAfterMin) parts.push(`buffers ${s.bufferBeforeMin}/${s.bufferAfterMin} min`);
  if (s.intervalMin && s.intervalMin !== s.durationMin) parts.push(`every ${s.intervalMin} min`);
  if (s.minNoticeMin) parts.push(`notice ${formatDuration(s.minNoticeMin)}`);
  if (s.horizonMin) parts.push(`horizon ${formatDuration(s.horizonMin)}`);
  if (s.capacity > 1) parts.push(`${s.capacity} seats`);
  parts.push(s.location ? `${s.format} at ${s.location}` : s.format);
  if (!s.active) parts.push('inactive');
  return parts.join(', ');
}

/** The first few of a list in a warning ("a, b, c, d, e and 7 more"): a long one names what to look at, not all. */
export function someOf<T>(list: readonly T[], show: (item: T) => string, few = 5): string {
  return `${list.slice(0, few).map(show).join(', ')}${list.length > few ? ` and ${list.length - few} more` : ''}`;
}
