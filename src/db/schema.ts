// The database schema. Instants are INTEGER epoch milliseconds in UTC; wall times and dates are text
// in the owner's zone. Changing this file means a new migration: `npm run db:generate`.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const staff = sqliteTable('staff', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  handle: text('handle').notNull().unique(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  phone: text('phone'),
  tz: text('tz').notNull(),
  maxPerDay: integer('max_per_day'),
  maxPerWeek: integer('max_per_week'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
});

export const clients = sqliteTable(
  'clients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    tz: text('tz'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('clients_email_unique').on(sql`lower(${t.email})`)],
);

export const services = sqliteTable(
  'services',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    durationMin: integer('duration_min').notNull(),
    bufferBeforeMin: integer('buffer_before_min').notNull().default(0),
    bufferAfterMin: integer('buffer_after_min').notNull().default(0),
    intervalMin: integer('interval_min'),
    minNoticeMin: integer('min_notice_min').notNull().default(0),
    horizonMin: integer('horizon_min'),
    capacity: integer('capacity').notNull().default(1),
    format: text('format').notNull().default('in-person'),
    /** Where it happens: an address, a video link or a phone number, shown in emails and calendar files. */
    location: text('location'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [check('services_duration_positive', sql`${t.durationMin} > 0`), check('services_capacity_positive', sql`${t.capacity} >= 1`)],
);

/** Weekly hours, date overrides and blocks share one table so that `avail remove ID` has one id space. */
export const availability = sqliteTable(
  'availability',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    staffId: integer('staff_id').notNull().references(() => staff.id),
    kind: text('kind', { enum: ['weekly', 'override', 'block'] }).notNull(),
    weekday: integer('weekday'),
    date: text('date'),
    off: integer('off', { mode: 'boolean' }).notNull().default(false),
    startMin: integer('start_min'),
    endMin: integer('end_min'),
    validFrom: text('valid_from'),
    validUntil: text('valid_until'),
    startAt: integer('start_at'),
    endAt: integer('end_at'),
    reason: text('reason'),
    /** Where a block came from: null when typed, "ics:NAME" for busy time imported from another calendar. */
    source: text('source'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('availability_source').on(t.staffId, t.source),
    index('availability_staff_kind').on(t.staffId, t.kind),
    index('availability_block_range').on(t.staffId, t.startAt),
  ],
);

/** An hour budget a client bought (a skills assessment of 24 h, a pack of 10 coaching hours) that bookings draw on. */
export const engagements = sqliteTable(
  'engagements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clientId: integer('client_id').notNull().references(() => clients.id),
    name: text('name').notNull(),
    budgetMin: integer('budget_min').notNull(),
    /** Last date a session may take place (YYYY-MM-DD, in the client's zone, else the office's); null: no end. */
    until: text('until'),
    status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
    createdAt: integer('created_at').notNull(),
    closedAt: integer('closed_at'),
  },
  // A client's engagements are told apart by name, the key an engagement travels by between offices (CSV);
  // the index also serves the lookups by client.
  (t) => [uniqueIndex('engagements_client_name').on(t.clientId, t.name), check('engagements_budget_positive', sql`${t.budgetMin} > 0`)],
);

export const bookings = sqliteTable(
  'bookings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    staffId: integer('staff_id').notNull().references(() => staff.id),
    clientId: integer('client_id').notNull().references(() => clients.id),
    serviceId: integer('service_id').notNull().references(() => services.id),
    startAt: integer('start_at').notNull(),
    endAt: integer('end_at').notNull(),
    bufferBeforeMin: integer('buffer_before_min').notNull().default(0),
    bufferAfterMin: integer('buffer_after_min').notNull().default(0),
    status: text('status', { enum: ['scheduled', 'confirmed', 'completed', 'no_show', 'cancelled'] }).notNull(),
    format: text('format').notNull(),
    tz: text('tz').notNull(),
    notes: text('notes'),
    seriesId: text('series_id'),
    engagementId: integer('engagement_id').references(() => engagements.id),
    /** The booking's id in the system it was imported from: the key that makes an import repeatable. */
    externalId: text('external_id'),
    sequence: integer('sequence').notNull().default(0),
    lateChange: integer('late_change', { mode: 'boolean' }).notNull().default(false),
    cancelReason: text('cancel_reason'),
    rating: integer('rating'),
    feedback: text('feedback'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('bookings_staff_start').on(t.staffId, t.startAt),
    index('bookings_client_start').on(t.clientId, t.startAt),
    index('bookings_start').on(t.startAt),
    // Most bookings have no series, engagement or external id: partial indexes leave them out, so a
    // booking's commit writes three index pages fewer. A query on `x = ?` still uses them.
    index('bookings_series').on(t.seriesId).where(sql`${t.seriesId} is not null`),
    index('bookings_engagement').on(t.engagementId).where(sql`${t.engagementId} is not null`),
    uniqueIndex('bookings_external_id').on(t.externalId).where(sql`${t.externalId} is not null`),
    check('bookings_end_after_start', sql`${t.endAt} > ${t.startAt}`),
  ],
);

/** A booking's history: every status change, reschedule (with the previous times), note and rating. */
export const bookingEvents = sqliteTable(
  'booking_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    bookingId: integer('booking_id').notNull().references(() => bookings.id),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    oldStartAt: integer('old_start_at'),
    oldEndAt: integer('old_end_at'),
    newStartAt: integer('new_start_at'),
    newEndAt: integer('new_end_at'),
    text: text('text'),
  },
  (t) => [index('booking_events_booking').on(t.bookingId, t.at)],
);

/** Every change to the office's data: when, who, what. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    details: text('details'),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_entity').on(t.entity, t.entityId)],
);

/**
 * Every message to every recipient, written in the same transaction as the change that causes it.
 * `key` makes a message impossible to create twice; the lease makes it impossible to send twice
 * while its sender lives, and lets another sender take it over when it dies.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull().unique(),
    kind: text('kind', { enum: ['confirmation', 'reschedule', 'confirmed', 'update', 'cancellation', 'reminder', 'feedback', 'agenda', 'weekly_report'] }).notNull(),
    recipientRole: text('recipient_role', { enum: ['client', 'staff', 'admin'] }).notNull(),
    /** The address when the row was written, for listing; the message goes to the current one. */
    recipient: text('recipient').notNull(),
    bookingId: integer('booking_id').references(() => bookings.id),
    staffId: integer('staff_id').references(() => staff.id),
    /** The booking as this message describes it: its sequence and times when the change happened. */
    sequence: integer('sequence'),
    startAt: integer('start_at'),
    endAt: integer('end_at'),
    /** Reminders: minutes before the session. Agendas and reports: the date or week they cover. */
    offsetMin: integer('offset_min'),
    period: text('period'),
    /** Reschedules: where the session was before this move (the email says "moved from"). */
    previousStartAt: integer('previous_start_at'),
    dueAt: integer('due_at').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed', 'skipped'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    claimedBy: text('claimed_by'),
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    skipReason: text('skip_reason'),
    messageId: text('message_id'),
    sentAt: integer('sent_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('outbox_due').on(t.status, t.nextAttemptAt),
    index('outbox_booking').on(t.bookingId, t.status),
  ],
);
