// sched list across zones: with no --staff and no --tz, each session shows in its staff member's zone, and the
// days it is listed under are theirs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcessOffice } from '../helpers';

let office: ReturnType<typeof inProcessOffice>;

beforeEach(async () => {
  office = inProcessOffice({ SCHED_NOW: '2026-03-01T09:00:00Z' });
  await office.setUp([
    ['config', 'set', 'default_tz', 'Europe/Paris'],
    ['staff', 'add', 'bob', '--name', 'Bob', '--email', 'bob@office.example', '--tz', 'America/New_York'],
    ['avail', 'set', 'bob', '--days', 'daily', '--from', '00:00', '--to', '24:00'],
    ['client', 'add', '--name', 'Cleo', '--email', 'cleo@example.com'],
    ['service', 'add', 's30', '--name', 'Talk', '--duration', '30'],
    ['book', '--staff', 'bob', '--client', '1', '--service', 's30', '--at', '2026-03-09 23:30'],
  ]);
});
afterEach(() => office.cleanup());

describe('sched list', () => {
  it("starts at each staff member's own today: a session this evening in New York is listed after midnight in Paris", async () => {
    // 03:00 UTC: 04:00 on the 10th in Paris, 23:00 on the 9th in New York; Bob's session starts in half an hour.
    const r = await office.runWith({ SCHED_NOW: '2026-03-10T03:00:00Z' }, 'list', '--json');
    expect(JSON.parse(r.stdout).map((b: { start: string }) => b.start)).toEqual(['2026-03-09T23:30:00-04:00']);
    const tomorrow = await office.runWith({ SCHED_NOW: '2026-03-10T05:00:00Z' }, 'list', '--json');
    expect(JSON.parse(tomorrow.stdout)).toEqual([]);
  });
});
