// npm run bench: the numbers issue 2 asks for, measured in one run on this machine.
//   1. slots for 1 staff member x 30 days with 2,000 existing bookings (goal < 5 ms)
//   2. durable bookings per second through the core, every check, one transaction each,
//      beside the raw SQLite commit rate with the same settings (goal >= 80 %)
//   3. cold start of `sched list --json` beside `node -e 0` (goal <= 2x)
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setWeeklyHours } from '../src/core/availability-rules';
import { book } from '../src/core/booking';
import { addClient } from '../src/core/clients';
import type { Env } from '../src/core/env';
import { findSlots } from '../src/core/find-slots';
import { addService } from '../src/core/services';
import { addStaff } from '../src/core/staff';
import { openDatabase } from '../src/db/open';
import { openSqliteStore } from '../src/db/sqlite-store';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sched-bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const line = (label: string, value: string, goal: string) => console.log(`${label.padEnd(58)} ${value.padStart(14)}   ${goal}`);

function office(path: string, now: number): Env {
  const env: Env = { store: openSqliteStore(path, () => now), now: () => now, actor: 'bench' };
  addStaff(env, 'alice', { name: 'Alice', email: 'alice@office.example', tz: 'Europe/Paris' });
  setWeeklyHours(env, 'alice', { days: 'daily', from: '08:00', to: '20:00' }, true);
  addService(env, 'short', { name: 'Short', duration: '10' });
  addService(env, 'talk', { name: 'Talk', duration: '30', interval: '10' });
  return env;
}

// ---- 1. slot computation ---------------------------------------------------------------------
{
  const now = Date.parse('2026-11-30T00:00:00Z');
  const env = office(join(dir, 'slots.db'), now);
  const client = addClient(env, { name: 'C', email: 'c@example.com' });
  // 2,000 ten-minute sessions over the 30 days (about 67 a day in a 12-hour day): a dense calendar.
  const sqlite = (env.store as unknown as { sqlite: Database.Database }).sqlite;
  const insert = sqlite.prepare(`insert into bookings (staff_id, client_id, service_id, start_at, end_at, status, format, tz, created_at, updated_at)
    values (1, ?, 1, ?, ?, 'confirmed', 'in-person', 'Europe/Paris', ?, ?)`);
  sqlite.transaction(() => {
    let n = 0;
    for (let day = 0; n < 2000; day++) {
      for (let k = 0; k < 72 && n < 2000; k += 1) {
        if (k % 9 >= 6) continue; // every 90 minutes, a free half hour
        const start = Date.parse('2026-12-01T07:00:00Z') + day * 86_400_000 + k * 600_000;
        insert.run(client.id, start, start + 600_000, now, now);
        n++;
      }
    }
  })();
  const runs: number[] = [];
  let count = 0;
  for (let i = 0; i < 60; i++) {
    const t0 = process.hrtime.bigint();
    count = findSlots(env, { staff: 'alice', service: 'talk', from: '2026-12-01', days: '30' }).slots.length;
    runs.push(ms(t0));
  }
  line(`slots: 1 staff x 30 days, 2,000 bookings (${count} free slots), median`, `${median(runs.slice(10)).toFixed(2)} ms`, 'goal < 5 ms');
  env.store.close();
}

// ---- 2. durable booking rate -----------------------------------------------------------------
// This disk's fsync time drifts from run to run, so raw and core batches alternate and medians are compared.
{
  const ROUNDS = 7;
  const BATCH = 100;
  // Raw: one INSERT per transaction on a database opened exactly as sched opens its own (WAL, synchronous=FULL).
  const raw = openDatabase(join(dir, 'raw.db'));
  const stmt = raw.prepare(`insert into audit_log (at, actor, action, entity) values (?, 'bench', 'raw', 'x')`);
  const rawTx = raw.transaction((i: number) => stmt.run(i));

  const now = Date.parse('2026-11-30T00:00:00Z');
  // Raw, the same writes: the rows a booking writes (the booking, its history, the audit entry, two confirmations
  // and two reminders in the outbox), in plain prepared SQL, one transaction each: what SQLite alone costs.
  const same = office(join(dir, 'same.db'), now);
  const sameDb = (same.store as unknown as { sqlite: Database.Database }).sqlite;
  addClient(same, { name: 'C', email: 'c@example.com' });
  const insBooking = sameDb.prepare(`insert into bookings (staff_id, client_id, service_id, start_at, end_at, status, format, tz, created_at, updated_at)
    values (1, 1, 1, ?, ?, 'confirmed', 'in-person', 'Europe/Paris', ?, ?)`);
  const insEvent = sameDb.prepare(`insert into booking_events (booking_id, at, actor, kind, to_status, new_start_at, new_end_at) values (?, ?, 'bench', 'booked', 'confirmed', ?, ?)`);
  const insAudit = sameDb.prepare(`insert into audit_log (at, actor, action, entity, entity_id, details) values (?, 'bench', 'booking.create', 'booking', ?, ?)`);
  const insMessage = sameDb.prepare(`insert into outbox (key, kind, recipient_role, recipient, booking_id, staff_id, sequence, start_at, end_at, offset_min, due_at, status, next_attempt_at, created_at, updated_at)
    values (?, ?, ?, 'x@example.com', ?, 1, 0, ?, ?, ?, ?, 'pending', ?, ?, ?)`);
  // Raw, the booking's own row alone (the bookings table and its indexes): how much of the gap a booking's
  // other rows and its checks make, rather than the row itself.
  let r = 0;
  const rowTx = sameDb.transaction(() => {
    const start = now + 400 * 86_400_000 + r++ * 600_000;
    insBooking.run(start, start + 600_000, now, now);
  });
  let m = 0;
  const sameTx = sameDb.transaction(() => {
    const start = now + 86_400_000 + m++ * 600_000;
    const id = Number(insBooking.run(start, start + 600_000, now, now).lastInsertRowid);
    insEvent.run(id, now, start, start + 600_000);
    insAudit.run(now, String(id), JSON.stringify({ staff: 'alice', client: 1, service: 'short', startAt: start, endAt: start + 600_000, status: 'confirmed' }));
    for (const [kind, role, offset] of [['confirmation', 'client', null], ['confirmation', 'staff', null], ['reminder', 'client', 1440], ['reminder', 'client', 60]] as const) {
      const due = offset === null ? now : start - offset * 60_000;
      insMessage.run(`${kind}:${id}:0:${role}${offset === null ? '' : `:${offset}`}`, kind, role, id, start, start + 600_000, offset, due, due, now, now);
    }
  });

  const env = office(join(dir, 'book.db'), now);
  for (let i = 0; i < 50; i++) addClient(env, { name: `Client ${i}`, email: `c${i}@example.com` });
  let n = 0;
  const bookOne = () => {
    const day = 1 + Math.floor(n / 70);
    const slot = n % 70;
    const hh = String(8 + Math.floor((slot * 10) / 60)).padStart(2, '0');
    const mm = String((slot * 10) % 60).padStart(2, '0');
    book(env, { staff: 'alice', client: String(1 + (n % 50)), service: 'short', at: `2026-12-${String(day).padStart(2, '0')} ${hh}:${mm}` });
    n++;
  };
  const rawRates: number[] = [];
  const rowRates: number[] = [];
  const sameRates: number[] = [];
  const coreRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) rawTx.immediate(i);
    rawRates.push(BATCH / (ms(t0) / 1000));
    t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) rowTx.immediate();
    rowRates.push(BATCH / (ms(t0) / 1000));
    t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) sameTx.immediate();
    sameRates.push(BATCH / (ms(t0) / 1000));
    t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) bookOne();
    coreRates.push(BATCH / (ms(t0) / 1000));
  }
  // The same three, synchronous=OFF: what the CPU costs, with no fsync. It shows where the time of a durable
  // commit goes on this disk (the fsync, or the work before it), and so how far apart the rates can be at best.
  const cpu = { raw: [] as number[], same: [] as number[], core: [] as number[] };
  for (const db of [raw, sameDb, (env.store as unknown as { sqlite: Database.Database }).sqlite]) db.pragma('synchronous = OFF');
  for (let round = 0; round < ROUNDS; round++) {
    let t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) rawTx.immediate(i);
    cpu.raw.push((ms(t0) * 1000) / BATCH);
    t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) sameTx.immediate();
    cpu.same.push((ms(t0) * 1000) / BATCH);
    t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) bookOne();
    cpu.core.push((ms(t0) * 1000) / BATCH);
  }
  raw.close();
  same.store.close();
  env.store.close();
  const rawRate = median(rawRates);
  const sameRate = median(sameRates);
  const coreRate = median(coreRates);
  line(`raw SQLite commits, one row (WAL, synchronous=FULL), median of ${ROUNDS}x${BATCH}`, `${rawRate.toFixed(0)} /s`, '');
  const rowRate = median(rowRates);
  line(`raw SQLite commits, a booking's own row alone, median of ${ROUNDS}x${BATCH}`, `${rowRate.toFixed(0)} /s`, `${((rowRate / rawRate) * 100).toFixed(0)} % of one-row raw`);
  line(`raw SQLite commits, a booking's 7 rows, median of ${ROUNDS}x${BATCH}`, `${sameRate.toFixed(0)} /s`, `${((sameRate / rawRate) * 100).toFixed(0)} % of one-row raw`);
  line(`bookings through the core (every check), median of ${ROUNDS}x${BATCH}`, `${coreRate.toFixed(0)} /s`,
    `${((coreRate / rawRate) * 100).toFixed(0)} % of one-row raw, ${((coreRate / sameRate) * 100).toFixed(0)} % of same-rows raw; goal >= 80 %`);
  const us = (x: number) => `${x.toFixed(0)} us`;
  line('  the same, synchronous=OFF (no fsync): one row', us(median(cpu.raw)), 'CPU per commit');
  line('  the same, synchronous=OFF (no fsync): a booking\'s 7 rows', us(median(cpu.same)), '');
  line('  the same, synchronous=OFF (no fsync): a booking, every check', us(median(cpu.core)), '');
  line('  so the fsync of a one-row commit on this disk takes about', us(1e6 / rawRate - median(cpu.raw)), '');
}

// ---- 3. cold start -------------------------------------------------------------------------------
{
  const db = join(dir, 'start.db');
  const env = { ...process.env, SCHED_DB: db, SCHED_NOW: '2026-11-25T10:00:00Z' };
  spawnSync(process.execPath, [join(ROOT, 'bin/sched'), 'demo'], { env });
  const time = (args: string[]) => {
    const runs: number[] = [];
    for (let i = 0; i < 25; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { env });
      if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
      runs.push(ms(t0));
    }
    return median(runs.slice(3));
  };
  const bare = time(['-e', '0']);
  const list = time([join(ROOT, 'bin/sched'), 'list', '--json']);
  const help = time([join(ROOT, 'bin/sched'), '--help']);
  line('node -e 0, median of 22', `${bare.toFixed(0)} ms`, '');
  line('sched --help, median of 22', `${help.toFixed(0)} ms`, '');
  line('sched list --json (demo office), median of 22', `${list.toFixed(0)} ms`, `${(list / bare).toFixed(2)}x node; goal <= 2x`);
}

rmSync(dir, { recursive: true, force: true });
