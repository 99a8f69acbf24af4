// Real OS processes racing to book the same staff member and the same client: SQLite serialises them
// (BEGIN IMMEDIATE), so exactly one wins each contested time and every loser exits 3.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sched, schedAsync, tempDir } from '../helpers';

const t = tempDir();
const DB = join(t.dir, 'race.db');
const env = { SCHED_NOW: '2026-11-30T08:00:00Z' };
const setup = (...args: string[]) => expect(sched(['--db', DB, ...args], env).code).toBe(0);

beforeAll(() => {
  setup('staff', 'add', 'alice', '--name', 'Alice', '--email', 'alice@office.example', '--tz', 'Europe/Paris');
  setup('staff', 'add', 'bob', '--name', 'Bob', '--email', 'bob@office.example', '--tz', 'Europe/Paris');
  setup('service', 'add', 'intake', '--name', 'Intake', '--duration', '60', '--interval', '15');
  setup('avail', 'set', 'alice', '--days', 'mon-fri', '--from', '08:00', '--to', '18:00');
  setup('avail', 'set', 'bob', '--days', 'mon-fri', '--from', '08:00', '--to', '18:00');
  for (let i = 1; i <= 8; i++) setup('client', 'add', '--name', `Client ${i}`, '--email', `c${i}@example.com`);
});
afterAll(() => t.cleanup());

/** Active sessions that overlap another of the same staff member or the same client. */
function doubleBookings(): number {
  const db = new Database(DB, { readonly: true });
  const row = db.prepare(`
    select count(*) as n from bookings a join bookings b on a.id < b.id
    where a.status != 'cancelled' and b.status != 'cancelled'
      and (a.staff_id = b.staff_id or a.client_id = b.client_id)
      and a.start_at < b.end_at and b.start_at < a.end_at`).get() as { n: number };
  db.close();
  return row.n;
}

describe('several terminals booking at once', () => {
  it('books one of 8 processes into overlapping times of the same staff member; the others exit 3', async () => {
    const times = ['10:00', '10:15', '10:30', '10:45', '10:00', '10:15', '10:30', '10:45'];
    const results = await Promise.all(times.map((at, i) =>
      schedAsync(['--db', DB, 'book', '--staff', 'alice', '--client', `c${i + 1}@example.com`, '--service', 'intake', '--at', `2026-12-01 ${at}`], env)));
    const won = results.filter((r) => r.code === 0);
    const lost = results.filter((r) => r.code !== 0);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => r.code)).toEqual(Array(7).fill(3));
    // A loser that waited over a second for the lock says so first, on a line of its own.
    for (const r of lost) expect(r.stderr).toMatch(/^(sched: waiting for another process to finish writing to the database .*\n)?sched: alice is already booked [^\n]*\n$/);
    expect(doubleBookings()).toBe(0);
  });

  it('books one client with one of 6 processes asking two staff members at the same time', async () => {
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) =>
      schedAsync(['--db', DB, 'book', '--staff', i % 2 ? 'bob' : 'alice', '--client', 'c8@example.com', '--service', 'intake', '--at', `2026-12-02 ${i % 3 ? '14:00' : '14:30'}`], env)));
    expect(results.filter((r) => r.code === 0)).toHaveLength(1);
    expect(results.filter((r) => r.code === 3)).toHaveLength(5);
    expect(doubleBookings()).toBe(0);
  });

  it('stays consistent under repeated races (4 processes x 10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const day = `2026-12-${String(7 + (round % 5)).padStart(2, '0')}`;
      const hour = 8 + Math.floor(round / 5) * 2;
      const results = await Promise.all([0, 1, 2, 3].map((i) =>
        schedAsync(['--db', DB, 'book', '--staff', 'bob', '--client', `c${i + 1}@example.com`, '--service', 'intake', '--at', `${day} ${String(hour).padStart(2, '0')}:${['00', '15', '30', '45'][i]}`], env)));
      expect(results.map((r) => r.code).sort(), results.map((r) => r.stderr).join('')).toEqual([0, 3, 3, 3]);
    }
    expect(doubleBookings()).toBe(0);
  });
});
