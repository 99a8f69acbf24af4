// The Store on one SQLite file through better-sqlite3 and drizzle-orm.
import { and, asc, eq, gt, gte, inArray, lt, lte, ne, or, sql } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type {
  AvailabilityRule, Block, Booking, BookingEvent, Client, DateOverride, Format, Service, Staff, Status, WeeklyHours,
} from '../core/types';
import { openDatabase, type Sqlite } from './open';
import * as s from './schema';
import type { BookingFilter, NewRule, Store, Tx } from './store';

/** No session lasts longer than this (services are limited to 24 h), which bounds range queries on start_at. */
const MAX_SESSION_MS = 24 * 3_600_000;

type RuleRow = typeof s.availability.$inferSelect;
type BookingRow = typeof s.bookings.$inferSelect;

function toRule(r: RuleRow): AvailabilityRule {
  if (r.kind === 'weekly') {
    return { id: r.id, kind: 'weekly', weekday: r.weekday!, startMin: r.startMin!, endMin: r.endMin!, validFrom: r.validFrom, validUntil: r.validUntil };
  }
  if (r.kind === 'override') {
    return { id: r.id, kind: 'override', date: r.date!, off: r.off, startMin: r.startMin, endMin: r.endMin };
  }
  return { id: r.id, kind: 'block', startAt: r.startAt!, endAt: r.endAt!, reason: r.reason };
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

function makeTx(db: BetterSQLite3Database, now: () => number): Tx {
  const active = ne(s.bookings.status, 'cancelled');
  // Hot paths of slot computation and booking: prepared once per connection.
  const staffSessions = db
    .select()
    .from(s.bookings)
    .where(and(
      eq(s.bookings.staffId, sql.placeholder('id')),
      gte(s.bookings.startAt, sql.placeholder('lowStart')),
      lt(s.bookings.startAt, sql.placeholder('to')),
      gt(s.bookings.endAt, sql.placeholder('from')),
      active,
    ))
    .orderBy(asc(s.bookings.startAt))
    .prepare();
  const clientSessions = db
    .select()
    .from(s.bookings)
    .where(and(
      eq(s.bookings.clientId, sql.placeholder('id')),
      gte(s.bookings.startAt, sql.placeholder('lowStart')),
      lt(s.bookings.startAt, sql.placeholder('to')),
      gt(s.bookings.endAt, sql.placeholder('from')),
      active,
    ))
    .orderBy(asc(s.bookings.startAt))
    .prepare();

  return {
    settings() {
      const rows = db.select().from(s.settings).all();
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    },
    setSetting(key, value) {
      db.insert(s.settings).values({ key, value }).onConflictDoUpdate({ target: s.settings.key, set: { value } }).run();
    },

    staffByHandle(handle) {
      const r = db.select().from(s.staff).where(eq(s.staff.handle, handle)).get();
      return r && toStaff(r);
    },
    staffById(id) {
      const r = db.select().from(s.staff).where(eq(s.staff.id, id)).get();
      return r && toStaff(r);
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
      const r = db.select().from(s.clients).where(eq(s.clients.id, id)).get();
      return r && toClient(r);
    },
    clientByEmail(email) {
      const r = db.select().from(s.clients).where(sql`lower(${s.clients.email}) = lower(${email})`).get();
      return r && toClient(r);
    },
    listClients(search) {
      const q = db.select().from(s.clients);
      const rows = search
        ? q.where(or(sql`${s.clients.name} like ${`%${search}%`}`, sql`${s.clients.email} like ${`%${search}%`}`)).orderBy(asc(s.clients.name)).all()
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
      const r = db.select().from(s.services).where(eq(s.services.code, code)).get();
      return r && toService(r);
    },
    serviceById(id) {
      const r = db.select().from(s.services).where(eq(s.services.id, id)).get();
      return r && toService(r);
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
      return db
        .select()
        .from(s.availability)
        .where(and(eq(s.availability.staffId, staffId), eq(s.availability.kind, 'weekly')))
        .orderBy(asc(s.availability.weekday), asc(s.availability.startMin))
        .all()
        .map(toRule) as WeeklyHours[];
    },
    overrides(staffId, fromDate, toDate) {
      return db
        .select()
        .from(s.availability)
        .where(and(eq(s.availability.staffId, staffId), eq(s.availability.kind, 'override'), gte(s.availability.date, fromDate), lte(s.availability.date, toDate)))
        .orderBy(asc(s.availability.date), asc(s.availability.startMin))
        .all()
        .map(toRule) as DateOverride[];
    },
    blocks(staffId, fromMs, toMs) {
      return db
        .select()
        .from(s.availability)
        .where(and(eq(s.availability.staffId, staffId), eq(s.availability.kind, 'block'), lt(s.availability.startAt, toMs), gt(s.availability.endAt, fromMs)))
        .orderBy(asc(s.availability.startAt))
        .all()
        .map(toRule) as Block[];
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

    bookingById(id) {
      const r = db.select().from(s.bookings).where(eq(s.bookings.id, id)).get();
      return r && toBooking(r);
    },
    staffSessions(staffId, fromMs, toMs) {
      return staffSessions.all({ id: staffId, from: fromMs, to: toMs, lowStart: fromMs - MAX_SESSION_MS }).map(toBooking);
    },
    clientSessions(clientId, fromMs, toMs) {
      return clientSessions.all({ id: clientId, from: fromMs, to: toMs, lowStart: fromMs - MAX_SESSION_MS }).map(toBooking);
    },
    listBookings(f: BookingFilter) {
      const where = and(
        f.staffId !== undefined ? eq(s.bookings.staffId, f.staffId) : undefined,
        f.clientId !== undefined ? eq(s.bookings.clientId, f.clientId) : undefined,
        f.fromMs !== undefined ? gt(s.bookings.endAt, f.fromMs) : undefined,
        f.toMs !== undefined ? lt(s.bookings.startAt, f.toMs) : undefined,
        f.statuses?.length ? inArray(s.bookings.status, [...f.statuses] as Status[]) : undefined,
        f.seriesId !== undefined ? eq(s.bookings.seriesId, f.seriesId) : undefined,
      );
      return db.select().from(s.bookings).where(where).orderBy(asc(s.bookings.startAt), asc(s.bookings.id)).all().map(toBooking);
    },
    insertBooking(v) {
      return toBooking(db.insert(s.bookings).values(v).returning().get());
    },
    updateBooking(id, patch) {
      db.update(s.bookings).set(patch).where(eq(s.bookings.id, id)).run();
    },
    addEvent(e) {
      db.insert(s.bookingEvents).values(e).run();
    },
    events(bookingId) {
      return db.select().from(s.bookingEvents).where(eq(s.bookingEvents.bookingId, bookingId)).orderBy(asc(s.bookingEvents.id)).all() as BookingEvent[];
    },

    audit(e) {
      db.insert(s.auditLog)
        .values({ at: e.at, actor: e.actor, action: e.action, entity: e.entity, entityId: e.entityId === null ? null : String(e.entityId), details: e.details === undefined ? null : JSON.stringify(e.details) })
        .run();
    },
    isEmpty() {
      const one = (t: typeof s.staff | typeof s.clients | typeof s.services | typeof s.bookings) => db.select({ x: sql`1` }).from(t).limit(1).get();
      return !one(s.staff) && !one(s.clients) && !one(s.services) && !one(s.bookings);
    },
  };
}

/** Sleeps without an event loop: transactions are synchronous, and so is waiting to retry one. */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const isBusy = (e: unknown) => {
  const code = (e as { code?: string } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
};

export function openSqliteStore(path: string, now: () => number = Date.now): Store & { sqlite: Sqlite } {
  const sqlite = openDatabase(path);
  const db = drizzle(sqlite);
  let tx: Tx | undefined;
  const getTx = () => (tx ??= makeTx(db, now));

  // The busy timeout already waits for the lock; under heavy contention SQLite can still answer BUSY,
  // so the whole transaction is tried again a few times (it has not changed anything: it rolled back).
  function withRetry<T>(run: () => T): T {
    const deadline = Date.now() + 30_000;
    for (let attempt = 1; ; attempt++) {
      try {
        return run();
      } catch (e) {
        if (!isBusy(e) || Date.now() > deadline) throw e;
        pause(Math.min(200, 5 * attempt) + Math.random() * 20);
      }
    }
  }

  return {
    path,
    sqlite,
    write: (fn) => withRetry(() => sqlite.transaction(() => fn(getTx())).immediate()),
    read: (fn) => withRetry(() => sqlite.transaction(() => fn(getTx())).deferred()),
    close: () => sqlite.close(),
  };
}
