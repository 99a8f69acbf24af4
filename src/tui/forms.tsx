// The small forms in the pane: booking at the cursor, cancelling with a reason, adding a note, editing the notes.
import type { Staff } from '../core/types';
import type { TuiData } from './data';
import { dayLabel, spanLabel, wallLabel } from './format';
import { scrollOffset } from './layout';
import type { Span } from './line';
import { chosenClient, type Mode } from './state';
import { CURSOR_MARK, CURSOR_STYLE } from './theme';
import { fitEnd, textWidth } from './text';

const TYPING = '▏';

/** A line being typed: its label, then as much of the end of the text as fits beside it, then the cursor. */
function typing(label: string, text: string, columns: number): Span[] {
  // On a narrow screen the label gives up its help in brackets, so that what is typed stays in view.
  const shown = columns - textWidth(label) - 1 < 12 ? label.replace(/ \(.*\): $/, ': ') : label;
  return [{ text: shown }, { text: fitEnd(text, Math.max(1, columns - textWidth(shown) - 1)), bold: true }, { text: TYPING }];
}
const key = (text: string): Span => ({ text, bold: true, color: 'cyan' });

/** A list of choices, scrolled to keep the selection in view. */
function choices(items: readonly string[], index: number, room: number): Span[][] {
  const first = scrollOffset(items.length, index, room);
  const lines = items.slice(first, first + room).map((text, i): Span[] => {
    const sel = first + i === index;
    return [{ text: sel ? CURSOR_MARK : ' ', bold: true }, { text: ` ${text}`, ...(sel ? CURSOR_STYLE : {}) }];
  });
  // Both ends say what is out of view: a client added elsewhere may push the list down under the cursor.
  if (first > 0 && lines.length) lines[0]!.push({ text: `   (${first} more above)`, dim: true });
  if (first + room < items.length) lines[lines.length - 1]!.push({ text: `   (${items.length - first - room} more below)`, dim: true });
  return lines;
}

export function bookLines(m: Extract<Mode, { kind: 'book' }>, data: TuiData, staff: Staff, zone: string, room: number, columns: number): Span[][] {
  const services = data.basics().services;
  const time = wallLabel(m.date, m.minute, m.second, zone);
  const title: Span[] = [{ text: `Book ${staff.handle} at ${dayLabel(m.date)} ${time} (${zone})`, bold: true }, { text: '   1 client  2 service  3 confirm   Esc back', dim: true }];
  if (m.step === 'client') {
    const clients = data.clients(m.query);
    const list = clients.length ? choices(clients.map((c) => `${c.name} <${c.email}>`), chosenClient(clients, m), room - 2) : [[{ text: '  no client matches', dim: true }]];
    return [title, typing('client (type a name or email, ↑↓ choose, Enter): ', m.query, columns), ...list];
  }
  const client = data.env.store.read((tx) => tx.clientById(m.clientId!));
  const at = services.findIndex((x) => x.code === m.service);
  if (m.step === 'service') {
    return [title, [{ text: 'client: ', dim: true }, { text: client?.name ?? '?' }, { text: '   service (↑↓ choose, Enter):' }], ...choices(services.map((s) => `${s.name} (${s.code}), ${s.durationMin} min, ${s.format}`), Math.max(0, at), room - 2)];
  }
  const s = services[at];
  if (!s) {
    return [title, [{ text: `service ${m.service ?? '?'} is no longer offered (changed elsewhere)`, color: 'red', bold: true }], [key('n'), { text: ' or ' }, key('Esc'), { text: ' choose another' }]];
  }
  return [
    title,
    [{ text: `Book ${client?.name ?? '?'} for ${s.name} (${s.durationMin} min) with ${staff.handle} on ${dayLabel(m.date)} at ${time} ${zone}?`, bold: true }],
    [key('y'), { text: ' or ' }, key('Enter'), { text: ' book   ' }, key('n'), { text: ' or ' }, key('Esc'), { text: ' back' }],
  ];
}

export function cancelLines(m: Extract<Mode, { kind: 'cancel' }>, data: TuiData, zone: string, columns: number): Span[][] {
  const d = data.detail(m.id, zone);
  const what = d ? `#${m.id} (${d.view.client.name}, ${spanLabel(d.view.booking.startAt, d.view.booking.endAt, zone)})` : `#${m.id}`;
  if (m.step === 'reason') {
    return [
      [{ text: `Cancel booking ${what}`, bold: true }],
      typing('reason (optional): ', m.reason, columns),
      [key('Enter'), { text: ' next   ' }, key('Esc'), { text: ' keep the booking' }],
    ];
  }
  const series = d?.view.booking.seriesId ? [key('a'), { text: ' this and the later sessions of its series   ' }] : [];
  return [
    [{ text: `Cancel booking ${what}${m.reason ? `, reason: ${m.reason}` : ''}?`, bold: true, color: 'red' }],
    [key('y'), { text: ' or ' }, key('Enter'), { text: ' cancel it   ' }, ...series, key('n'), { text: ' or ' }, key('Esc'), { text: ' keep it' }],
  ];
}

const about = (id: number, data: TuiData, zone: string) => {
  const d = data.detail(id, zone);
  return `#${id}${d ? ` (${d.view.client.name}, ${spanLabel(d.view.booking.startAt, d.view.booking.endAt, zone)})` : ''}`;
};

export function noteLines(m: Extract<Mode, { kind: 'note' }>, data: TuiData, zone: string, columns: number): Span[][] {
  return [
    [{ text: `Internal note on booking ${about(m.id, data, zone)}`, bold: true }],
    typing('note: ', m.text, columns),
    [key('Enter'), { text: ' add it to the history   ' }, key('Esc'), { text: ' leave' }],
  ];
}

/** The notes on one line: a line break they already hold shows as ↵ (and stays one). */
export function notesLines(m: Extract<Mode, { kind: 'notes' }>, data: TuiData, zone: string, columns: number): Span[][] {
  return [
    [{ text: `Notes of booking ${about(m.id, data, zone)}`, bold: true }],
    typing('notes: ', m.text.replace(/\n/g, '↵'), columns),
    [key('Enter'), { text: ' save (empty clears them)   ' }, key('Esc'), { text: ' leave them as they were' }],
  ];
}
