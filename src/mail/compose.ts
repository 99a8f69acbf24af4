// An outbox row becomes a message at the moment it is sent, from the current names and addresses and
// the times the row recorded, so that a confirmation still shows the time that was booked.
import { viewer } from '../core/agenda';
import { calendarText, internalNotes } from '../core/calendar';
import { carriesCalendar, lastTold } from '../core/outbox';
import { reportIn } from '../core/report';
import { officeSettings, type OfficeSettings } from '../core/settings';
import { addDays } from '../core/time';
import type { Message, Status } from '../core/types';
import type { Tx } from '../db/store';
import { agendaSessions } from './daily';
import { agendaLetter, bookingLetter, render, weeklyReportLetter } from './templates';
import type { Address, OutgoingMail } from './transport';

export type Composed = { mail: OutgoingMail } | { skip: string };

const messageId = (m: Message, settings: OfficeSettings, from: Address) =>
  `<${m.key.replace(/[^a-zA-Z0-9_.-]+/g, '.')}.${settings.officeUid}@${from.address.split('@')[1] ?? 'sched'}>`;

export function compose(tx: Tx, m: Message, from: Address, now: number): Composed {
  const settings = officeSettings(tx);
  const base = { key: m.key, messageId: messageId(m, settings, from), from, date: new Date(now) };
  if (m.kind === 'agenda') return agenda(tx, m, settings, base);
  if (m.kind === 'weekly_report') {
    if (!settings.adminEmail) return { skip: 'admin_email is none' };
    const r = reportIn(tx, { from: m.period!, to: addDays(m.period!, 6), tz: settings.defaultTz }, 'staff', now);
    return { mail: { ...base, to: { name: settings.officeName, address: settings.adminEmail }, ...render(weeklyReportLetter(r, settings)) } };
  }

  const booking = tx.bookingById(m.bookingId!)!;
  const events = tx.events(booking.id);
  // A request describes the booking as it was before any cancellation (scheduled: TENTATIVE, confirmed:
  // CONFIRMED); if it has since been cancelled, the cancellation follows it.
  const live = () => ([...events].reverse().find((e) => e.toStatus && e.toStatus !== 'cancelled')?.toStatus ?? 'scheduled') as Status;
  const status: Status = m.kind === 'cancellation' ? 'cancelled' : booking.status === 'cancelled' ? live() : booking.status;
  const view = viewer(tx, undefined)({ ...booking, status });
  const reader = m.recipientRole === 'staff' ? 'staff' : 'client';
  const person = reader === 'staff' ? view.staff : view.client;
  // Where the session was before the move this message tells of: recorded with it (rows written before that
  // was recorded: the last move to its time made by then).
  const previous = m.kind !== 'reschedule' ? null : m.previousStartAt
    ?? [...events].reverse().find((e) => e.kind === 'rescheduled' && e.newStartAt === m.startAt && e.at <= m.createdAt)?.oldStartAt ?? null;
  // A cancellation names the time the reader was last told, should the session have moved without their hearing
  // of it (messages sent in earlier runs: a run's own moves are skipped by the cancellation, so a dry run agrees).
  const told = m.kind === 'cancellation' ? lastTold(tx.listMessages({ bookingId: booking.id }), m, now) : undefined;
  const shown = told?.startAt != null ? { ...m, startAt: told.startAt, endAt: told.endAt } : m;
  const letter = render(bookingLetter(shown, view, settings, previous));
  const method = m.kind === 'cancellation' ? 'CANCEL' : 'REQUEST';
  const notes = reader === 'staff' ? internalNotes(events) : [];
  return {
    mail: {
      ...base,
      to: { name: person.name, address: person.email },
      replyTo: reader === 'client' ? { name: view.staff.name, address: view.staff.email } : undefined,
      ...letter,
      ...(carriesCalendar(m)
        ? { calendar: { method, content: calendarText([{ view, internalNotes: notes, sequence: m.sequence ?? booking.sequence, startAt: shown.startAt ?? undefined, endAt: shown.endAt ?? undefined }], reader, { method, sentBy: from.address }, settings, now) } }
        : {}),
    },
  };
}

function agenda(tx: Tx, m: Message, settings: OfficeSettings, base: Pick<OutgoingMail, 'key' | 'messageId' | 'from' | 'date'>): Composed {
  const staff = tx.staffById(m.staffId!)!;
  const date = m.period!;
  // Sessions may have been cancelled or concluded since the agenda was planned: then it is skipped.
  const sessions = agendaSessions(tx, staff, date).map(viewer(tx, staff.tz));
  if (sessions.length === 0) return { skip: 'no sessions that day' };
  return { mail: { ...base, to: { name: staff.name, address: staff.email }, ...render(agendaLetter(staff.name, date, staff.tz, sessions, settings)) } };
}
