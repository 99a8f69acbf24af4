// sched audit shows each change's details as the rest of sched does: snake_case keys, instants in ISO 8601 with
// the offset of --tz, else of the office's default zone; the log itself keeps what was written.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcessOffice } from '../helpers';

let office: ReturnType<typeof inProcessOffice>;
const run = (...args: string[]) => office.run(...args);

beforeEach(async () => {
  office = inProcessOffice({ SCHED_NOW: '2026-11-25T09:00:00Z', NO_COLOR: '1' });
  await office.setUp([
    ['config', 'set', 'default_tz', 'Europe/Paris'],
    ['staff', 'add', 'bob', '--name', 'Bob', '--email', 'bob@office.example', '--tz', 'America/New_York'],
    ['avail', 'set', 'bob', '--days', 'mon-fri', '--from', '09:00', '--to', '17:00'],
    ['client', 'add', '--name', 'Cleo', '--email', 'cleo@example.com'],
    ['service', 'add', 'talk', '--name', 'Talk', '--duration', '45'],
    ['book', '--staff', 'bob', '--client', '1', '--service', 'talk', '--at', '2026-12-01 09:00'],
    ['reschedule', '1', '--at', '2026-12-02 10:00'],
  ]);
});
afterEach(() => office.cleanup());

describe('sched audit details', () => {
  it("shows a booking's story with snake_case keys and instants in the office's zone, in --json and the table", async () => {
    const entries = JSON.parse((await run('audit', '--entity', 'booking', '--id', '1', '--json')).stdout);
    expect(entries.map((e: { details: unknown }) => e.details)).toEqual([
      { staff: 'bob', client: 1, service: 'talk', start_at: '2026-12-01T15:00:00+01:00', end_at: '2026-12-01T15:45:00+01:00', status: 'scheduled', series_id: null, forced: null },
      { from: ['2026-12-01T15:00:00+01:00', '2026-12-01T15:45:00+01:00'], to: ['2026-12-02T16:00:00+01:00', '2026-12-02T16:45:00+01:00'], late: false, sequence: 1 },
    ]);
    const table = (await run('audit', '--entity', 'booking', '--id', '1')).stdout;
    expect(table).toContain('{"from":["2026-12-01T15:00:00+01:00","2026-12-01T15:45:00+01:00"],"to":["2026-12-02T16:00:00+01:00"');
    expect(table).not.toMatch(/\d{13}|startAt|seriesId/);
  });

  it('shows them in --tz when given, and leaves the stored rows as they were written', async () => {
    const [created] = JSON.parse((await run('--tz', 'America/New_York', 'audit', '--entity', 'booking', '--id', '1', '--json')).stdout);
    expect(created.details).toMatchObject({ start_at: '2026-12-01T09:00:00-05:00', end_at: '2026-12-01T09:45:00-05:00' });
    const db = new Database(`${office.dir}/office.db`, { readonly: true });
    const stored = db.prepare("select details from audit_log where action = 'booking.create'").get() as { details: string };
    db.close();
    expect(JSON.parse(stored.details)).toMatchObject({ startAt: Date.parse('2026-12-01T14:00:00Z'), seriesId: null });
  });

  it("shows a staff member's weekly hours as times of day when a rule is removed", async () => {
    expect((await run('avail', 'remove', '1')).code).toBe(0);
    const entries = JSON.parse((await run('audit', '--entity', 'staff', '--id', 'bob', '--json')).stdout);
    expect(entries.at(-1)).toMatchObject({ action: 'avail.remove', details: { kind: 'weekly', start_min: '09:00', end_min: '17:00' } });
  });
});
