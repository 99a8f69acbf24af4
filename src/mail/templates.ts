// The wording of every message. Each is built once as a Letter and rendered twice, as plain text and as
// HTML, so the two parts always say the same. Times are in the recipient's zone.
import type { BookingView } from '../core/agenda';
import { whereOf } from '../core/calendar';
import type { Report } from '../core/report';
import type { OfficeSettings } from '../core/settings';
import { fmtDate, fmtDayLong, fmtTime } from '../core/time';
import { statusLabel, type Message } from '../core/types';

export interface Letter {
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** Label and value rows: the facts of the session, or an agenda, or a report. */
  details: Array<[string, string]>;
  signature: string[];
}

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

const FORMAT_WORDS = { 'in-person': 'In person', video: 'Video', phone: 'Phone' } as const;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A subject is one header line: no control characters, not endless. */
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 200);

export function render(l: Letter): Rendered {
  const width = Math.max(0, ...l.details.map(([k]) => k.length));
  const text = [
    l.greeting, '',
    ...l.paragraphs.flatMap((p) => [p, '']),
    ...(l.details.length ? [...l.details.map(([k, v]) => `${k ? `${k}:`.padEnd(width + 2) : ''.padEnd(width + 2)}${v.replace(/\n/g, `\n${' '.repeat(width + 2)}`)}`), ''] : []),
    ...l.signature,
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.4">',
    `<p>${escapeHtml(l.greeting)}</p>`,
    ...l.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    l.details.length
      ? `<table cellpadding="4" style="border-collapse:collapse">${l.details.map(([k, v]) => `<tr><th align="left" valign="top">${escapeHtml(k)}</th><td>${escapeHtml(v).replace(/\n/g, '<br>')}</td></tr>`).join('')}</table>`
      : '',
    `<p>${l.signature.map(escapeHtml).join('<br>')}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: oneLine(l.subject), text: `${text}\n`, html };
}

const when = (ms: number, zone: string) => `${fmtDayLong(ms, zone)}, ${fmtTime(ms, zone)}`;

/** The facts of a session for one reader, with the times this message describes. */
function sessionDetails(view: BookingView, m: Message, reader: 'client' | 'staff', zone: string, settings: OfficeSettings): Array<[string, string]> {
  const start = m.startAt ?? view.booking.startAt;
  const end = m.endAt ?? view.booking.endAt;
  const rows: Array<[string, string]> = [
    ['When', `${when(start, zone)}-${fmtTime(end, zone)} (${zone})`],
    ['Service', view.service.name],
    [reader === 'client' ? 'With' : 'Client', reader === 'client' ? view.staff.name : `${view.client.name} <${view.client.email}>${view.client.phone ? `, ${view.client.phone}` : ''}`],
    ['Format', FORMAT_WORDS[view.booking.format]],
  ];
  const where = whereOf(view, settings);
  if (where) rows.push(['Where', where]);
  if (view.booking.notes) rows.push(['Notes', view.booking.notes]);
  rows.push(['Booking', String(view.booking.id)]);
  return rows;
}

const signature = (view: BookingView, settings: OfficeSettings, reader: 'client' | 'staff') =>
  reader === 'client'
    ? [settings.officeName, `${view.staff.name}: ${view.staff.email}${view.staff.phone ? `, ${view.staff.phone}` : ''}`]
    : [`${settings.officeName} (sched)`];

/** Confirmation, reschedule, update (confirmed, new details), cancellation, reminder and feedback request for one booking. */
export function bookingLetter(m: Message, view: BookingView, settings: OfficeSettings, previousStart: number | null): Letter {
  const reader = m.recipientRole === 'staff' ? 'staff' : 'client';
  const zone = reader === 'client' ? view.client.tz ?? settings.defaultTz : view.staff.tz;
  const start = m.startAt ?? view.booking.startAt;
  const other = reader === 'client' ? view.staff.name : view.client.name;
  const what = `${view.service.name} with ${other}`;
  const greeting = `Hello ${reader === 'client' ? view.client.name : view.staff.name},`;
  const details = sessionDetails(view, m, reader, zone, settings);
  const sig = signature(view, settings, reader);
  const at = when(start, zone);
  switch (m.kind) {
    case 'confirmation':
      return { subject: `Booked: ${what}, ${at}`, greeting, paragraphs: [reader === 'client' ? `Your session is booked${view.booking.status === 'scheduled' ? ' (to be confirmed)' : ''}. The attached invitation adds it to your calendar.` : `A session with ${view.client.name} was booked.`], details, signature: sig };
    case 'reschedule':
      return { subject: `Moved: ${what}, now ${at}`, greeting, paragraphs: [`The session${previousStart === null ? '' : ` of ${when(previousStart, zone)}`} has moved to ${at}. The attached update replaces it in your calendar.`], details, signature: sig };
    case 'confirmed':
      return { subject: `Confirmed: ${what}, ${at}`, greeting, paragraphs: [`${reader === 'client' ? 'Your session' : `The session with ${view.client.name}`} of ${at} is confirmed. The attached update marks it confirmed in your calendar.`], details, signature: sig };
    case 'update':
      return { subject: `Updated: ${what}, ${at}`, greeting, paragraphs: [`The details of the session of ${at} have changed; its time stays the same. The attached update replaces it in your calendar.`], details, signature: sig };
    case 'cancellation':
      return { subject: `Cancelled: ${what}, ${at}`, greeting, paragraphs: [`The session of ${at} is cancelled${view.booking.cancelReason ? ` (${view.booking.cancelReason})` : ''}. The attached cancellation removes it from your calendar.`], details, signature: sig };
    case 'reminder':
      return { subject: `Reminder: ${what}, ${at}`, greeting, paragraphs: [`A reminder of your session on ${at}.`, `If you cannot come, please tell ${view.staff.name} as soon as you can.`], details, signature: sig };
    case 'feedback':
      return { subject: `How was your session with ${view.staff.name}?`, greeting, paragraphs: [`Thank you for your ${view.service.name} session on ${at}.`, `How did it go? Reply to this message with a rating from 1 to 5 and a few words; ${view.staff.name} reads every answer.`], details: [], signature: sig };
    default:
      throw new Error(`${m.kind} is not a booking message`);
  }
}

export function agendaLetter(staffName: string, date: string, zone: string, views: BookingView[], settings: OfficeSettings): Letter {
  const n = views.length;
  return {
    subject: `Your day, ${fmtDate(date)}: ${n} session${n === 1 ? '' : 's'}`,
    greeting: `Good morning ${staffName},`,
    paragraphs: [`Your sessions today (${zone}):`],
    details: views.map((v) => [
      `${fmtTime(v.booking.startAt, zone)}-${fmtTime(v.booking.endAt, zone)}`,
      `${v.client.name}, ${v.service.name} (${FORMAT_WORDS[v.booking.format].toLowerCase()}, ${statusLabel(v.booking.status)})${v.booking.notes ? `\n${v.booking.notes}` : ''}`,
    ]),
    signature: [`${settings.officeName} (sched)`],
  };
}

const pct = (x: number | null) => (x === null ? '-' : `${Math.round(x * 1000) / 10} %`);

export function weeklyReportLetter(r: Report, settings: OfficeSettings): Letter {
  const t = r.total;
  const hours = (x: number) => String(Math.round(x * 10) / 10);
  return {
    subject: `Weekly report, ${fmtDate(r.from)} to ${fmtDate(r.to)}: ${t.booked} sessions`,
    greeting: 'Hello,',
    paragraphs: [`The sessions of ${settings.officeName} from ${fmtDate(r.from)} to ${fmtDate(r.to)} (${r.zone}), as sched report gives them:`],
    details: [
      ['Sessions', String(t.booked)],
      ['Completed', String(t.completed)],
      ['No-show', String(t.noShow)],
      ['Cancelled', `${t.cancelled} (${t.lateCancelled} late)`],
      ['Completion rate', pct(t.completionRate)],
      ['No-show rate', pct(t.noShowRate)],
      ['Cancellation rate', pct(t.cancellationRate)],
      ['Hours delivered', hours(t.hoursDelivered)],
      ['Utilisation', `${pct(t.utilisation)} (${hours(t.bookedHours)} of ${hours(t.availableHours)} available hours booked)`],
      ['Average rating', t.averageRating === null ? '-' : `${Math.round(t.averageRating * 10) / 10} of 5`],
      // Each staff member on a line: who carried the week, and who had room.
      ...r.rows.map((row): [string, string] => [
        row.group,
        `${row.booked} sessions, ${row.completed} completed, ${row.noShow} no-show, ${row.cancelled} cancelled; utilisation ${pct(row.utilisation)}`,
      ]),
    ],
    signature: [`${settings.officeName} (sched)`],
  };
}
