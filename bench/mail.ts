// npm run bench, issue 3: 10,000 due reminders delivered by `sched daemon --once` (a real process) to a
// local SMTP server (another process): messages per second and the daemon's peak memory.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setWeeklyHours } from '../src/core/availability-rules';
import { book } from '../src/core/booking';
import type { Env } from '../src/core/env';
import { addService } from '../src/core/services';
import { setSetting } from '../src/core/settings';
import { addStaff } from '../src/core/staff';
import { openSqliteStore } from '../src/db/sqlite-store';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sched-bench-mail-'));
const DB = join(dir, 'mail.db');
const REMINDERS = 10_000;
const STAFF = 125;
const line = (label: string, value: string, note = '') => console.log(`${label.padEnd(58)} ${value.padStart(14)}   ${note}`);

// 125 staff x 80 fifteen-minute sessions on 3 Dec, each with its own client; one reminder each (24 h before),
// all due at 2 Dec 23:50, when no session has started yet.
const bookedAt = Date.parse('2026-11-30T00:00:00Z');
const env: Env = { store: openSqliteStore(DB, () => bookedAt), now: () => bookedAt, actor: 'bench' };
setSetting(env, 'reminder_offsets', '24h');
addService(env, 'talk', { name: 'Talk', duration: '15' });
for (let s = 0; s < STAFF; s++) {
  addStaff(env, `s${s}`, { name: `Staff ${s}`, email: `s${s}@office.example`, tz: 'UTC' });
  setWeeklyHours(env, `s${s}`, { days: 'daily', from: '00:00', to: '24:00' }, true);
}
const sqlite = (env.store as unknown as { sqlite: Database.Database }).sqlite;
const addClient = sqlite.prepare("insert into clients (name, email, created_at) values (?, ?, 0)");
sqlite.transaction(() => {
  for (let i = 0; i < REMINDERS; i++) addClient.run(`Client ${i}`, `c${i}@example.com`);
})();
for (let i = 0; i < REMINDERS; i++) {
  const minutes = 4 * 60 + Math.floor(i / STAFF) * 15;
  const at = `2026-12-03 ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  book(env, { staff: `s${i % STAFF}`, client: String(i + 1), service: 'talk', at });
}
// The confirmations went out when the sessions were booked; what is due now is the reminders.
sqlite.prepare("update outbox set status = 'sent', sent_at = 0 where kind = 'confirmation'").run();
const due = sqlite.prepare("select count(*) as n from outbox where status = 'pending' and kind = 'reminder'").get() as { n: number };
env.store.close();

const sink = spawn(process.execPath, [join(ROOT, 'bench/smtp-sink.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
const output: string[] = [];
const nextLine = () => new Promise<string>((resolve) => {
  const take = () => (output.length ? resolve(output.shift()!) : setTimeout(take, 10));
  take();
});
sink.stdout.on('data', (d: Buffer) => output.push(...d.toString().trim().split('\n')));
const port = await nextLine();

// The daemon reports its own peak memory as it exits (resourceUsage().maxRSS, in KiB).
const report = "process.on('exit',()=>process.stderr.write('MAXRSS '+process.resourceUsage().maxRSS+'\\n'))";
const t0 = process.hrtime.bigint();
const daemon = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []), '--import', `data:text/javascript,${encodeURIComponent(report)}`, join(ROOT, 'bin/sched'), 'daemon', '--once'], {
  env: { ...process.env, SCHED_DB: DB, SCHED_NOW: '2026-12-02T23:50:00Z', SCHED_SMTP_URL: `smtp://127.0.0.1:${port}`, SCHED_MAIL_FROM: 'office@example.com' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
daemon.stderr.on('data', (d) => (stderr += d));
const code = await new Promise<number | null>((resolve) => daemon.on('close', resolve));
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
sink.kill('SIGTERM');
const received = Number((await nextLine()).replace('received ', ''));
if (code !== 0) throw new Error(`daemon failed: ${stderr}`);
const rss = Number(/MAXRSS (\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;
const sent = new Database(DB, { readonly: true }).prepare("select count(*) as n from outbox where kind = 'reminder' and status = 'sent'").get() as { n: number };

line(`reminders due`, `${due.n}`);
line(`delivered by sched daemon --once to a local SMTP server`, `${received} in ${seconds.toFixed(1)} s`, `${sent.n} marked sent`);
line(`messages per second (whole run, start-up included)`, `${(received / seconds).toFixed(0)} /s`);
line(`daemon peak memory (max RSS)`, `${rss.toFixed(0)} MiB`);
rmSync(dir, { recursive: true, force: true });
