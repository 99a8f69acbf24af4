// A booking in full (Enter), and the short form of it in the pane under the grid.
import { fmtDayTime } from '../core/time';
import { statusLabel, type BookingEvent } from '../core/types';
import type { Detail } from './data';
import { spanLabel } from './format';
import type { Span } from './line';
import { STATUS_COLOR, STATUS_GLYPH, STATUS_LABEL } from './theme';
import { fit, textWidth } from './text';

const statusSpans = (d: Detail): Span[] => {
  const b = d.view.booking;
  return [
    { text: `${STATUS_GLYPH[b.status]} ${STATUS_LABEL[b.status]}`, color: STATUS_COLOR[b.status], bold: true },
    ...(b.lateChange ? [{ text: ' (late change)', color: 'yellow' }] : []),
  ];
};

/**
 * The booking's notes (the client sees them; e edits them), then the internal notes added since (sched note,
 * or E here), latest last, marked as such: e does not edit those.
 */
export function notesText(d: Detail): string {
  const internal = d.events.filter((e) => e.kind === 'note' && e.text).map((e) => e.text);
  return [d.view.booking.notes, internal.length ? `internal: ${internal.join(' · ')}` : null].filter(Boolean).join('   ') || '-';
}

export function eventText(e: BookingEvent, zone: string): string {
  const move = e.oldStartAt !== null && e.newStartAt !== null ? ` ${fmtDayTime(e.oldStartAt, zone)} -> ${fmtDayTime(e.newStartAt, zone)}` : '';
  const change = e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? ` ${statusLabel(e.fromStatus)} -> ${statusLabel(e.toStatus)}` : '';
  return `${e.kind}${change}${move}${e.text ? `: ${e.text}` : ''}`;
}

/** Every field and the whole history. */
export function detailLines(d: Detail, height: number): Span[][] {
  const { view: v, events } = d;
  const b = v.booking;
  const rows: Array<[string, string]> = [
    ['when', `${spanLabel(b.startAt, b.endAt, v.tz)} ${v.tz}`],
    ['staff', `${v.staff.handle} (${v.staff.name}, ${v.staff.email})`],
    ['client', `${v.client.name} <${v.client.email}>${v.client.phone ? `, ${v.client.phone}` : ''} (client ${v.client.id})`],
    ['service', `${v.service.name} (${v.service.code}), ${b.format}`],
    ['notes', notesText(d)],
  ];
  if (b.seriesId) rows.push(['series', b.seriesId]);
  if (b.cancelReason) rows.push(['reason', b.cancelReason]);
  if (b.rating) rows.push(['rating', `${b.rating}/5${b.feedback ? `: ${b.feedback}` : ''}`]);
  const lines: Span[][] = [[{ text: `booking ${b.id}  `, bold: true }, ...statusSpans(d)]];
  for (const [k, val] of rows) lines.push([{ text: `  ${fit(k, 9)}`, dim: true }, { text: val }]);
  lines.push([{ text: 'history', bold: true }]);
  const room = Math.max(1, height - lines.length);
  // The latest events matter most when the history is longer than the screen.
  const shown = events.length > room ? events.slice(events.length - room + 1) : events;
  if (shown.length < events.length) lines.push([{ text: `  ... ${events.length - shown.length} earlier`, dim: true }]);
  // Padded alike ("Sun 29 Nov 15:00", "Tue 1 Dec 15:00"), so that who and what line up, as in sched show.
  const whens = shown.map((e) => fmtDayTime(e.at, v.tz));
  const wide = Math.max(0, ...whens.map(textWidth));
  shown.forEach((e, i) => lines.push([{ text: `  ${fit(whens[i]!, wide)}  ${fit(e.actor, 10)} `, dim: true }, { text: eventText(e, v.tz) }]));
  return lines;
}

/** The pane under the grid: client, contact, service, format, notes, status and the latest history. */
/** `of`: where the booking is among those of the cursor's half hour, when there are several. */
export function paneLines(d: Detail, of?: { index: number; count: number }): Span[][] {
  const { view: v, events } = d;
  const b = v.booking;
  const last = events.slice(-2).map((e) => `${fmtDayTime(e.at, v.tz)} ${eventText(e, v.tz)}`).join('; ');
  return [
    [{ text: `#${b.id} `, bold: true }, ...statusSpans(d), { text: `  ${spanLabel(b.startAt, b.endAt, v.tz)}  with ${v.staff.handle}` },
      ...(of && of.count > 1 ? [{ text: `  ${of.index + 1} of ${of.count} in this half hour (g: next)`, bold: true, color: 'magenta' }] : [])],
    [{ text: 'client   ', dim: true }, { text: `${v.client.name} <${v.client.email}>${v.client.phone ? `  ${v.client.phone}` : ''}` }],
    [{ text: 'service  ', dim: true }, { text: `${v.service.name} (${v.service.code}), ${b.format}` }],
    [{ text: 'notes    ', dim: true }, { text: notesText(d) }],
    [{ text: 'history  ', dim: true }, { text: `${events.length} event${events.length === 1 ? '' : 's'}${last ? `; latest: ${last}` : ''}` }],
  ];
}
