// npm run bench, issue 5: importing 100,000 bookings (50 staff over a year, every check) through the built
// `sched` binary (goal under 10 s), importing the same file again (all unchanged), and a report over the year
// (goal under 1 s).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './gen-bookings';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'sched');
const NOW = '2026-11-30T08:00:00Z';
const dir = mkdtempSync(join(tmpdir(), 'sched-bench-import-'));
const env = { ...process.env, SCHED_DB: join(dir, 'office.db'), SCHED_NOW: NOW, SCHED_USER: 'bench' };
const line = (label: string, value: string, goal: string) => console.log(`${label.padEnd(58)} ${value.padStart(14)}   ${goal}`);

function run(args: string[]): { ms: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`sched ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  return { ms, stdout: r.stdout };
}

try {
  const count = Number(process.env.BENCH_BOOKINGS ?? 100_000);
  const { from, to } = generate(dir, count, NOW);
  for (const kind of ['staff', 'clients', 'services', 'availability']) run(['import', kind, join(dir, `${kind}.csv`)]);

  console.log(`\nimport and report (${count.toLocaleString('en')} bookings, 50 staff, ${from} to ${to})`);
  const first = run(['import', 'bookings', join(dir, 'bookings.csv'), '--json']);
  const report = JSON.parse(first.stdout) as { created: number; rejected: number };
  if (report.created !== count || report.rejected !== 0) throw new Error(`expected ${count} created: ${first.stdout.slice(0, 500)}`);
  line(`import bookings, ${count.toLocaleString('en')} rows, every check (process)`, `${(first.ms / 1000).toFixed(2)} s`, 'goal < 10 s');
  line('  rows per second', `${Math.round(count / (first.ms / 1000)).toLocaleString('en')}/s`, '');
  const again = run(['import', 'bookings', join(dir, 'bookings.csv'), '--json']);
  if ((JSON.parse(again.stdout) as { unchanged: number }).unchanged !== count) throw new Error('second import was not all unchanged');
  line('the same file again (all unchanged)', `${(again.ms / 1000).toFixed(2)} s`, '');
  line('database size', `${(statSync(env.SCHED_DB).size / 2 ** 20).toFixed(0)} MiB`, '');

  const times = (args: string[], n = 5) => {
    const xs = Array.from({ length: n }, () => run(args).ms).sort((a, b) => a - b);
    return xs[Math.floor(n / 2)]!;
  };
  line('report over the year, by staff (process, median of 5)', `${times(['report', '--from', from, '--to', to, '--by', 'staff', '--json']).toFixed(0)} ms`, 'goal < 1 s');
  line('report over the year, by week (process, median of 5)', `${times(['report', '--from', from, '--to', to, '--by', 'week', '--json']).toFixed(0)} ms`, 'goal < 1 s');
  const exported = run(['export', 'csv', 'bookings', '-o', join(dir, 'out.csv')]);
  line('export csv bookings, the year (process)', `${(exported.ms / 1000).toFixed(2)} s`, '');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
