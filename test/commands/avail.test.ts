// Availability and --tz: blocks are instants and read their times in --tz; hours are wall times in the staff
// member's own zone, so a --tz naming another cannot apply and is refused rather than silently ignored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcessOffice } from '../helpers';

let office: ReturnType<typeof inProcessOffice>;
const run = (...args: string[]) => office.run(...args);

beforeEach(async () => {
  office = inProcessOffice({ SCHED_NOW: '2026-12-01T08:00:00Z' });
  await office.setUp([['staff', 'add', 'alice', '--name', 'Alice', '--email', 'alice@office.example', '--tz', 'Europe/Paris']]);
});
afterEach(() => office.cleanup());

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

  it('warns of sessions already booked that a block, a day off or a new zone leaves outside, which stay booked', async () => {
    for (const args of [
      ['avail', 'set', 'alice', '--days', 'mon-fri', '--from', '09:00', '--to', '17:00'],
      ['client', 'add', '--name', 'Ana', '--email', 'ana@example.com'],
      ['service', 'add', 'talk', '--name', 'Talk', '--duration', '60'],
      ['book', '--staff', 'alice', '--client', '1', '--service', 'talk', '--at', '2026-12-08 10:00'],
    ]) expect((await run(...args)).code).toBe(0);
    const warning = 'warning: 1 session already booked is now outside alice\'s hours or blocked: booking 1 (Tue 8 Dec 10:00); it stays booked: move with sched reschedule ID --at ..., or cancel\n';
    // A new zone moves her hours (09:00 New York is 15:00 Paris): the 10:00 session is left outside; back, it is not.
    expect((await run('staff', 'edit', 'alice', '--tz', 'America/New_York')).stderr).toBe(warning.replace('10:00', '04:00'));
    expect((await run('staff', 'edit', 'alice', '--tz', 'Europe/Paris')).stderr).toBe('');
    expect((await run('avail', 'block', 'alice', '--from', '2026-12-09', '--to', '2026-12-09')).stderr).toBe('');
    expect((await run('avail', 'block', 'alice', '--from', '2026-12-08 09:30', '--to', '2026-12-08 10:30')).stderr).toBe(warning);
    expect((await run('avail', 'override', 'alice', '--date', '2026-12-08', '--off')).stderr).toBe(warning);
    // Already outside (that day is off): a new zone does not put it there, and is not blamed for it.
    expect((await run('staff', 'edit', 'alice', '--tz', 'America/New_York')).stderr).toBe('');
    expect(JSON.parse((await run('list', '--json')).stdout).map((b: { status: string }) => b.status)).toEqual(['scheduled']);
  });

  it('refuses hours that overlap hours already set, and leaves them as they were', async () => {
    expect((await run('avail', 'set', 'alice', '--days', 'mon-fri', '--from', '09:00', '--to', '12:00')).code).toBe(0);
    const before = await rules();
    const id = before[0].id;
    const add = await run('avail', 'add', 'alice', '--days', 'fri,sat', '--from', '11:00', '--to', '14:00');
    expect([add.code, add.stderr]).toEqual([1, `sched: --from: fri 11:00-14:00 overlaps alice's hours fri 09:00-12:00 (rule ${id + 4}) (sched avail set replaces those days' hours; or sched avail remove ${id + 4} first)\n`]);
    const twice = await run('avail', 'override', 'alice', '--date', '2026-12-24', '--from', '09:00', '--to', '12:00', '--from', '11:30', '--to', '13:00');
    expect([twice.code, twice.stderr]).toEqual([1, "sched: --from: 09:00-12:00 and 11:30-13:00 overlap (give each of the date's windows once, without overlaps)\n"]);
    expect(await rules()).toEqual(before);
    // Hours that meet (a lunch break's two sides), other days, another period: all fine.
    expect((await run('avail', 'add', 'alice', '--days', 'mon', '--from', '12:00', '--to', '17:00')).code).toBe(0);
    expect((await run('avail', 'add', 'alice', '--days', 'tue', '--from', '10:00', '--to', '17:00', '--valid-from', '2027-01-01')).code).toBe(1);
    expect((await run('avail', 'set', 'alice', '--days', 'tue', '--from', '10:00', '--to', '17:00', '--valid-from', '2027-01-01')).code).toBe(0);
    expect((await run('avail', 'override', 'alice', '--date', '2026-12-24', '--from', '09:00', '--to', '12:00')).code).toBe(0);
    const again = await run('avail', 'override', 'alice', '--date', '2026-12-24', '--from', '10:00', '--to', '11:00');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^sched: --from: 2026-12-24 10:00-11:00 overlaps alice's hours that date 09:00-12:00 \(rule \d+\)/);
    expect((await run('avail', 'override', 'alice', '--date', '2026-12-24', '--from', '14:00', '--to', '16:00')).code).toBe(0);
  });

  it('names every bad window of an override at once, and says how to fix a period that ends before it starts', async () => {
    const r = await run('avail', 'override', 'alice', '--date', '2026-12-30', '--from', '10:00', '--to', '09:00', '--from', '08:00', '--to', '08:00');
    expect([r.code, r.stderr]).toEqual([1, 'sched: --to 09:00 is not after --from 10:00 (a window ends after it starts on the same day; use 24:00 for midnight); --to 08:00 is not after --from 08:00 (a window ends after it starts on the same day; use 24:00 for midnight)\n']);
    const period = await run('avail', 'set', 'alice', '--days', 'fri', '--from', '09:00', '--to', '13:00', '--valid-from', '2027-03-31', '--until', '2027-01-01');
    expect(period.stderr).toBe('sched: --until 2027-01-01 is before --valid-from 2027-03-31 (give the last date of the period, on or after --valid-from)\n');
    expect(await rules()).toEqual([]);
  });

  it('warns only of the sessions a change of hours puts outside, not of those it found outside already', async () => {
    await office.setUp([
      ['avail', 'set', 'alice', '--days', 'mon-fri', '--from', '09:00', '--to', '17:00'],
      ['client', 'add', '--name', 'Ana', '--email', 'ana@example.com'],
      ['service', 'add', 'talk', '--name', 'Talk', '--duration', '60'],
      ['book', '--staff', 'alice', '--client', '1', '--service', 'talk', '--at', '2026-12-04 15:00'],
      ['book', '--staff', 'alice', '--client', '1', '--service', 'talk', '--at', '2026-12-11 10:00'],
    ]);
    // Fridays until the end of January end at 13:00: the 4 Dec session is left outside, and said.
    const first = await run('avail', 'set', 'alice', '--days', 'fri', '--from', '09:00', '--to', '13:00', '--until', '2027-01-31');
    expect(first.stderr).toMatch(/^warning: 1 session already booked is now outside alice's hours or blocked: booking 1 \(Fri 4 Dec 15:00\)/);
    // A shorter Friday later in January leaves out nothing more: booking 1 is not blamed on it again.
    const second = await run('avail', 'set', 'alice', '--days', 'fri', '--from', '10:00', '--to', '11:00', '--valid-from', '2027-01-15', '--until', '2027-01-20');
    expect(second.stderr).toBe('');
    // Moving 11 Dec's hours away from 10:00 does leave booking 2 out, and only it is named.
    const third = await run('avail', 'set', 'alice', '--days', 'fri', '--from', '11:00', '--to', '13:00', '--valid-from', '2026-12-11', '--until', '2026-12-11');
    expect(third.stderr).toMatch(/^warning: 1 session already booked is now outside alice's hours or blocked: booking 2 \(Fri 11 Dec 10:00\)/);
  });
});
