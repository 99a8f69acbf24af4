// Human presentation shared by the commands: tables, booking lines, statuses.
import type { Ctx } from '../context';
import type { BookingView } from '../core/agenda';
import { formatDuration } from '../core/duration';
import { fmtDayLong, fmtDayTime, fmtTime, localDate, zoneLabel } from '../core/time';
import type { Service, Status } from '../core/types';

/** Left-aligned columns, widths from the content. */
export function table(rows: string[][], gap = '  '): string[] {
  const plainLength = (s: string) => s.replace(/\u001b\[\d+m/g, '').length;
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, plainLength(c))));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - plainLength(c)))).join(gap).trimEnd());
}

export function statusText(ctx: Ctx, s: Status): string {
  const t = s.replace('_', '-');
  const st = ctx.style;
  return { scheduled: st.blue, confirmed: st.blue, completed: st.green, no_show: st.gray, cancelled: st.red }[s](t);
}

export function bookingRow(ctx: Ctx, v: BookingView, showZone = false): string[] {
  const b = v.booking;
  return [
    `${fmtTime(b.startAt, v.tz)}-${fmtTime(b.endAt, v.tz)}${showZone ? ` ${zoneLabel(v.tz)}` : ''}`,
    ctx.style.dim(`#${b.id}`),
    v.staff.handle,
    v.client.name,
    v.service.code,
    statusText(ctx, b.status) + (b.lateChange ? ctx.style.yellow(' (late)') : ''),
  ];
}

/** Sessions grouped by day, in each booking's display zone (named on each line when the zones differ). */
export function printAgenda(ctx: Ctx, views: BookingView[]): void {
  const showZone = new Set(views.map((v) => v.tz)).size > 1;
  let day = '';
  let rows: string[][] = [];
  const flush = () => {
    for (const line of table(rows)) ctx.say(`  ${line}`);
    rows = [];
  };
  for (const v of views) {
    const d = localDate(v.booking.startAt, v.tz);
    if (d !== day) {
      flush();
      if (day) ctx.say();
      ctx.say(ctx.style.bold(fmtDayLong(v.booking.startAt, v.tz)));
      day = d;
    }
    rows.push(bookingRow(ctx, v, showZone));
  }
  flush();
}

export function bookedLine(v: BookingView): string {
  const b = v.booking;
  return `booking ${b.id}: ${v.client.name} with ${v.staff.handle}, ${v.service.name}, ${fmtDayTime(b.startAt, v.tz)}-${fmtTime(b.endAt, v.tz)} ${v.tz} (${b.status.replace('_', '-')})`;
}

export function serviceSummary(s: Service): string {
  const parts = [`${s.durationMin} min`];
  if (s.bufferBeforeMin || s.bufferAfterMin) parts.push(`buffers ${s.bufferBeforeMin}/${s.bufferAfterMin} min`);
  if (s.intervalMin && s.intervalMin !== s.durationMin) parts.push(`every ${s.intervalMin} min`);
  if (s.minNoticeMin) parts.push(`notice ${formatDuration(s.minNoticeMin)}`);
  if (s.horizonMin) parts.push(`horizon ${formatDuration(s.horizonMin)}`);
  if (s.capacity > 1) parts.push(`${s.capacity} seats`);
  parts.push(s.format);
  if (!s.active) parts.push('inactive');
  return parts.join(', ');
}
