// The daemon and the mail commands as real processes against a real SMTP server on 127.0.0.1:
// two daemons at once, a daemon killed mid-send, SIGTERM, dry runs, and what is never printed.
import ICAL from 'ical.js';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setWeeklyHours } from '../../src/core/availability-rules';
import { book } from '../../src/core/booking';
import { addClient } from '../../src/core/clients';
import type { Env } from '../../src/core/env';
import { addService } from '../../src/core/services';
import { addStaff } from '../../src/core/staff';
import { openSqliteStore } from '../../src/db/sqlite-store';
import { BIN, sched, schedAsync, tempDir } from '../helpers';
import { startSmtp, type TestSmtp } from '../smtp';

const NOW = '2026-11-30T08:00:00Z';
let smtp: TestSmtp;
let t: ReturnType<typeof tempDir>;
let DB: string;

beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());

/** An office with `n` bookings (2n confirmations), written through the core into the test's database file. */
function office(n: number) {
  const store = openSqliteStore(DB, () => Date.parse(NOW));
  const env: Env = { store, now: () => Date.parse(NOW), actor: 'setup' };
  addStaff(env, 'alice', { name: 'Alice Martin', email: 'alice@office.example', tz: 'Europe/Paris' });
  setWeeklyHours(env, 'alice', { days: 'mon-sun', from: '08:00', to: '20:00' }, true);
  addService(env, 'talk', { name: 'Talk', duration: '30' });
  for (let i = 0; i < n; i++) {
    addClient(env, { name: `Client ${i}`, email: `c${i}@example.com` });
    const day = 2 + Math.floor(i / 20); // far enough ahead that no reminder is due at NOW
    const minutes = 8 * 60 + (i % 20) * 30;
    book(env, { staff: 'alice', client: `c${i}@example.com`, service: 'talk', at: `2026-12-${String(day).padStart(2, '0')} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}` });
  }
  store.close();
}

/** The SMTP server runs in this process: a command that talks to it must not block the event loop (spawnSync would). */
const run = (args: string[], env: Record<string, string>) => schedAsync(args, { SCHED_USER: 'e2e', ...env });
const mailEnv = (extra: Record<string, string> = {}) => ({ SCHED_DB: DB, SCHED_NOW: NOW, SCHED_SMTP_URL: smtp.url, SCHED_MAIL_FROM: 'Cabinet <office@example.com>', ...extra });
const outbox = (extra: Record<string, string> = {}) => JSON.parse(sched(['outbox', '--json'], mailEnv(extra)).stdout) as Array<{ id: number; status: string; kind: string; to: string; attempts: number; key: string }>;

beforeEach(() => {
  t = tempDir();
  DB = join(t.dir, 'office.db');
  smtp.received.length = 0;
  smtp.hang(false);
  smtp.delay(0);
  smtp.refuse(0, 0, '');
});
afterEach(() => t.cleanup());

describe('sched daemon', () => {
  it('refuses to start without SCHED_SMTP_URL, in one line, and changes nothing', async () => {
    office(1);
    const r = sched(['daemon', '--once'], { SCHED_DB: DB, SCHED_NOW: NOW });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^sched: SCHED_SMTP_URL is not set.*--dry-run/);
    expect(outbox().every((m) => m.status === 'pending')).toBe(true);
    // A sender that is not an address, or a % in the password that is not an escape: one line, exit 1, nothing sent.
    const from = sched(['daemon', '--once'], mailEnv({ SCHED_MAIL_FROM: 'bad from' }));
    expect([from.code, from.stderr]).toEqual([1, 'sched: SCHED_MAIL_FROM: "bad from" is not an address (use office@example.com or "Office <office@example.com>")\n']);
    const pct = sched(['daemon', '--once'], mailEnv({ SCHED_SMTP_URL: smtp.url.replace('smtp://', 'smtp://u:p%zz@') }));
    expect([pct.code, pct.stderr]).toEqual([1, 'sched: SCHED_SMTP_URL: the password holds a % that is not an escape (write % as %25 (and @ as %40, : as %3A) in the user name and password)\n']);
    expect(outbox().every((m) => m.status === 'pending')).toBe(true);
  });

  it('--once sends what is due, logs one line a message (JSON lines with --json), and sends nothing twice', async () => {
    office(2);
    const r = await run(['daemon', '--once', '--json'], mailEnv());
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines.every((l) => l.result === 'sent' && l.kind === 'confirmation')).toBe(true);
    expect(smtp.received).toHaveLength(4);
    const again = await run(['daemon', '--once'], mailEnv());
    expect(again.stdout).toBe('');
    expect(smtp.received).toHaveLength(4);
  });

  it('two daemons at once send every message exactly once', async () => {
    office(40); // 80 confirmations
    const [a, b] = await Promise.all([schedAsync(['daemon', '--once', '--json'], mailEnv()), schedAsync(['daemon', '--once', '--json'], mailEnv())]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const ids = smtp.received.map((r) => r.mail.messageId);
    expect(ids).toHaveLength(80);
    expect(new Set(ids).size).toBe(80);
    const sent = [...a.stdout.trim().split('\n'), ...b.stdout.trim().split('\n')].filter(Boolean).map((l) => JSON.parse(l).id);
    expect(new Set(sent).size).toBe(sent.length);
    expect(outbox().filter((m) => m.kind === 'confirmation').every((m) => m.status === 'sent' && m.attempts === 1)).toBe(true);
  });

  it('a daemon killed with SIGKILL between claim and send loses nothing: the next run after the lease sends it', async () => {
    office(1);
    smtp.hang(true);
    const before = smtp.started();
    const p = spawn(process.execPath, [BIN, 'daemon', '--once'], { env: { PATH: process.env.PATH!, ...mailEnv() } });
    const exited = new Promise((resolve) => p.on('close', resolve));
    while (smtp.started() === before) await new Promise((r) => setTimeout(r, 20));
    p.kill('SIGKILL');
    await exited;
    smtp.hang(false);
    const claimed = outbox().filter((m) => m.kind === 'confirmation');
    expect(claimed.map((m) => m.status)).toEqual(['pending', 'pending']);
    // While the dead daemon's lease lasts, nobody takes its messages...
    await run(['daemon', '--once'], mailEnv({ SCHED_NOW: '2026-11-30T08:04:00Z' }));
    const heldBack = smtp.received.length;
    expect(heldBack).toBeLessThan(2);
    // ...and once it has expired, they go, each once.
    await run(['daemon', '--once'], mailEnv({ SCHED_NOW: '2026-11-30T08:06:00Z' }));
    expect(smtp.received.map((r) => r.to[0]).sort()).toEqual(['alice@office.example', 'c0@example.com']);
    expect(outbox().filter((m) => m.kind === 'confirmation').map((m) => m.status)).toEqual(['sent', 'sent']);
  });

  it('--once on SIGTERM finishes what is on the wire, exits 0, and puts the rest back for the next run at once: nothing twice', async () => {
    office(20); // 40 confirmations, 4 at a time
    smtp.delay(150);
    const p = spawn(process.execPath, [BIN, 'daemon', '--once'], { env: { PATH: process.env.PATH!, ...mailEnv() } });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    const code = new Promise<number | null>((resolve) => p.on('close', resolve));
    while (smtp.received.length < 4) await new Promise((r) => setTimeout(r, 20));
    p.kill('SIGTERM');
    expect(await code).toBe(0);
    const first = smtp.received.length;
    expect(first).toBeLessThan(40);
    const rows = outbox().filter((m) => m.kind === 'confirmation');
    expect(rows.filter((m) => m.status === 'sent')).toHaveLength(first);
    expect(err).toMatch(new RegExp(`${first} sent, 0 to retry, 0 failed, 0 skipped`));
    // The rest were not left leased for five minutes: a run at the same moment sends them, each once.
    smtp.delay(0);
    await run(['daemon', '--once'], mailEnv());
    const ids = smtp.received.map((r) => r.mail.messageId);
    expect([ids.length, new Set(ids).size]).toEqual([40, 40]);
  });

  it('on SIGTERM finishes what it is sending and exits 0', async () => {
    office(3);
    const p = spawn(process.execPath, [BIN, 'daemon', '--cron', '*/5 * * * *'], { env: { PATH: process.env.PATH!, ...mailEnv() } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    const code = new Promise<number | null>((resolve) => p.on('close', resolve));
    while (smtp.received.length < 6) await new Promise((r) => setTimeout(r, 20));
    p.kill('SIGTERM');
    expect(await code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(6);
    expect(err).toMatch(/6 sent, 0 to retry, 0 failed, 0 skipped/);
  });

  it('--dry-run writes .eml files and leaves the outbox as it was', async () => {
    office(1);
    const dir = join(t.dir, 'mail');
    const r = await run(['daemon', '--once', '--dry-run', '--out', dir], { SCHED_DB: DB, SCHED_NOW: NOW });
    expect(r.code).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['confirmation_1_0_client.eml', 'confirmation_1_0_staff.eml']);
    const eml = readFileSync(join(dir, files[0]!), 'utf8');
    expect(eml).toMatch(/^To: "?Client 0"? <c0@example.com>/m);
    expect(eml).toMatch(/Content-Type: text\/calendar/);
    expect(outbox().filter((m) => m.kind === 'confirmation').map((m) => m.status)).toEqual(['pending', 'pending']);
    expect(smtp.received).toHaveLength(0);
    // Its log says what it did: wrote, not sent.
    expect(r.stdout.split('\n').filter(Boolean).every((l) => / wrote confirmation #\d+ /.test(l))).toBe(true);
    expect(r.stderr).toMatch(/sched daemon: 2 written \(dry run: nothing sent, nothing changed\), 0 to retry/);
  });

  it('--dry-run --out that is not a folder is refused in one line', async () => {
    office(1);
    const file = join(t.dir, 'a-file');
    writeFileSync(file, '');
    const r = await run(['daemon', '--once', '--dry-run', '--out', file], { SCHED_DB: DB, SCHED_NOW: NOW });
    expect([r.code, r.stderr]).toEqual([1, `sched: --out ${file}: is not a folder (give a folder to write the .eml files in (it is made if missing))\n`]);
  });

  it('refuses options it would ignore (exit 2), sending nothing: --out without --dry-run, --cron with --once', async () => {
    office(1);
    const out = await run(['daemon', '--once', '--out', join(t.dir, 'mail')], mailEnv());
    expect([out.code, out.stderr]).toEqual([2, 'sched: --out is the folder for --dry-run (add --dry-run to write the messages there instead of sending them)\n']);
    const cron = await run(['daemon', '--once', '--cron', '*/5 * * * *'], mailEnv());
    expect(cron.code).toBe(2);
    expect(cron.stderr).toMatch(/^sched: --cron and --once do not go together/);
    expect(smtp.received).toHaveLength(0);
    expect(outbox().every((m) => m.status === 'pending')).toBe(true);
  });

  it('--once fails with exit 75 when the database stays locked, sending nothing and saying only that, as a crontab needs', async () => {
    office(2);
    const holder = openSqliteStore(DB);
    holder.sqlite.exec('begin immediate');
    try {
      // No "waiting" line on the way: cron mails whatever a job prints.
      const r = await run(['daemon', '--once'], mailEnv({ SCHED_LOCK_WAIT: '2.5' }));
      expect([r.code, r.stderr]).toEqual([75, 'sched: the database stayed locked by another process for 3 s: nothing was changed (try again)\n']);
    } finally {
      holder.sqlite.exec('rollback');
      holder.close();
    }
    expect(smtp.received).toHaveLength(0);
    expect((await run(['daemon', '--once'], mailEnv())).code).toBe(0);
    expect(smtp.received).toHaveLength(4);
  });

  it('a bad --cron is refused with the fix', async () => {
    office(1);
    const r = await run(['daemon', '--cron', 'every minute'], mailEnv());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^sched: --cron: "every minute" is not a cron expression/);
  });
});

describe('sched outbox, mail test, export ics', () => {
  it('lists failed messages and retries one', async () => {
    office(1);
    smtp.refuse(1, 550, '5.1.1 mailbox unavailable');
    await run(['daemon', '--once'], mailEnv());
    const failed = JSON.parse(sched(['outbox', '--status', 'failed', '--json'], mailEnv()).stdout);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ status: 'failed', attempts: 1, last_error: '550 5.1.1 mailbox unavailable' });
    const human = sched(['outbox', '--status', 'failed'], mailEnv());
    expect(human.stdout).toMatch(/failed\s+1\s+550 5\.1\.1 mailbox unavailable/);
    expect(sched(['outbox', 'retry', String(failed[0].id)], mailEnv()).code).toBe(0);
    await run(['daemon', '--once'], mailEnv());
    expect(outbox().filter((m) => m.kind === 'confirmation').map((m) => m.status)).toEqual(['sent', 'sent']);
    const again = sched(['outbox', 'retry', String(failed[0].id)], mailEnv());
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/was sent .*: it is not sent twice/);
    expect(JSON.parse(sched(['outbox', '--limit', '1', '--json'], mailEnv()).stdout)).toHaveLength(1);
    for (const limit of ['0', '-3', 'abc']) {
      const bad = sched(['outbox', '--limit', limit], mailEnv());
      expect([bad.code, bad.stdout, bad.stderr]).toEqual([1, '', `sched: --limit: "${limit}" is not a whole number from 1 to 1000000\n`]);
    }
  });

  it('mail test reports success, or the server\'s exact error with exit 1; the password is never printed', async () => {
    office(0);
    const url = smtp.url.replace('smtp://', 'smtp://office%40example.com:hunter2@');
    const ok = await run(['mail', 'test', 'me@example.com'], mailEnv({ SCHED_SMTP_URL: url }));
    expect(ok.code).toBe(0);
    // The user as in the URL: decoded, its @ would read as the host's.
    expect(ok.stdout).toMatch(/^sent a test message to me@example.com through smtp:\/\/office%40example.com@127\.0\.0\.1:\d+: 250 queued/);
    expect(smtp.logins).toContain('office@example.com');
    expect(smtp.received[0]!.mail.subject).toBe('Test message from My office');
    // Dated by SCHED_NOW, as the daemon's messages are.
    expect(new Date(smtp.received[0]!.mail.date!).toISOString()).toBe(new Date(NOW).toISOString());
    smtp.refuse(1, 550, '5.7.1 relaying denied');
    const bad = await run(['mail', 'test', 'me@example.com'], mailEnv({ SCHED_SMTP_URL: url }));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^sched: sending to me@example.com through .* failed: 550 5\.7\.1 relaying denied \(/);
    expect(ok.stdout + ok.stderr + bad.stdout + bad.stderr).not.toContain('hunter2');
    const down = await run(['mail', 'test', 'me@example.com'], mailEnv({ SCHED_SMTP_URL: 'smtp://u:hunter2@127.0.0.1:1' }));
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/ECONNREFUSED/);
    expect(down.stderr).not.toContain('hunter2');
    // Nor stored: the database never sees the URL.
    expect(readFileSync(DB).includes('hunter2')).toBe(false);
  });

  it('export ics -o writes a file that ical.js reads; a bad folder is a one-line error', () => {
    office(2);
    const file = join(t.dir, 'alice.ics');
    const r = sched(['export', 'ics', '--staff', 'alice', '-o', file], mailEnv());
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote 2 events to ${file}\n`);
    const cal = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
    expect(cal.getAllSubcomponents('vevent')).toHaveLength(2);
    const stdout = sched(['export', 'ics', '1'], mailEnv());
    expect(stdout.stdout).toMatch(/^BEGIN:VCALENDAR\r\n/);
    // With an id, --client picks the client's copy of that booking, and a booking that is not theirs is refused.
    const copy = sched(['export', 'ics', '1', '--client', 'c0@example.com'], mailEnv());
    expect(copy.code).toBe(0);
    expect(new ICAL.Component(ICAL.parse(copy.stdout)).getAllSubcomponents('vevent')).toHaveLength(1);
    const other = sched(['export', 'ics', '1', '--client', 'c1@example.com'], mailEnv());
    expect([other.code, other.stdout, other.stderr]).toEqual([1, '', "sched: booking 1 is not c1@example.com's (sched export ics 1 without --client)\n"]);
    const dated = sched(['export', 'ics', '1', '--from', '2026-12-01'], mailEnv());
    expect([dated.code, dated.stderr]).toEqual([2, 'sched: --from and --to choose bookings by date: they do not apply to one booking (ID 1)\n']);
    const bad = sched(['export', 'ics', '-o', join(t.dir, 'missing', 'x.ics')], mailEnv());
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(t.dir, 'missing'))).toBe(false);
  });
});
