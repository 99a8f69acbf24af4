// sched report as a command: the handler called with a real context (SQLite file, string streams), in human,
// --json and --csv modes, and its one-line errors. (It does not go through the command line wiring.)
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bar, report, reportCsv } from '../../src/commands/report';
import { createContext, type Ctx, type GlobalOptions } from '../../src/context';
import { setWeeklyHours } from '../../src/core/availability-rules';
import { book } from '../../src/core/booking';
import { addClient } from '../../src/core/clients';
import { cancel, complete, confirm, noShow, rate } from '../../src/core/lifecycle';
import { addService } from '../../src/core/services';
import { setSetting } from '../../src/core/settings';
import { addStaff } from '../../src/core/staff';
import { SchedError } from '../../src/errors';
import { testEnv } from '../helpers';

const NOW = '2026-12-14T09:00:00Z'; // Monday after the reported week
let env: ReturnType<typeof testEnv>;
const opened: Ctx[] = [];

beforeAll(() => {
  env = testEnv('2026-12-01T08:00:00Z');
  setSetting(env, 'default_tz', 'Europe/Paris');
  addStaff(env, 'alice', { name: 'Alice', email: 'alice@office.example', tz: 'Europe/Paris' });
  addStaff(env, 'bob', { name: 'Bob', email: 'bob@office.example', tz: 'Europe/Paris' });
  setWeeklyHours(env, 'alice', { days: 'mon-fri', from: '09:00', to: '11:00' }, true); // 10 h in the week
  setWeeklyHours(env, 'bob', { days: 'mon', from: '09:00', to: '13:00' }, true); // 4 h
  addService(env, 'intake', { name: 'Intake', duration: '60' });
  addClient(env, { name: 'Ana', email: 'ana@example.com' });
  addClient(env, { name: 'Ben', email: 'ben@example.com' });
  const at = (staff: string, client: string, when: string) => book(env, { staff, client, service: 'intake', at: when }).bookings[0]!.id;
  // alice, week of Mon 7 Dec: 5 sessions (5 h of 10 h), one cancelled late, one no-show, two completed and rated.
  const ids = ['2026-12-07 09:00', '2026-12-08 09:00', '2026-12-09 09:00', '2026-12-10 09:00', '2026-12-11 09:00'].map((w, i) => at('alice', String((i % 2) + 1), w));
  const extra = at('alice', '1', '2026-12-11 10:00');
  const bobs = at('bob', '2', '2026-12-07 10:00');
  for (const x of [...ids, bobs]) confirm(env, x);
  env.setNow('2026-12-11T08:30:00Z'); // 09:30 Paris
  cancel(env, { id: extra }); // 30 minutes ahead: late
  env.setNow(NOW);
  complete(env, ids[0]!);
  complete(env, ids[1]!);
  complete(env, ids[2]!);
  noShow(env, ids[3]!);
  complete(env, bobs);
  rate(env, ids[0]!, '5');
  rate(env, ids[1]!, '4');
});
afterAll(() => {
  for (const c of opened) c.store.close();
  env.close();
});

async function run(opts: Record<string, any>, globals: GlobalOptions = {}, tty = false) {
  let stdout = '';
  let stderr = '';
  const ctx = await createContext(
    { stdout: { write: (s: string) => (stdout += s), isTTY: tty }, stderr: { write: (s: string) => (stderr += s) }, env: { SCHED_NOW: NOW, SCHED_USER: 'e2e' } },
    globals,
    join(env.dir, 'test.db'),
  );
  opened.push(ctx);
  let error: SchedError | undefined;
  try {
    await report(ctx, [], opts);
  } catch (e) {
    if (!(e instanceof SchedError)) throw e;
    error = e;
  }
  return { stdout, stderr, error };
}

/** RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += c;
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

const WEEK = { from: '2026-12-07', to: '2026-12-13' };

describe('sched report', () => {
  it('prints a table with a row per group, a total, percentages with one decimal and utilisation bars', async () => {
    const r = await run({ ...WEEK, by: 'staff' });
    expect(r.stderr).toBe('');
    expect(r.error).toBeUndefined();
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Sessions Mon 7 Dec 2026 to Sun 13 Dec 2026 (Europe/Paris), by staff');
    expect(lines[1]).toMatch(/^staff\s+booked\s+completed\s+no-show\s+cancelled\s+completion\s+no-show rate\s+cancel rate\s+delivered h\s+booked\/avail h\s+utilisation\s+rating$/);
    // alice: 6 booked, 3 completed, 1 no-show, 1 cancelled (late); 75.0 % / 25.0 % / 16.7 %; 3 h delivered; 5 of 10 h: 50.0 %, 10 of 20 cells.
    expect(lines[2]).toMatch(/^alice\s+6\s+3\s+1\s+1 \(1 late\)\s+75\.0%\s+25\.0%\s+16\.7%\s+3\.0\s+5\.0\/10\.0\s+50\.0%\s+█{10}░{10}\s+4\.5$/);
    // bob: 1 of 4 h, 25.0 %: 5 cells; no rating.
    expect(lines[3]).toMatch(/^bob\s+1\s+1\s+0\s+0\s+100\.0%\s+0\.0%\s+0\.0%\s+1\.0\s+1\.0\/4\.0\s+25\.0%\s+█{5}░{15}\s+-$/);
    // total: 6 of 14 h.
    expect(lines[4]).toMatch(/^total\s+7\s+4\s+1\s+1 \(1 late\)\s+80\.0%\s+20\.0%\s+14\.3%\s+4\.0\s+6\.0\/14\.0\s+42\.9%\s+█{9}░{11}\s+4\.5$/);
    expect(lines).toHaveLength(5);
    expect(r.stdout).not.toMatch(/\u001b\[/); // no colour off a terminal
  });

  it('colours the bars on a terminal, keeping the columns aligned', async () => {
    const r = await run({ ...WEEK, by: 'staff' }, {}, true);
    expect(r.stdout).toMatch(/\u001b\[32m█{10}\u001b\[39m/);
    const plain = r.stdout.replace(/\u001b\[\d+m/g, '').split('\n');
    expect(plain[2]!.indexOf('█')).toBe(plain[3]!.indexOf('█'));
  });

  it('without --by, prints the total alone; a bar is full beyond 100 % and dotted without hours', async () => {
    const r = await run({ from: '2026-12-07', to: '2026-12-07', staff: 'bob' });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Sessions Mon 7 Dec 2026 to Mon 7 Dec 2026 (bob, Europe/Paris)');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^total\s+1\s+1\s+.*1\.0\/4\.0\s+25\.0%/);
    const ctx = opened.at(-1)!;
    expect(bar(ctx, 1.3)).toBe('█'.repeat(20));
    expect(bar(ctx, 0)).toBe('░'.repeat(20));
    expect(bar(ctx, null)).toBe('·'.repeat(20));
  });

  it('--json prints the stable snake_case shape', async () => {
    const r = await run({ ...WEEK, by: 'week' }, { json: true });
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j).toEqual({
      from: '2026-12-07', to: '2026-12-13', zone: 'Europe/Paris', by: 'week', staff: null,
      rows: [{
        group: '2026-12-07', booked: 7, completed: 4, no_show: 1, cancelled: 1, late_cancelled: 1,
        completion_rate: 0.8, no_show_rate: 0.2, cancellation_rate: 0.1429, hours_delivered: 4, booked_hours: 6,
        available_hours: 14, utilisation: 0.4286, average_rating: 4.5,
      }],
      total: {
        group: '(total)', booked: 7, completed: 4, no_show: 1, cancelled: 1, late_cancelled: 1,
        completion_rate: 0.8, no_show_rate: 0.2, cancellation_rate: 0.1429, hours_delivered: 4, booked_hours: 6,
        available_hours: 14, utilisation: 0.4286, average_rating: 4.5,
      },
    });
  });

  it('--csv writes a header, a line per group and the total, RFC 4180', async () => {
    const r = await run({ ...WEEK, by: 'staff', csv: true });
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(r.stdout);
    expect(rows[0]).toEqual([
      'group', 'booked', 'completed', 'no_show', 'cancelled', 'late_cancelled', 'completion_rate', 'no_show_rate', 'cancellation_rate',
      'hours_delivered', 'booked_hours', 'available_hours', 'utilisation', 'average_rating',
    ]);
    expect(rows.slice(1)).toEqual([
      ['alice', '6', '3', '1', '1', '1', '0.75', '0.25', '0.1667', '3', '5', '10', '0.5', '4.5'],
      ['bob', '1', '1', '0', '0', '0', '1', '0', '0', '1', '1', '4', '0.25', ''],
      ['(total)', '7', '4', '1', '1', '1', '0.8', '0.2', '0.1429', '4', '6', '14', '0.4286', '4.5'],
    ]);
  });

  it('quotes CSV fields that need it', async () => {
    const { buildReport } = await import('../../src/core/report');
    const rep = buildReport(env, { ...WEEK, by: 'staff' });
    const odd = { ...rep, rows: [{ ...rep.rows[0]!, group: 'a "b", c\r\nd' }] };
    const rows = parseCsv(reportCsv(odd));
    expect(rows[1]![0]).toBe('a "b", c\r\nd');
    expect(reportCsv(odd).split('\r\n')[1]).toMatch(/^"a ""b"", c$/);
  });

  it('refuses a bad --by, --to before --from and --csv with --json, in one line with a hint', async () => {
    const by = await run({ by: 'month' });
    expect(by.stdout).toBe('');
    expect(by.error?.exitCode).toBe(1);
    expect(`${by.error?.message} (${by.error?.hint})`).toBe('--by: "month" is not a grouping (use staff, week, service)');
    const order = await run({ from: '2026-12-13', to: '2026-12-07' });
    expect(order.stdout).toBe('');
    expect(`${order.error?.message} (${order.error?.hint})`).toBe('--to 2026-12-07 is before --from 2026-12-13 (give a --to on or after --from; both dates are included)');
    const both = await run({ csv: true }, { json: true });
    expect(both.error?.message).toBe('--csv and --json cannot be combined');
    expect(both.stdout).toBe('');
  });
});

describe('sched report through the built binary', () => {
  it('prints the same figures as the handler, and refuses a bad --by with exit code 1 (a bad value)', async () => {
    const { sched } = await import('../helpers');
    const db = join(env.dir, 'test.db');
    const r = sched(['report', '--from', '2026-12-07', '--to', '2026-12-13', '--by', 'staff', '--json'], { SCHED_DB: db, SCHED_NOW: NOW });
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.rows.map((x: { group: string; booked: number; available_hours: number }) => [x.group, x.booked, x.available_hours])).toEqual([['alice', 6, 10], ['bob', 1, 4]]);
    const bad = sched(['report', '--by', 'month'], { SCHED_DB: db, SCHED_NOW: NOW });
    expect(bad.code).toBe(1);
  });
});
