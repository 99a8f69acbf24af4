// The Store on one SQLite file through better-sqlite3 and drizzle-orm.
import { closeSync, openSync, rmSync } from 'node:fs';
import { and, asc, desc, eq, getTableColumns, getTableName, gt, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type {
  AvailabilityRule, Block, Booking, BookingEvent, Client, ClientSession, DateOverride, Engagement, Format, Message, Service, Session, Staff, Status, WeeklyHours,
} from '../core/types';
import { MAX_BUFFER_MIN, MAX_DURATION_MIN } from '../core/services';
import { SchedError } from '../errors';
import { openDatabase, type Sqlite } from './open';
import { storageError } from './sqlite-errors';
import * as s from './schema';
import type { BookingFilter, MessagePatch, NewMessage, NewRule, Store, Tx } from './store';

/** A LIKE pattern matching `text` anywhere, as typed: % and _ in it are plain characters. */
const likeAny = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** How long a session and its buffers can last (the limits core sets on services), which bounds range queries on start_at. */
const MAX_BUFFER_MS = MAX_BUFFER_MIN * 60_000;
const MAX_REACH_MS = MAX_DURATION_MIN * 60_000 + MAX_BUFFER_MS * 2;

type RuleRow = typeof s.availability.$inferSelect;
type BookingRow = typeof s.bookings.$inferSelect;

const messageColumns = Object.entries(getTableColumns(s.outbox)).map(([k, c]) => `${c.name} as ${k}`).join(', ');
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function toRule(r: RuleRow): AvailabilityRule {
  if (r.kind === 'weekly') {
    return { id: r.id, kind: 'weekly', weekday: r.weekday!, startMin: r.startMin!, endMin: r.endMin!, validFrom: r.validFrom, validUntil: r.validUntil };
  }
  if (r.kind === 'override') {
    return { id: r.id, kind: 'override', date: r.date!, off: r.off, startMin: r.startMin, endMin: r.endMin };
  }
  return { id: r.id, kind: 'block', startAt: r.startAt!, endAt: r.endAt!, reason: r.reason, source: r.source };
}

const toBooking = (r: BookingRow): Booking => ({ ...r, format: r.format as Format });
const toService = (r: typeof s.services.$inferSelect): Service => {
  const { createdAt: _c, ...rest } = r;
  return { ...rest, format: r.format as Format };
};
const toStaff = (r: typeof s.staff.$inferSelect): Staff => {
  const { createdAt: _c, ...rest } = r;
  return rest;
};
const toClient = (r: typeof s.clients.$inferSelect): Client => {
  const { createdAt: _c, ...rest } = r;
  return rest;
};

/**
 * Rows read as arrays, made into objects with these keys: better-sqlite3 builds row objects about three times
 * slower, and reports, exports and the slot check read thousands of rows. SQLite's 0/1 late_change becomes a boolean.
 */
function fromArrays<T>(keys: readonly string[], rows: unknown[][]): T[] {
  return rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) o[keys[i]!] = r[i];
    if ('lateChange' in o) o.lateChange = o.lateChange === 1;
    return o as T;
  });
}

/** Prepared on first use: a command that runs two queries should not prepare twenty. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/**
 * A table read in plain prepared SQL, its columns named by the schema's keys: the lookups every booking and
 * slot query makes (staff, client, service, hours, settings) cost a fifth of a booking through drizzle's
 * row mapping. The schema stays the one description of the table; SQLite's 0/1 become booleans again.
 */
function reader<T>(table: SQLiteTable) {
  const cols = Object.entries(getTableColumns(table));
  const booleans = cols.filter(([, c]) => c.columnType === 'SQLiteBoolean').map(([k]) => k);
  return {
    select: `select ${cols.map(([k, c]) => `${c.name} as ${k}`).join(', ')} from ${getTableName(table)}`,
    row: (r: unknown): T => {
      const o = r as Record<string, unknown>;
      for (const k of booleans) o[k] = o[k] === 1;
      return o as T;
    },
  };
}

/**
 * Availability rules of one kind, only the columns that kind has, read as arrays: every booking and slot query
 * reads a week's hours, and better-sqlite3 spends more on building sixteen-key row objects than on the query.
 */
function ruleReader<T extends WeeklyHours | DateOverride | Block>(kind: T['kind'], keys: ReadonlyArray<keyof T & keyof RuleRow>) {
  const cols = getTableColumns(s.availability);
  return {
    select: `select ${keys.map((k) => cols[k].name).join(', ')} from availability where kind = '${kind}' and staff_id = ?`,
    rows: (rows: unknown[][]): T[] =>
      rows.map((r) => {
        const o: Record<string, unknown> = { kind };
        for (let i = 0; i < keys.length; i++) o[keys[i] as string] = r[i];
        if (kind === 'override') o.off = o.off === 1;
        return o as T;
      }),
  };
}

function makeTx(db: BetterSQLite3Database, sqlite: Sqlite, now: () => number): Tx {
  // The hot path of slot computation and booking, in plain prepared SQL: drizzle's row mapping cost more
  // than the query. Bounds on start_at keep the index range tight; the buffer terms make the match exact.
  const staffRows = reader<typeof s.staff.$inferSelect>(s.staff);
  const clientRows = reader<typeof s.clients.$inferSelect>(s.clients);
  const serviceRows = reader<typeof s.services.$inferSelect>(s.services);
  const bookingRows = reader<BookingRow>(s.bookings);
  const weeklyRows = ruleReader<WeeklyHours>('weekly', ['id', 'weekday', 'startMin', 'endMin', 'validFrom', 'validUntil']);
  const overrideRows = ruleReader<DateOverride>('override', ['id', 'date', 'off', 'startMin', 'endMin']);
  const blockRows = ruleReader<Block>('block', ['id', 'startAt', 'endAt', 'reason', 'source']);
  const cols = getTableColumns(s.bookings);
  const sessionKeys = ['id', 'staffId', 'clientId', 'serviceId', 'startAt', 'endAt', 'bufferBeforeMin', 'bufferAfterMin'] as const;
  const columns = sessionKeys.map((k) => `${cols[k].name} as ${k}`).join(', ');
  // A staff member's sessions whose time or buffers come near; a client's whose time does (a client has no buffers).
  const staffSessions = lazy(() => sqlite.prepare<[number, number, number, number, number], number[]>(`
      select ${columns} from bookings
      where staff_id = ? and start_at >= ? and start_at < ? and status != 'cancelled'
        and end_at + buffer_after_min * 60000 > ? and start_at - buffer_before_min * 60000 < ?
      order by start_at, id`).raw());
  const clientSessions = lazy(() => sqlite.prepare<[number, number, number, number, number], ClientSession>(`
      select ${sessionKeys.map((k) => `b.${cols[k].name} as ${k}`).join(', ')}, s.handle as staffHandle
      from bookings b join staff s on s.id = b.staff_id
      where b.client_id = ? and b.start_at >= ? and b.start_at < ? and b.status != 'cancelled' and b.end_at > ? and b.start_at < ?
      order by b.start_at, b.id`));
  const ph = (name: string) => sql.placeholder(name);
  /** Statements whose text depends on the call (which fields change), prepared once per text. */
  const statements = new Map<string, ReturnType<Sqlite['prepare']>>();
  const prepared = (text: string, raw = false) => statements.get(text) ?? statements.set(text, raw ? sqlite.prepare(text).raw() : sqlite.prepare(text)).get(text)!;
  const factKeys = ['id', 'staffId', 'clientId', 'serviceId', 'startAt', 'endAt', 'status', 'rating', 'lateChange', 'cancelReason'] as const;
  const factColumns = factKeys.map((k) => cols[k].name).join(', ');
  const bookingKeys = Object.keys(cols);
  const bookingColumns = Object.values(cols).map((c) => c.name).join(', ');
  /**
   * An INSERT with a named parameter per column, in plain prepared SQL: the rows an import writes by the
   * hundred thousand (bookings, their history, the audit log) cost a third as much as through drizzle's RETURNING.
   */
  const insertAll = <T extends typeof s.bookings | typeof s.bookingEvents | typeof s.auditLog>(table: T, keys: string[]) => {
    const cols = getTableColumns(table) as Record<string, { name: string }>;
    const stmt = sqlite.prepare(`insert into ${getTableName(table)} (${keys.map((k) => cols[k]!.name).join(', ')}) values (${keys.map((k) => `@${k}`).join(', ')})`);
    // SQLite stores booleans as 0 and 1; better-sqlite3 binds numbers, strings and null only.
    return (row: Record<string, unknown>) =>
      Number(stmt.run(Object.fromEntries(keys.map((k) => [k, typeof row[k] === 'boolean' ? Number(row[k]) : row[k] ?? null]))).lastInsertRowid);
  };
  const savepoints = lazy(() => ({ begin: sqlite.prepare('savepoint row'), release: sqlite.prepare('release row'), rollback: sqlite.prepare('rollback to row') }));
  const q = {
    settings: lazy(() => sqlite.prepare<[], { key: string; value: string }>('select key, value from settings')),
    staffByHandle: lazy(() => sqlite.prepare(`${staffRows.select} where handle = ?`)),
    staffById: lazy(() => sqlite.prepare(`${staffRows.select} where id = ?`)),
    clientById: lazy(() => sqlite.prepare(`${clientRows.select} where id = ?`)),
    clientByEmail: lazy(() => sqlite.prepare(`${clientRows.select} where lower(email) = lower(?)`)),
    serviceByCode: lazy(() => sqlite.prepare(`${serviceRows.select} where code = ?`)),
    serviceById: lazy(() => sqlite.prepare(`${serviceRows.select} where id = ?`)),
    bookingById: lazy(() => sqlite.prepare(`${bookingRows.select} where id = ?`)),
    facts: lazy(() => sqlite.prepare(`select ${factColumns} from bookings where start_at >= ? and start_at < ? order by start_at, id`).raw()),
    staffFacts: lazy(() => sqlite.prepare(`select ${factColumns} from bookings where start_at >= ? and start_at < ? and staff_id = ? order by start_at, id`).raw()),
    bookingByExternalId: lazy(() => db.select().from(s.bookings).where(eq(s.bookings.externalId, ph('v'))).prepare()),
    bookingsAt: lazy(() => db.select().from(s.bookings)
      .where(and(eq(s.bookings.staffId, ph('staff')), eq(s.bookings.startAt, ph('start')), eq(s.bookings.clientId, ph('client')))).orderBy(asc(s.bookings.id)).prepare()),
    sessionsStarting: lazy(() => sqlite.prepare<[number, number], Session>(
      `select ${columns} from bookings where start_at >= ? and start_at < ? and status != 'cancelled' order by start_at, id`)),
    weeklyHours: lazy(() => sqlite.prepare(`${weeklyRows.select} order by weekday, start_min`).raw()),
    overrides: lazy(() => sqlite.prepare(`${overrideRows.select} and date >= ? and date <= ? order by date, start_min`).raw()),
    blocks: lazy(() => sqlite.prepare(`${blockRows.select} and start_at < ? and end_at > ? order by start_at`).raw()),
    insertBooking: lazy(() => insertAll(s.bookings, Object.keys(getTableColumns(s.bookings)).filter((k) => k !== 'id'))),
    insertEvent: lazy(() => insertAll(s.bookingEvents, ['bookingId', 'at', 'actor', 'kind', 'fromStatus', 'toStatus', 'oldStartAt', 'oldEndAt', 'newStartAt', 'newEndAt', 'text'])),
    engagementById: lazy(() => db.select().from(s.engagements).where(eq(s.engagements.id, ph('v'))).prepare()),
    engagementMinutes: lazy(() => sqlite.prepare<[number], { status: Status; minutes: number }>(
      'select status, sum(end_at - start_at) / 60000 as minutes from bookings where engagement_id = ? group by status')),
    enqueue: lazy(() => sqlite.prepare(`insert or ignore into outbox
      (key, kind, recipient_role, recipient, booking_id, staff_id, sequence, start_at, end_at, offset_min, period, previous_start_at, due_at, status, skip_reason, next_attempt_at, created_at, updated_at)
      values (@key, @kind, @recipientRole, @recipient, @bookingId, @staffId, @sequence, @startAt, @endAt, @offsetMin, @period, @previousStartAt, @dueAt, @status, @skipReason, @dueAt, @now, @now)`)),
    due: lazy(() => sqlite.prepare<[number, number, number], Message>(`select ${messageColumns} from outbox
      where status = 'pending' and next_attempt_at <= ? and (lease_until is null or lease_until <= ?)
      order by next_attempt_at, id limit ?`)),
    pendingOfBooking: lazy(() => sqlite.prepare<[number], Message>(`select ${messageColumns} from outbox where booking_id = ? and status = 'pending' order by due_at, id`)),
    events: lazy(() => db.select().from(s.bookingEvents).where(eq(s.bookingEvents.bookingId, ph('v'))).orderBy(asc(s.bookingEvents.id)).prepare()),
    messageById: lazy(() => sqlite.prepare<[number], Message>(`select ${messageColumns} from outbox where id = ?`)),
    insertAudit: lazy(() => insertAll(s.auditLog, ['at', 'actor', 'action', 'entity', 'entityId', 'details'])),
  };

  return {
    settings() {
      const rows = q.settings().all();
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    },
    setSetting(key, value) {
      db.insert(s.settings).values({ key, value }).onConflictDoUpdate({ target: s.settings.key, set: { value } }).run();
    },

    staffByHandle(handle) {
      const r = q.staffByHandle().get(handle);
      return r === undefined ? undefined : toStaff(staffRows.row(r));
    },
    staffById(id) {
      const r = q.staffById().get(id);
      return r === undefined ? undefined : toStaff(staffRows.row(r));
    },
    listStaff(opts) {
      const q = db.select().from(s.staff);
      const rows = opts?.includeInactive ? q.orderBy(asc(s.staff.handle)).all() : q.where(eq(s.staff.active, true)).orderBy(asc(s.staff.handle)).all();
      return rows.map(toStaff);
    },
    insertStaff(v) {
      return toStaff(db.insert(s.staff).values({ ...v, createdAt: now() }).returning().get());
    },
    updateStaff(id, patch) {
      db.update(s.staff).set(patch).where(eq(s.staff.id, id)).run();
    },

    clientById(id) {
      const r = q.clientById().get(id);
      return r === undefined ? undefined : toClient(clientRows.row(r));
    },
    clientByEmail(email) {
      const r = q.clientByEmail().get(email);
      return r === undefined ? undefined : toClient(clientRows.row(r));
    },
    listClients(search) {
      const q = db.select().from(s.clients);
      const rows = search
        ? q.where(or(sql`${s.clients.name} like ${likeAny(search)} escape '\\'`, sql`${s.clients.email} like ${likeAny(search)} escape '\\'`)).orderBy(asc(s.clients.name)).all()
        : q.orderBy(asc(s.clients.name)).all();
      return rows.map(toClient);
    },
    insertClient(v) {
      return toClient(db.insert(s.clients).values({ ...v, createdAt: now() }).returning().get());
    },
    updateClient(id, patch) {
      db.update(s.clients).set(patch).where(eq(s.clients.id, id)).run();
    },

    serviceByCode(code) {
      const r = q.serviceByCode().get(code);
      return r === undefined ? undefined : toService(serviceRows.row(r));
    },
    serviceById(id) {
      const r = q.serviceById().get(id);
      return r === undefined ? undefined : toService(serviceRows.row(r));
    },
    listServices() {
      return db.select().from(s.services).orderBy(asc(s.services.code)).all().map(toService);
    },
    insertService(v) {
      return toService(db.insert(s.services).values({ ...v, createdAt: now() }).returning().get());
    },
    updateService(id, patch) {
      db.update(s.services).set(patch).where(eq(s.services.id, id)).run();
    },

    availability(staffId) {
      return db
        .select()
        .from(s.availability)
        .where(eq(s.availability.staffId, staffId))
        .orderBy(asc(s.availability.kind), asc(s.availability.weekday), asc(s.availability.date), asc(s.availability.startAt), asc(s.availability.startMin))
        .all()
        .map(toRule);
    },
    availabilityById(id) {
      const r = db.select().from(s.availability).where(eq(s.availability.id, id)).get();
      return r && { staffId: r.staffId, rule: toRule(r) };
    },
    weeklyHours(staffId) {
      return weeklyRows.rows(q.weeklyHours().all(staffId) as unknown[][]);
    },
    overrides(staffId, fromDate, toDate) {
      return overrideRows.rows(q.overrides().all(staffId, fromDate, toDate) as unknown[][]);
    },
    blocks(staffId, fromMs, toMs) {
      return blockRows.rows(q.blocks().all(staffId, toMs, fromMs) as unknown[][]);
    },
    insertRule(staffId, rule: NewRule) {
      const row = db.insert(s.availability).values({ ...rule, staffId, createdAt: now() }).returning({ id: s.availability.id }).get();
      return row.id;
    },
    updateWeeklyHours(id, patch) {
      db.update(s.availability).set(patch).where(eq(s.availability.id, id)).run();
    },
    deleteRule(id) {
      db.delete(s.availability).where(eq(s.availability.id, id)).run();
    },
    deleteBlocksFrom(staffId, source, afterMs) {
      return db.delete(s.availability)
        .where(and(eq(s.availability.staffId, staffId), eq(s.availability.kind, 'block'), eq(s.availability.source, source), gt(s.availability.endAt, afterMs)))
        .run().changes;
    },

    bookingById(id) {
      const r = q.bookingById().get(id);
      return r === undefined ? undefined : toBooking(bookingRows.row(r));
    },
    staffSessions(staffId, fromMs, toMs) {
      // Built field by field rather than by fromArrays: this is the slot check's hot path, and objects of one
      // fixed shape are a fifth faster to make and to read.
      return staffSessions().all(staffId, fromMs - MAX_REACH_MS, toMs + MAX_BUFFER_MS, fromMs, toMs).map(([id, staffId, clientId, serviceId, startAt, endAt, bufferBeforeMin, bufferAfterMin]) =>
        ({ id: id!, staffId: staffId!, clientId: clientId!, serviceId: serviceId!, startAt: startAt!, endAt: endAt!, bufferBeforeMin: bufferBeforeMin!, bufferAfterMin: bufferAfterMin! }));
    },
    clientSessions(clientId, fromMs, toMs) {
      return clientSessions().all(clientId, fromMs - MAX_REACH_MS, toMs + MAX_BUFFER_MS, fromMs, toMs);
    },
    listBookings(f: BookingFilter) {
      // Plain SQL: reports and exports read a year of bookings at once, and drizzle's row mapping cost
      // more than the query. The lower bound on start_at lets the index narrow a range (no session is longer than a day).
      const where: string[] = [];
      const params: unknown[] = [];
      const cond = (text: string, ...values: unknown[]) => {
        where.push(text);
        params.push(...values);
      };
      if (f.staffId !== undefined) cond('staff_id = ?', f.staffId);
      if (f.clientId !== undefined) cond('client_id = ?', f.clientId);
      if (f.fromMs !== undefined) cond('end_at > ? and start_at > ?', f.fromMs, f.fromMs - MAX_REACH_MS);
      if (f.toMs !== undefined) cond('start_at < ?', f.toMs);
      if (f.statuses?.length) cond(`status in (${f.statuses.map(() => '?').join(', ')})`, ...f.statuses);
      if (f.seriesId !== undefined) cond('series_id = ?', f.seriesId);
      if (f.engagementId !== undefined) cond('engagement_id = ?', f.engagementId);
      if (f.serviceId !== undefined) cond('service_id = ?', f.serviceId);
      const text = `select ${bookingColumns} from bookings${where.length ? ` where ${where.join(' and ')}` : ''} order by start_at, id`;
      return fromArrays<Booking>(bookingKeys, prepared(`${text} -- raw`, true).all(params) as unknown[][]);
    },
    bookingFacts(fromMs, toMs, staffId) {
      const rows = staffId === undefined ? q.facts().all(fromMs, toMs) : q.staffFacts().all(fromMs, toMs, staffId);
      return fromArrays(factKeys, rows as unknown[][]);
    },
    bookingByExternalId(externalId) {
      const r = q.bookingByExternalId().get({ v: externalId });
      return r && toBooking(r);
    },
    bookingsAt(staffId, clientId, startAt) {
      return q.bookingsAt().all({ staff: staffId, client: clientId, start: startAt }).map(toBooking);
    },
    sessionsStarting(fromMs, toMs) {
      return q.sessionsStarting().all(fromMs, toMs);
    },
    insertBooking(v) {
      return { ...v, id: q.insertBooking()(v) };
    },
    updateBooking(id, patch) {
      db.update(s.bookings).set(patch).where(eq(s.bookings.id, id)).run();
    },
    addEvent(e) {
      q.insertEvent()(e);
    },
    events(bookingId) {
      return q.events().all({ v: bookingId }) as BookingEvent[];
    },
    forcedBookingIds(mark) {
      // Only the events that ran the booking rules, whose text sched writes: a note or a reason typed by someone can
      // say anything. instr, not like: the mark is matched as written, whatever it holds.
      const rows = sqlite.prepare<[string, string], number>(`select distinct booking_id from booking_events
        where kind in ('booked', 'rescheduled', 'imported') and (instr(text, ?) = 1 or instr(text, '; ' || ?) > 0)`).pluck().all(mark, mark);
      return new Set(rows);
    },

    engagementById(id) {
      return q.engagementById().get({ v: id }) as Engagement | undefined;
    },
    listEngagements(clientId) {
      const rows = db.select().from(s.engagements);
      return (clientId === undefined ? rows : rows.where(eq(s.engagements.clientId, clientId))).orderBy(asc(s.engagements.id)).all() as Engagement[];
    },
    insertEngagement(e) {
      return db.insert(s.engagements).values(e).returning().get() as Engagement;
    },
    updateEngagement(id, patch) {
      db.update(s.engagements).set(patch).where(eq(s.engagements.id, id)).run();
    },
    engagementMinutes(id) {
      const rows = q.engagementMinutes().all(id);
      return Object.fromEntries(rows.map((r) => [r.status, r.minutes]));
    },

    enqueue(messages: NewMessage[]) {
      const stmt = q.enqueue();
      const at = now();
      let added = 0;
      for (const m of messages) added += stmt.run({ ...m, previousStartAt: m.previousStartAt ?? null, status: m.status ?? 'pending', skipReason: m.skipReason ?? null, now: at }).changes;
      return added;
    },
    skipPending(bookingId, kinds, reason, at) {
      return db.update(s.outbox).set({ status: 'skipped', skipReason: reason, updatedAt: at })
        .where(and(eq(s.outbox.bookingId, bookingId), eq(s.outbox.status, 'pending'), inArray(s.outbox.kind, [...kinds]))).run().changes;
    },
    dueMessages(at, limit) {
      return q.due().all(at, at, limit);
    },
    pendingMessages(bookingId) {
      return q.pendingOfBooking().all(bookingId);
    },
    messageById(id) {
      return q.messageById().get(id);
    },
    listMessages(f) {
      // Plain prepared SQL: the daemon asks for a booking's messages once a message it sends, and the listing can
      // run to hundreds of thousands of rows; drizzle built the query anew each time and mapped every row.
      const where = [f.status ? 'status = @status' : '', f.bookingId !== undefined ? 'booking_id = @bookingId' : ''].filter(Boolean);
      const text = `select ${messageColumns} from outbox${where.length ? ` where ${where.join(' and ')}` : ''} order by due_at, id${f.limit ? ' limit @limit' : ''}`;
      return prepared(text).all({ status: f.status, bookingId: f.bookingId, limit: f.limit }) as Message[];
    },
    updateMessage(id, patch: MessagePatch, claimedBy) {
      const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const set = [...Object.keys(values).map((k) => `${snake(k)} = @${k}`), 'updated_at = @updatedAt'].join(', ');
      const params: Record<string, unknown> = { ...values, updatedAt: now(), id };
      if (claimedBy !== undefined) params.guard = claimedBy;
      const sqlText = `update outbox set ${set} where id = @id${claimedBy === undefined ? '' : ' and claimed_by = @guard'}`;
      return prepared(sqlText).run(params).changes > 0;
    },

    savepoint(fn) {
      // Plain prepared statements: an import takes one per row, and wrapping each row in a new
      // better-sqlite3 transaction function cost more than the row's own inserts.
      const sp = savepoints();
      sp.begin.run();
      try {
        const result = fn();
        sp.release.run();
        return result;
      } catch (e) {
        sp.rollback.run();
        sp.release.run();
        throw e;
      }
    },

    audit(e) {
      q.insertAudit()({ at: e.at, actor: e.actor, action: e.action, entity: e.entity, entityId: e.entityId === null ? null : String(e.entityId), details: e.details === undefined ? null : JSON.stringify(e.details) });
    },
    auditEntries(f) {
      const a = s.auditLog;
      const where = and(
        f.entity === undefined ? undefined : eq(a.entity, f.entity),
        f.entityId === undefined ? undefined : eq(a.entityId, f.entityId),
        f.actor === undefined ? undefined : eq(a.actor, f.actor),
        f.fromMs === undefined ? undefined : gte(a.at, f.fromMs),
        f.toMs === undefined ? undefined : lt(a.at, f.toMs),
      );
      // The latest first, to take the last N, then in the order they happened.
      return db.select().from(a).where(where).orderBy(desc(a.id)).limit(f.limit).all().reverse();
    },
    isEmpty() {
      const one = (t: typeof s.staff | typeof s.clients | typeof s.services | typeof s.bookings) => db.select({ x: sql`1` }).from(t).limit(1).get();
      return !one(s.staff) && !one(s.clients) && !one(s.services) && !one(s.bookings);
    },
    clearOffice() {
      // Children before the rows they point to, so the foreign keys hold at every step.
      for (const t of [s.outbox, s.auditLog, s.bookingEvents, s.bookings, s.engagements, s.availability, s.services, s.clients, s.staff, s.settings]) db.delete(t).run();
      // Ids start again from 1, as in a new file ("sched show 1" in the demo's hints).
      if (sqlite.prepare(`select 1 from sqlite_master where name = 'sqlite_sequence'`).get()) sqlite.prepare('delete from sqlite_sequence').run();
      // A new office has a new uid, as a new file gets from its migration: calendar UIDs and Message-IDs carry it,
      // and the new booking 12 must not update the old booking 12 in anyone's calendar.
      sqlite.prepare(`insert into settings (key, value) values ('office_uid', lower(hex(randomblob(8))))`).run();
    },
  };
}

/** Sleeps without an event loop: transactions are synchronous, and so is waiting to retry one. */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const isBusy = (e: unknown) => {
  const code = (e as { code?: string } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
};

/** SQLite's own wait for the lock, per attempt: short, so that a longer wait can be said (`onLockWait`) while it goes on. */
const ATTEMPT_WAIT_MS = 1000;

/**
 * `lockWaitMs`: how long a transaction waits for another process's write lock before giving up (SCHED_LOCK_WAIT);
 * `onLockWait` is called once a transaction, when it has waited a second and will go on waiting.
 */
export function openSqliteStore(path: string, now: () => number = Date.now, lockWaitMs = 30_000, onLockWait?: () => void): Store & { sqlite: Sqlite } {
  const sqlite = openDatabase(path, now);
  sqlite.pragma(`busy_timeout = ${Math.min(ATTEMPT_WAIT_MS, lockWaitMs)}`);
  const db = drizzle(sqlite);
  let tx: Tx | undefined;
  const getTx = () => (tx ??= makeTx(db, sqlite, now));

  // The busy timeout already waits for the lock; under heavy contention SQLite can still answer BUSY,
  // so the whole transaction is tried again a few times (it has not changed anything: it rolled back).
  function withRetry<T>(run: () => T): T {
    const deadline = Date.now() + lockWaitMs;
    let noted = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return run();
      } catch (e) {
        if (!isBusy(e)) throw storageError(e) ?? e;
        // Said as any refusal is, in the office's words: every caller (CLI, TUI, daemon) then shows one line.
        if (Date.now() > deadline) throw new SchedError('busy', `the database stayed locked by another process for ${Math.round(lockWaitMs / 1000)} s: nothing was changed`, 'try again');
        if (!noted && onLockWait && deadline - Date.now() > 500) {
          noted = true;
          onLockWait();
        }
        pause(Math.min(200, 5 * attempt) + Math.random() * 20);
      }
    }
  }

  const store: Store & { sqlite: Sqlite } = {
    path,
    sqlite,
    write: (fn) => withRetry(() => sqlite.transaction(() => fn(getTx())).immediate()),
    read: (fn) => withRetry(() => sqlite.transaction(() => fn(getTx())).deferred()),
    saveCopy: (copy) => {
      // VACUUM INTO writes into an empty file, which is made here first so that it is private from its first byte.
      closeSync(openSync(copy, 'wx', 0o600));
      try {
        withRetry(() => sqlite.prepare('vacuum into ?').run(copy));
      } catch (e) {
        rmSync(copy, { force: true });
        throw e;
      }
    },
    clearOfficeKeepingCopy: (copy) => {
      // data_version moves only when another connection commits: unchanged under the write lock, nothing was
      // written between the copy and the emptying. (Through store.saveCopy, which a test wraps to write then.)
      const version = store.dataVersion();
      store.saveCopy(copy);
      const cleared = store.write((tx) => {
        if (store.dataVersion() !== version) return false;
        tx.clearOffice();
        return true;
      });
      if (!cleared) rmSync(copy, { force: true });
      return cleared;
    },
    close: () => sqlite.close(),
    dataVersion: () => sqlite.pragma('data_version', { simple: true }) as number,
  };
  return store;
}
