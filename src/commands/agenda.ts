import type { Ctx } from '../context';
import { bookingJson, eventJson, listBookings, showBooking } from '../core/agenda';
import { fmtDayTime, fmtTime } from '../core/time';
import { statusLabel } from '../core/types';
import { printAgenda, statusText } from './present';

export async function list(ctx: Ctx, _: string[], o: Record<string, any>) {
  const agenda = listBookings(ctx, { staff: o.staff, client: o.client, from: o.from, to: o.to, status: o.status, tz: ctx.tz });
  if (ctx.json) return ctx.data(agenda.views.map(bookingJson));
  if (agenda.views.length === 0) return ctx.say(`no sessions from ${agenda.from}${agenda.to ? ` to ${agenda.to}` : ''}`);
  await printAgenda(ctx, agenda.views, { from: agenda.from, to: agenda.to });
}

export async function show(ctx: Ctx, [id]: string[]) {
  const { view, events } = showBooking(ctx, id!, ctx.tz);
  if (ctx.json) return ctx.data({ ...bookingJson(view), history: events.map((e) => eventJson(e, view.tz)) });
  const { table } = await import('./table');
  const b = view.booking;
  const engagement = b.engagementId === null ? undefined : ctx.store.read((tx) => tx.engagementById(b.engagementId!));
  const st = ctx.style;
  ctx.say(`${st.bold(`booking ${b.id}`)}  ${statusText(ctx, b.status)}${b.lateChange ? st.yellow(' (late change)') : ''}`);
  const rows: string[][] = [
    ['when', `${fmtDayTime(b.startAt, view.tz)}-${fmtTime(b.endAt, view.tz)} ${view.tz}`],
    ['staff', `${view.staff.handle} (${view.staff.name}, ${view.staff.email})`],
    ['client', `${view.client.name} <${view.client.email}>${view.client.phone ? `, ${view.client.phone}` : ''} (client ${view.client.id})`],
    ['service', `${view.service.name} (${view.service.code}), ${b.format}`],
  ];
  if (b.seriesId) rows.push(['series', b.seriesId]);
  if (engagement) rows.push(['engagement', `${engagement.name} (engagement ${engagement.id})`]);
  if (b.notes) rows.push(['notes', b.notes]);
  if (b.cancelReason) rows.push(['reason', b.cancelReason]);
  if (b.rating) rows.push(['rating', `${b.rating}/5${b.feedback ? `: ${b.feedback}` : ''}`]);
  for (const line of table(rows)) ctx.say(`  ${line}`);
  ctx.say(st.bold('history'));
  const hist = events.map((e) => {
    const move = e.oldStartAt !== null && e.newStartAt !== null ? ` ${fmtDayTime(e.oldStartAt, view.tz)} -> ${fmtDayTime(e.newStartAt, view.tz)}` : '';
    const change = e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? ` ${statusLabel(e.fromStatus)} -> ${statusLabel(e.toStatus)}` : '';
    return [fmtDayTime(e.at, view.tz), e.actor, `${e.kind}${change}${move}${e.text ? `: ${e.text}` : ''}`];
  });
  for (const line of table(hist)) ctx.say(`  ${line}`);
}
