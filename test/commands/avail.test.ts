// Availability and --tz: blocks are instants and read their times in --tz; hours are wall times in the staff
// member's own zone, so a --tz naming another cannot apply and is refused rather than silently ignored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInProcess, tempDir } from '../helpers';

let dir: ReturnType<typeof tempDir>;
let run: (...args: string[]) => ReturnType<typeof runInProcess>;

beforeEach(async () => {
  dir = tempDir();
  run = (...args) => runInProcess(args, { SCHED_DB: `${dir.dir}/office.db`, SCHED_NOW: '2026-12-01T08:00:00Z' });
  await run('staff', 'add', 'alice', '--name', 'Alice', '--email', 'alice@office.example', '--tz', 'Europe/Paris');
});
afterEach(() => dir.cleanup());

const rules = async () => JSON.parse((await run('avail', 'list', 'alice', '--json')).stdout);

describe('avail and --tz', () => {
  it('reads a block\'s times in --tz', async () => {
    const r = await run('avail', 'block', 'alice', '--from', '2026-12-21 10:00', '--to', '2026-12-21 12:00', '--tz', 'America/New_York', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ from: '2026-12-21T10:00:00-05:00', to: '2026-12-21T12:00:00-05:00' });
    expect((await rules()).map((x: { from: string }) => x.from)).toEqual(['2026-12-21T16:00:00+01:00']);
  });

  it('refuses hours in another zone than the staff member\'s, and takes them in their own', async () => {
    for (const args of [['set', 'alice', '--days', 'mon-fri', '--from', '09:00', '--to', '17:00'], ['override', 'alice', '--date', '2026-12-24', '--off']]) {
      const r = await run('avail', ...args, '--tz', 'America/New_York');
      expect([r.code, r.stderr]).toEqual([1, "sched: --tz: alice's hours are wall times in their own zone (Europe/Paris), not in America/New_York (leave --tz out, or change alice's zone with sched staff edit alice --tz ZONE)\n"]);
    }
    expect(await rules()).toEqual([]);
    expect((await run('avail', 'set', 'alice', '--days', 'mon', '--from', '09:00', '--to', '17:00', '--tz', 'Europe/Paris')).code).toBe(0);
    expect(await rules()).toHaveLength(1);
  });
});
