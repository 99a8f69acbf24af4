// The office's data as the rules see it: plain objects, loaded by the store, instants in epoch ms (UTC).

export const STATUSES = ['scheduled', 'confirmed', 'completed', 'no_show', 'cancelled'] as const;
export type Status = (typeof STATUSES)[number];
/** A status as people type and read it: no-show, not no_show (JSON keeps the stored name). */
export const statusLabel = (s: Status): string => s.replace('_', '-');
/** Sessions that hold their time: everything but cancelled. */
export const ACTIVE_STATUSES: readonly Status[] = ['scheduled', 'confirmed', 'completed', 'no_show'];
export const holdsTime = (s: Status): boolean => s !== 'cancelled';
/** Sessions still open: to come or to be concluded; they can be confirmed, moved and cancelled. */
export const OPEN_STATUSES: readonly Status[] = ['scheduled', 'confirmed'];
export const isOpen = (s: Status): boolean => s === 'scheduled' || s === 'confirmed';

export const FORMATS = ['in-person', 'video', 'phone'] as const;
export type Format = (typeof FORMATS)[number];

export interface Staff {
  id: number;
  handle: string;
  name: string;
  email: string;
  phone: string | null;
  tz: string;
  maxPerDay: number | null;
  maxPerWeek: number | null;
  active: boolean;
}

export interface Client {
  id: number;
  name: string;
  email: string;
  phone: string | null;
  tz: string | null;
}

export interface Service {
  id: number;
  code: string;
  name: string;
  durationMin: number;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  /** Minutes between possible start times; null means the duration. */
  intervalMin: number | null;
  minNoticeMin: number;
  /** How far ahead it can be booked, in minutes; null means no limit. */
  horizonMin: number | null;
  capacity: number;
  format: Format;
  /** An address, a video link or a phone number; null: the office address (in person) or the staff member's phone. */
  location: string | null;
  active: boolean;
}

/** Weekly hours: a window on one weekday, in the staff member's zone, optionally for a period. */
export interface WeeklyHours {
  id: number;
  kind: 'weekly';
  weekday: number; // 1 = Monday ... 7 = Sunday
  startMin: number;
  endMin: number;
  validFrom: string | null; // YYYY-MM-DD, inclusive
  validUntil: string | null; // YYYY-MM-DD, inclusive
}

/** A date whose hours replace the weekly ones: a window, or the whole day off. */
export interface DateOverride {
  id: number;
  kind: 'override';
  date: string;
  off: boolean;
  startMin: number | null;
  endMin: number | null;
}

/** Time off: holidays, appointments elsewhere, imported busy time. */
export interface Block {
  id: number;
  kind: 'block';
  startAt: number;
  endAt: number;
  reason: string | null;
  /** null when typed in; "ics:NAME" when imported from another calendar (a newer import replaces it). */
  source: string | null;
}

export type AvailabilityRule = WeeklyHours | DateOverride | Block;

export interface Booking {
  id: number;
  staffId: number;
  clientId: number;
  serviceId: number;
  startAt: number;
  endAt: number;
  /** Buffers as they were when booked, so editing a service does not move old sessions' buffers. */
  bufferBeforeMin: number;
  bufferAfterMin: number;
  status: Status;
  format: Format;
  /** The zone the booking was made in (the staff member's unless --tz was given). */
  tz: string;
  notes: string | null;
  seriesId: string | null;
  /** The hour budget this session draws on, if any. */
  engagementId: number | null;
  /** Its id in the system it was imported from (sched import bookings), else null. */
  externalId: string | null;
  sequence: number;
  lateChange: boolean;
  cancelReason: string | null;
  rating: number | null;
  feedback: string | null;
  createdAt: number;
  updatedAt: number;
}

/** What reports count of a booking. */
export type BookingFact = Pick<Booking, 'id' | 'staffId' | 'clientId' | 'serviceId' | 'startAt' | 'endAt' | 'status' | 'rating' | 'lateChange' | 'cancelReason'>;

/** What the slot rules need to know of another session: who, what, when, and its buffers. */
export type Session = Pick<Booking, 'id' | 'staffId' | 'clientId' | 'serviceId' | 'startAt' | 'endAt' | 'bufferBeforeMin' | 'bufferAfterMin'>;
/** A client's session, with whom: what a refusal needs to say where the client already is. */
export type ClientSession = Session & { staffHandle: string };

export interface BookingEvent {
  id: number;
  bookingId: number;
  at: number;
  actor: string;
  kind: string;
  fromStatus: Status | null;
  toStatus: Status | null;
  oldStartAt: number | null;
  oldEndAt: number | null;
  newStartAt: number | null;
  newEndAt: number | null;
  text: string | null;
}

export interface Engagement {
  id: number;
  clientId: number;
  name: string;
  budgetMin: number;
  /** Last date a session may take place, in the client's zone (else the office's); null: no end. */
  until: string | null;
  status: 'open' | 'closed';
  createdAt: number;
  closedAt: number | null;
}

export interface Interval {
  start: number;
  end: number;
}

export const MESSAGE_KINDS = ['confirmation', 'reschedule', 'confirmed', 'update', 'cancellation', 'reminder', 'feedback', 'agenda', 'weekly_report'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const MESSAGE_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type RecipientRole = 'client' | 'staff' | 'admin';

/** One message to one recipient, in the outbox. */
export interface Message {
  id: number;
  key: string;
  kind: MessageKind;
  recipientRole: RecipientRole;
  recipient: string;
  bookingId: number | null;
  staffId: number | null;
  sequence: number | null;
  startAt: number | null;
  endAt: number | null;
  offsetMin: number | null;
  period: string | null;
  /** A reschedule: where the session was before this move. */
  previousStartAt: number | null;
  dueAt: number;
  status: MessageStatus;
  attempts: number;
  nextAttemptAt: number;
  claimedBy: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  skipReason: string | null;
  messageId: string | null;
  sentAt: number | null;
  createdAt: number;
  updatedAt: number;
}
