// sched engagement and book --engagement through the built binary.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sched, tempDir } from '../helpers';

const t = tempDir();
const env = { SCHED_DB: join(t.dir, 'e.db'), SCHED_NOW: '2026-11-30T08:00:00Z' };
const ok = (...args: string[]) => {
  const r = sched(args, env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
};

beforeAll(() => {
  ok('staff', 'add', 'alice', '--name', 'Alice', '--email', 'alice@office.example', '--tz', 'Europe/Paris');
  ok('avail', 'set', 'alice', '--days', 'mon-fri', '--from', '09:00', '--to', '17:00');
  ok('service', 'add', 'coaching', '--name', 'Coaching', '--duration', '60');
  sched(['client', 'add', '--name', 'Ana Lima', '--email', 'ana@example.com'], env);
});
afterAll(() => t.cleanup());

describe('sched engagement', () => {
  it('adds, books against, lists, shows and closes an engagement', () => {
    const added = JSON.parse(ok('engagement', 'add', '--client', 'ana@example.com', '--hours', '2', '--name', 'Coaching pack', '--until', '2026-12-31', '--json'));
    expect(added).toEqual({ id: 1, client: 1, client_name: 'Ana Lima', name: 'Coaching pack', status: 'open', until: '2026-12-31', hours: 2, booked_hours: 0, completed_hours: 0, remaining_hours: 2 });
    const booked = JSON.parse(ok('book', '--staff', 'alice', '--client', 'ana@example.com', '--service', 'coaching', '--at', '2026-12-01 10:00', '--engagement', '1', '--json'));
    expect(booked.engagement).toBe(1);
    expect(ok('show', String(booked.id))).toMatch(/engagement\s+Coaching pack \(engagement 1\)/);
    ok('book', '--staff', 'alice', '--client', 'ana@example.com', '--service', 'coaching', '--at', '2026-12-02 10:00', '--engagement', '1');
    const over = sched(['book', '--staff', 'alice', '--client', 'ana@example.com', '--service', 'coaching', '--at', '2026-12-03 10:00', '--engagement', '1'], env);
    expect(over.code).toBe(3);
    expect(over.stderr).toBe('sched: engagement 1 (Coaching pack) has no time left of 2h; this session needs 1h (add hours with a new engagement, or book with --force)\n');
    expect(ok('engagement', 'list')).toMatch(/1\s+Ana Lima\s+Coaching pack\s+2h\s+2h\s+0h\s+0h\s+2026-12-31\s+open/);
    const shown = JSON.parse(ok('engagement', 'show', '1', '--json'));
    expect(shown.sessions.map((s: { id: number }) => s.id)).toEqual([1, 2]);
    expect(ok('cancel', '2')).toMatch(/cancelled/);
    expect(JSON.parse(ok('engagement', 'list', '--client', '1', '--json'))[0].remaining_hours).toBe(1);
    expect(ok('engagement', 'close', '1')).toBe('closed engagement 1 (Coaching pack): 1h left unused; its sessions stay\n');
  });

  it('refuses bad input in one line, changing nothing', () => {
    const before = ok('engagement', 'list', '--json');
    for (const [args, message] of [
      [['engagement', 'add', '--client', 'ana@example.com', '--hours', '-3'], 'sched: --hours: "-3" is not a number of hours (e.g. --hours 24 or --hours 1.5)'],
      [['engagement', 'add', '--client', 'ana@example.com', '--hours', '0.008'], 'sched: --hours: "0.008" is less than a minute (e.g. --hours 0.5 for half an hour)'],
      [['engagement', 'add', '--client', 'nobody@example.com', '--hours', '3'], 'sched: --client: no client "nobody@example.com" (refer to a client by id or email; find them with sched client list --search NAME)'],
      [['engagement', 'show', '99'], 'sched: ID: no engagement 99 (see sched engagement list)'],
    ] as const) {
      const r = sched([...args], env);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(message);
    }
    expect(ok('engagement', 'list', '--json')).toBe(before);
  });
  it('prints the new id alone on stdout, for scripts (id=$(sched engagement add ...)), and says the rest on stderr', () => {
    const r = sched(['engagement', 'add', '--client', 'ana@example.com', '--hours', '3'], env);
    expect(r.code).toBe(0);
    const id = r.stdout.trim();
    expect(r.stdout).toBe(`${id}\n`);
    expect(r.stderr).toBe(`added engagement ${id}: 3h for Ana Lima, 3h; book against it with --engagement ${id}\n`);
  });
});
