import type { Ctx } from '../context';
import { bookingJson, viewBookings } from '../core/agenda';
import * as life from '../core/lifecycle';
import type { Booking } from '../core/types';
import { usage } from '../errors';
import { bookedLine } from './present';

function done(ctx: Ctx, verb: string, list: Booking[]) {
  const made = viewBookings(ctx, list, ctx.tz);
  if (ctx.json) return ctx.data(made.length === 1 ? bookingJson(made[0]!) : made.map(bookingJson));
  for (const v of made) ctx.say(`${verb} ${bookedLine(v)}${v.booking.lateChange && verb === 'cancelled' ? ctx.style.yellow(' - late') : ''}`);
}

export const confirm = (ctx: Ctx, [id]: string[]) => done(ctx, 'confirmed', [life.confirm(ctx, id!)]);
export const complete = (ctx: Ctx, [id]: string[], o: Record<string, any>) => done(ctx, 'completed', [life.complete(ctx, id!, o.notes)]);
export const noShow = (ctx: Ctx, [id]: string[]) => done(ctx, 'no-show:', [life.noShow(ctx, id!)]);
export const rate = (ctx: Ctx, [id]: string[], o: Record<string, any>) => done(ctx, 'rated', [life.rate(ctx, id!, o.rating, o.feedback)]);
export function note(ctx: Ctx, [id]: string[], o: Record<string, any>) {
  if (o.text !== undefined && o.set !== undefined) throw usage('--text and --set do not go together', 'add an internal note with --text, or replace the session notes with --set');
  if (o.text === undefined && o.set === undefined) throw usage('give --text (an internal note) or --set (replace the session notes)', 'e.g. sched note 12 --text "prefers video"');
  if (o.set !== undefined) return done(ctx, String(o.set).trim() ? 'notes set on' : 'notes cleared on', [life.setNotes(ctx, id!, o.set)]);
  done(ctx, 'noted on', [life.addNote(ctx, id!, o.text)]);
}

export function cancel(ctx: Ctx, [id]: string[], o: Record<string, any>) {
  const list = life.cancel(ctx, { id: id!, reason: o.reason, series: o.series });
  // With --series, always an array (even when one session was left).
  if (ctx.json && o.series) return ctx.data(viewBookings(ctx, list, ctx.tz).map(bookingJson));
  done(ctx, 'cancelled', list);
}
