// The one door to the office's data. The rules in src/core are pure functions over what a Tx loads;
// a PostgreSQL store can implement the same interface (its calls becoming async) without touching them.
import type {
  AvailabilityRule, Block, Booking, BookingEvent, BookingFact, Client, ClientSession, DateOverride, Engagement, Message, MessageStatus, Service, Session, Staff, Status, WeeklyHours,
} from '../core/types';

export type NewStaff = Omit<Staff, 'id'>;
export type NewClient = Omit<Client, 'id'>;
export type NewService = Omit<Service, 'id'>;
export type NewBooking = Omit<Booking, 'id'>;
export type NewEvent = Omit<BookingEvent, 'id'>;
export type NewRule = Omit<WeeklyHours, 'id'> | Omit<DateOverride, 'id'> | Omit<Block, 'id'>;

export type NewMessage = Pick<Message, 'key' | 'kind' | 'recipientRole' | 'recipient' | 'bookingId' | 'staffId' | 'sequence' | 'startAt' | 'endAt' | 'offsetMin' | 'period' | 'dueAt'> & {
  previousStartAt?: number | null;
  /** Written already skipped (with skipReason), so that the outbox shows why it will not go. */
  status?: 'pending' | 'skipped';
  skipReason?: string | null;
};
export type MessagePatch = Partial<Pick<Message, 'status' | 'attempts' | 'nextAttemptAt' | 'claimedBy' | 'leaseUntil' | 'lastError' | 'skipReason' | 'messageId' | 'sentAt' | 'recipient'>>;

export interface BookingFilter {
  staffId?: number;
  clientId?: number;
  /** Sessions that end after this instant. */
  fromMs?: number;
  /** Sessions that start before this instant. */
  toMs?: number;
  statuses?: readonly Status[];
  seriesId?: string;
  engagementId?: number;
  serviceId?: number;
}

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  entity: string;
  entityId: string | number | null;
  details?: unknown;
}

/** An entry of the audit log as read back: its details as they were written (JSON), ids as text. */
export interface AuditRecord {
  id: number;
  at: number;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  details: string | null;
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actor?: string;
  fromMs?: number;
  toMs?: number;
  /** The latest this many (returned oldest first). */
  limit: number;
}

export interface Tx {
  settings(): Record<string, string>;
  setSetting(key: string, value: string): void;

  staffByHandle(handle: string): Staff | undefined;
  staffById(id: number): Staff | undefined;
  listStaff(opts?: { includeInactive?: boolean }): Staff[];
  insertStaff(s: NewStaff): Staff;
  updateStaff(id: number, patch: Partial<NewStaff>): void;

  clientById(id: number): Client | undefined;
  clientByEmail(email: string): Client | undefined;
  listClients(search?: string): Client[];
  insertClient(c: NewClient): Client;
  updateClient(id: number, patch: Partial<NewClient>): void;

  serviceByCode(code: string): Service | undefined;
  serviceById(id: number): Service | undefined;
  listServices(): Service[];
  insertService(s: NewService): Service;
  updateService(id: number, patch: Partial<NewService>): void;

  /** Every rule of a staff member: weekly hours, overrides and blocks. */
  availability(staffId: number): AvailabilityRule[];
  availabilityById(id: number): { staffId: number; rule: AvailabilityRule } | undefined;
  weeklyHours(staffId: number): WeeklyHours[];
  overrides(staffId: number, fromDate: string, toDate: string): DateOverride[];
  /** Blocks that overlap [fromMs, toMs). */
  blocks(staffId: number, fromMs: number, toMs: number): Block[];
  insertRule(staffId: number, rule: NewRule): number;
  updateWeeklyHours(id: number, patch: Partial<Pick<WeeklyHours, 'validFrom' | 'validUntil'>>): void;
  deleteRule(id: number): void;
  /** Blocks read from calendar `source` that end after `afterMs` (those before are history), removed; returns how many. */
  deleteBlocksFrom(staffId: number, source: string, afterMs: number): number;

  bookingById(id: number): Booking | undefined;
  /** Sessions (cancelled excluded) of a staff member whose time or buffers overlap [fromMs, toMs), by start. */
  staffSessions(staffId: number, fromMs: number, toMs: number): Session[];
  /** A client's sessions (cancelled excluded) overlapping [fromMs, toMs), with the staff member of each. */
  clientSessions(clientId: number, fromMs: number, toMs: number): ClientSession[];
  listBookings(filter: BookingFilter): Booking[];
  /** What reports count, of the bookings starting in [fromMs, toMs) (cancelled included), by start: a year of them at once. */
  bookingFacts(fromMs: number, toMs: number, staffId?: number): BookingFact[];
  bookingByExternalId(externalId: string): Booking | undefined;
  /** Bookings of this staff member and client starting at this instant (an import's key when a row has no external id). */
  bookingsAt(staffId: number, clientId: number, startAt: number): Booking[];
  /** Every session (cancelled excluded) starting in [fromMs, toMs), by start: what an import checks its rows against. */
  sessionsStarting(fromMs: number, toMs: number): Session[];
  insertBooking(b: NewBooking): Booking;
  updateBooking(id: number, patch: Partial<NewBooking>): void;
  addEvent(e: NewEvent): void;
  events(bookingId: number): BookingEvent[];
  /**
   * Bookings whose history says a rule was waived for them (--force): an event that ran the booking rules (booked,
   * rescheduled, imported) whose text holds `mark` at its start or after "; " (see forcedNote in core/slots).
   */
  forcedBookingIds(mark: string): Set<number>;

  engagementById(id: number): Engagement | undefined;
  listEngagements(clientId?: number): Engagement[];
  insertEngagement(e: Omit<Engagement, 'id'>): Engagement;
  updateEngagement(id: number, patch: Partial<Pick<Engagement, 'status' | 'closedAt' | 'name' | 'budgetMin' | 'until'>>): void;
  /** Minutes of the engagement's sessions by status (cancelled ones included). */
  engagementMinutes(id: number): Partial<Record<Status, number>>;

  /** Adds messages to the outbox; one whose key exists already is left alone. Returns how many were added. */
  enqueue(messages: NewMessage[]): number;
  /**
   * Marks a booking's pending messages of these kinds skipped; returns how many. A message a sender holds keeps
   * its lease: it may be on the wire, and if it arrives the sender records it as sent.
   */
  skipPending(bookingId: number, kinds: readonly Message['kind'][], reason: string, now: number): number;
  /** Up to `limit` pending messages that are due and not leased to a live sender, oldest first. */
  dueMessages(now: number, limit: number): Message[];
  messageById(id: number): Message | undefined;
  listMessages(filter: { status?: MessageStatus; bookingId?: number; limit?: number }): Message[];
  /** A booking's pending messages, by due time (asked for every reminder sent). */
  pendingMessages(bookingId: number): Message[];
  /** Changes a message; with `claimedBy`, only while that worker still holds it. Returns whether it changed. */
  updateMessage(id: number, patch: MessagePatch, claimedBy?: string): boolean;

  /** Runs `fn` so that, if it throws, what it wrote is undone and the rest of the transaction goes on (a SAVEPOINT). */
  savepoint<T>(fn: () => T): T;

  audit(entry: AuditEntry): void;
  auditEntries(f: AuditFilter): AuditRecord[];
  /** True when the database holds no office data yet. */
  isEmpty(): boolean;
  /** Deletes every row of the office (the demo's --reset), ids starting again from 1, with a new office uid; the schema stays. */
  clearOffice(): void;
}

export interface Store {
  /**
   * Runs `fn` in one write transaction, serialised with every other write from any process, so that a check and
   * its write are atomic: SQLite takes its one write lock at BEGIN IMMEDIATE; a PostgreSQL store would take one
   * transaction-scoped advisory lock first (pg_advisory_xact_lock), as the rules count on no other write between
   * what `fn` reads and what it writes.
   */
  write<T>(fn: (tx: Tx) => T): T;
  /** Runs `fn` on one consistent snapshot. */
  read<T>(fn: (tx: Tx) => T): T;
  /** Writes a consistent copy of the whole database to `path`, a file that must not exist yet (made private, 0600). */
  saveCopy(path: string): void;
  /**
   * saveCopy(path), then clearOffice in a write transaction, only if nobody wrote in between: false (and no copy
   * left) when somebody did, so that the caller takes the copy again. An office is never emptied uncopied.
   */
  clearOfficeKeepingCopy(path: string): boolean;
  close(): void;
  readonly path: string;
  /** Changes whenever another connection commits (SQLite's PRAGMA data_version): cheap to poll, for live views. */
  dataVersion(): number;
}
