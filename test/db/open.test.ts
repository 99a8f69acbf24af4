import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databasePath } from '../../src/db/location';
import { migrate, openDatabase } from '../../src/db/open';
import { migrations } from '../../src/db/migrations.gen';
import { tempDir } from '../helpers';

const dirs: Array<() => void> = [];
const temp = () => {
  const t = tempDir();
  dirs.push(t.cleanup);
  return t.dir;
};
afterEach(() => dirs.splice(0).forEach((c) => c()));

describe('opening the database', () => {
  it('creates folders and a private (0600) file, in WAL with foreign keys and full sync', () => {
    const path = join(temp(), 'deep', 'er', 'sched.db');
    const db = openDatabase(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..', '..')).mode & 0o777).toBe(0o700);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    db.close();
  });

  it('refuses a folder the system will not make (under /proc) with one error, where Node alone would spin forever', () => {
    expect(() => openDatabase('/proc/sched-nope/deeper/sched.db')).toThrow(/^--db: cannot create the database file \/proc\/sched-nope\/deeper\/sched\.db: ENOENT/);
  });

  it('migrates an empty file to the current version, once', () => {
    const path = join(temp(), 'sched.db');
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    const tables = db.prepare("select name from sqlite_master where type = 'table' order by name").all().map((r: any) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['staff', 'clients', 'services', 'availability', 'bookings', 'booking_events', 'audit_log', 'settings']));
    db.close();
  });

  it('migrates forward from every earlier version, keeping data', () => {
    for (let k = 0; k < migrations.length; k++) {
      const path = join(temp(), `v${k}.db`);
      const old = new Database(path);
      migrate(old, k);
      if (k > 0) old.prepare("insert into settings (key, value) values ('office_name', 'Kept')").run();
      old.close();
      const db = openDatabase(path);
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
      if (k > 0) expect(db.prepare("select value from settings where key = 'office_name'").get()).toEqual({ value: 'Kept' });
      db.close();
    }
  });

  it('keeps external ids unique and series, engagement and external-id lookups indexed, though most bookings have none', () => {
    const path = join(temp(), 'v4.db');
    const old = new Database(path);
    migrate(old, 4); // before the partial indexes
    old.exec(`insert into staff (handle, name, email, tz, created_at) values ('a', 'A', 'a@x.example', 'UTC', 0);
      insert into clients (name, email, tz, created_at) values ('C', 'c@x.example', 'UTC', 0);
      insert into services (code, name, duration_min, interval_min, created_at) values ('s', 'S', 30, 30, 0);`);
    old.close();
    const db = openDatabase(path);
    const insert = db.prepare(`insert into bookings (staff_id, client_id, service_id, start_at, end_at, status, format, tz, external_id, created_at, updated_at)
      values (1, 1, 1, ?, ? + 1800000, 'confirmed', 'video', 'UTC', ?, 0, 0)`);
    insert.run(0, 0, null);
    insert.run(3_600_000, 3_600_000, null);
    insert.run(7_200_000, 7_200_000, 'ext-1');
    expect(() => insert.run(9_000_000, 9_000_000, 'ext-1')).toThrow(/UNIQUE constraint failed: bookings.external_id/);
    const plan = (where: string) => (db.prepare(`explain query plan select * from bookings where ${where}`).all('x') as Array<{ detail: string }>).map((r) => r.detail).join();
    expect(plan('external_id = ?')).toContain('USING INDEX bookings_external_id');
    expect(plan('series_id = ?')).toContain('USING INDEX bookings_series');
    expect(plan('engagement_id = ?')).toContain('USING INDEX bookings_engagement');
    db.close();
  });

  it('takes the rating off a session corrected to a no-show before 0005, keeping its words in the history', () => {
    const path = join(temp(), 'v5.db');
    const old = new Database(path);
    migrate(old, 5);
    old.exec(`insert into staff (handle, name, email, tz, created_at) values ('a', 'A', 'a@x.example', 'UTC', 0);
      insert into clients (name, email, tz, created_at) values ('C', 'c@x.example', 'UTC', 0);
      insert into services (code, name, duration_min, interval_min, created_at) values ('s', 'S', 30, 30, 0);
      insert into bookings (staff_id, client_id, service_id, start_at, end_at, status, format, tz, rating, feedback, created_at, updated_at)
        values (1, 1, 1, 0, 1800000, 'no_show', 'video', 'UTC', 4, 'clear', 0, 0), (1, 1, 1, 3600000, 5400000, 'completed', 'video', 'UTC', 5, null, 0, 0);`);
    old.close();
    const db = openDatabase(path);
    expect(db.prepare('select status, rating, feedback from bookings order by id').all()).toEqual([
      { status: 'no_show', rating: null, feedback: null }, { status: 'completed', rating: 5, feedback: null },
    ]);
    expect(db.prepare('select booking_id, kind, text from booking_events').all()).toEqual([{ booking_id: 1, kind: 'corrected', text: 'rating withdrawn (it was 4/5: clear)' }]);
    db.close();
  });

  it('tells a client\'s engagements of the same name apart before 0006 makes names unique per client', () => {
    const path = join(temp(), 'v6.db');
    const old = new Database(path);
    migrate(old, 6);
    const long = 'L'.repeat(100);
    old.exec(`insert into clients (name, email, tz, created_at) values ('C', 'c@x.example', 'UTC', 0), ('D', 'd@x.example', 'UTC', 0);
      insert into engagements (client_id, name, budget_min, status, created_at) values
        (1, 'Pack', 600, 'open', 0), (1, 'Pack', 600, 'open', 0), (1, 'Pack (2)', 600, 'open', 0), (2, 'Pack', 600, 'open', 0),
        (1, 'Pack', 600, 'closed', 0), (2, '${long}', 60, 'open', 0), (2, '${long}', 60, 'open', 0);`);
    old.close();
    const db = openDatabase(path, () => Date.parse('2026-12-01T09:00:00Z'));
    // A numbered name already taken ("Pack (2)") is passed over; a long name is shortened to stay importable.
    expect(db.prepare('select id, client_id, name from engagements order by id').all()).toEqual([
      { id: 1, client_id: 1, name: 'Pack' },
      { id: 2, client_id: 1, name: 'Pack (3)' },
      { id: 3, client_id: 1, name: 'Pack (2)' },
      { id: 4, client_id: 2, name: 'Pack' },
      { id: 5, client_id: 1, name: 'Pack (4)' },
      { id: 6, client_id: 2, name: long },
      { id: 7, client_id: 2, name: `${'L'.repeat(96)} (2)` },
    ]);
    expect(db.prepare("select entity_id, json_extract(details, '$.from') as was, json_extract(details, '$.to') as now from audit_log where action = 'engagement.rename'").all()).toEqual([
      { entity_id: '2', was: 'Pack', now: 'Pack (3)' }, { entity_id: '5', was: 'Pack', now: 'Pack (4)' }, { entity_id: '7', was: long, now: `${'L'.repeat(96)} (2)` },
    ]);
    // Dated by the clock sched runs with (SCHED_NOW), as every other audit entry is.
    expect(db.prepare("select distinct at from audit_log where action = 'engagement.rename'").all()).toEqual([{ at: Date.parse('2026-12-01T09:00:00Z') }]);
    expect(() => db.prepare("insert into engagements (client_id, name, budget_min, status, created_at) values (1, 'Pack', 60, 'open', 0)").run())
      .toThrow(/UNIQUE constraint failed/);
    db.close();
  });

  it('refuses a database from a newer sched', () => {
    const path = join(temp(), 'new.db');
    const db = new Database(path);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(path)).toThrow(/written by a newer version of sched/);
  });

  it("leaves another program's SQLite database as it is: no sched tables, no WAL; a name it shares with sched is no crash", () => {
    for (const table of ['notes', 'clients']) {
      const path = join(temp(), `${table}.db`);
      const other = new Database(path);
      other.exec(`create table ${table} (x); insert into ${table} values (1)`);
      other.close();
      expect(() => openDatabase(path)).toThrow(`--db: ${path} is another program's SQLite database, not a sched one`);
      const after = new Database(path, { readonly: true });
      expect([after.pragma('journal_mode', { simple: true }), after.prepare('select name from sqlite_master').pluck().all()]).toEqual(['delete', [table]]);
      after.close();
    }
  });

  it('finds the database: --db, then SCHED_DB, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(databasePath('/x/a.db', { SCHED_DB: '/y/b.db' })).toBe('/x/a.db');
    expect(databasePath(undefined, { SCHED_DB: '/y/b.db', XDG_DATA_HOME: '/z' })).toBe('/y/b.db');
    expect(databasePath(undefined, { XDG_DATA_HOME: '/z' })).toBe('/z/sched/sched.db');
    expect(databasePath(undefined, { HOME: '/home/u' })).toBe('/home/u/.local/share/sched/sched.db');
  });
});
