// Every command through the built binary, against a temporary database, as a user or a script would run it.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sched, tempDir, type RunResult } from '../helpers';

const t = tempDir();
const DB = join(t.dir, 'office.db');
const NOW = '2026-11-30T08:00:00Z'; // Monday 09:00 in Paris
const run = (...args: string[]) => sched(['--db', DB, ...args], { SCHED_NOW: NOW });
const json = (r: RunResult) => {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};
/** Everything a failed command must leave unchanged. */
const snapshot = () => {
  const db = new Database(DB, { readonly: true });
  const tables = ['staff', 'clients', 'services', 'availability', 'bookings', 'booking_events', 'audit_log', 'settings'];
  const out = Object.fromEntries(tables.map((name) => [name, db.prepare(`select * from ${name} order by rowid`).all()]));
  db.close();
  return out;
};
const expectUserError = (r: RunResult, code: number, pattern: RegExp) => {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

beforeAll(() => {
  for (const args of [
    ['staff', 'add', 'alice', '--name', 'Alice Martin', '--email', 'alice@office.example', '--tz', 'Europe/Paris', '--max-per-day', '5'],
    ['staff', 'add', 'bob', '--name', 'Bob Carter', '--email', 'bob@office.example', '--tz', 'America/New_York', '--phone', '+1 212 555 0102'],
    ['service', 'add', 'intake', '--name', 'Intake interview', '--duration', '60', '--buffer-after', '15', '--min-notice', '2h'],
    ['service', 'add', 'workshop', '--name', 'Workshop', '--duration', '90m', '--capacity', '3', '--format', 'video', '--horizon', '60d'],
    ['avail', 'set', 'alice', '--days', 'mon-fri', '--from', '09:00', '--to', '12:00'],
    ['avail', 'add', 'alice', '--days', 'mon-fri', '--from', '13:00', '--to', '17:00'],
    ['avail', 'set', 'bob', '--days', 'mon-thu', '--from', '08:00', '--to', '16:00'],
  ]) {
    const r = run(...args);
    expect(r.stderr, args.join(' ')).toBe('');
    expect(r.code).toBe(0);
  }
});
afterAll(() => t.cleanup());

describe('people and services', () => {
  it('adds a client and prints the new id alone', () => {
    const r = run('client', 'add', '--name', 'Ana Lima', '--email', 'ana@example.com', '--tz', 'America/Sao_Paulo');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1\n');
    expect(json(run('client', 'add', '--name', 'Ben Okafor', '--email', 'ben@example.com', '--json'))).toMatchObject({ id: 2, name: 'Ben Okafor', tz: null });
    run('client', 'add', '--name', 'Chloé Dubois', '--email', 'chloe@example.com');
  });

  it('lists, shows and edits staff, clients and services', () => {
    expect(json(run('staff', 'list', '--json')).map((s: any) => s.handle)).toEqual(['alice', 'bob']);
    expect(json(run('staff', 'show', 'alice', '--json'))).toMatchObject({ handle: 'alice', tz: 'Europe/Paris', max_per_day: 5, active: true });
    expect(run('staff', 'show', 'alice').stdout).toMatch(/mon 09:00-12:00/);
    expect(json(run('staff', 'edit', 'bob', '--max-per-week', '10', '--json'))).toMatchObject({ max_per_week: 10 });
    expect(json(run('client', 'list', '--search', 'lima', '--json')).map((c: any) => c.email)).toEqual(['ana@example.com']);
    // % and _ are searched for as typed, not as wildcards.
    expect(json(run('client', 'list', '--search', '%', '--json'))).toEqual([]);
    expect(json(run('client', 'list', '--search', 'ana_', '--json'))).toEqual([]);
    // A zone typed in another case is kept as the time zone database spells it.
    expect(json(run('staff', 'edit', 'bob', '--tz', 'america/new_york', '--json'))).toMatchObject({ tz: 'America/New_York' });
    expect(json(run('client', 'show', 'ana@example.com', '--json'))).toMatchObject({ id: 1, bookings: [] });
    expect(json(run('client', 'edit', '2', '--phone', '+44 20 7946 0000', '--json'))).toMatchObject({ phone: '+44 20 7946 0000' });
    expect(json(run('service', 'list', '--json'))).toEqual([
      expect.objectContaining({ code: 'intake', duration: 60, buffer_after: 15, min_notice: 120, capacity: 1, horizon: null }),
      expect.objectContaining({ code: 'workshop', duration: 90, capacity: 3, format: 'video', horizon: 86400 }),
    ]);
    expect(json(run('service', 'edit', 'intake', '--interval', '30', '--json'))).toMatchObject({ interval: 30 });
    run('service', 'edit', 'intake', '--interval', '60');
    expect(run('staff', 'list').stdout).toMatch(/alice\s+Alice Martin\s+alice@office.example\s+Europe\/Paris/);
    expect(run('service', 'edit', 'workshop', '--location', 'Room 2').stdout).toBe('updated service workshop: 90 min, horizon 60d, 3 seats, video at Room 2\n');
    expect(run('service', 'show', 'workshop').stdout).toMatch(/video at Room 2/);
  });
});

describe('availability', () => {
  it('lists weekly hours, overrides and blocks, and removes by id', () => {
    expect(run('avail', 'override', 'alice', '--date', '2026-12-04', '--from', '10:00', '--to', '11:00', '--from', '14:00', '--to', '15:00').code).toBe(0);
    expect(run('avail', 'override', 'bob', '--date', '2026-12-01', '--off').code).toBe(0);
    expect(run('avail', 'block', 'alice', '--from', '2026-12-03 13:00', '--to', '2026-12-03 17:00', '--reason', 'training').code).toBe(0);
    const rules = json(run('avail', 'list', 'alice', '--json'));
    expect(rules.filter((r: any) => r.kind === 'weekly')).toHaveLength(10);
    expect(rules.filter((r: any) => r.kind === 'override').map((r: any) => `${r.from}-${r.to}`)).toEqual(['10:00-11:00', '14:00-15:00']);
    const block = rules.find((r: any) => r.kind === 'block');
    expect(block).toMatchObject({ from: '2026-12-03T13:00:00+01:00', to: '2026-12-03T17:00:00+01:00', reason: 'training' });
    const tmp = json(run('avail', 'block', 'alice', '--from', '2026-12-10', '--to', '2026-12-10', '--json'));
    expect(tmp).toMatchObject({ from: '2026-12-10T00:00:00+01:00', to: '2026-12-11T00:00:00+01:00' });
    expect(run('avail', 'remove', String(tmp.id)).code).toBe(0);
    expect(json(run('avail', 'list', 'alice', '--json')).some((r: any) => r.id === tmp.id)).toBe(false);
  });

  it('shows slots as JSON with offsets, honouring overrides and blocks', () => {
    const tue = json(run('slots', 'alice', '--service', 'intake', '--from', '2026-12-01', '--days', '1', '--json'));
    expect(tue.map((s: any) => s.start)).toEqual(['09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'].map((h) => `2026-12-01T${h}:00+01:00`));
    expect(tue[0]).toEqual({ start: '2026-12-01T09:00:00+01:00', end: '2026-12-01T10:00:00+01:00', seats: 1 });
    const fri = json(run('slots', 'alice', '--service', 'intake', '--from', '2026-12-04', '--days', '1', '--json'));
    expect(fri.map((s: any) => s.start)).toEqual(['2026-12-04T10:00:00+01:00', '2026-12-04T14:00:00+01:00']);
    const thu = json(run('slots', 'alice', '--service', 'intake', '--from', '2026-12-03', '--days', '1', '--json'));
    expect(thu).toHaveLength(3);
    expect(run('slots', 'alice', '--service', 'intake', '--from', '2026-12-01', '--days', '1').stdout).toMatch(/Tue 1 Dec\s+09:00 10:00 11:00 13:00/);
    // The hint books what it shows: with --tz, it says --tz too.
    expect(run('slots', 'alice', '--service', 'intake', '--from', '2026-12-01', '--days', '1').stdout).toContain('--at "2026-12-01 09:00"\n');
    expect(run('slots', 'alice', '--service', 'intake', '--from', '2026-12-01', '--days', '1', '--tz', 'America/New_York').stdout).toContain('--at "2026-12-01 03:00" --tz America/New_York\n');
  });

  it('merges every staff member for "any" and names them', () => {
    const any = json(run('slots', 'any', '--service', 'intake', '--from', '2026-12-02', '--days', '1', '--tz', 'UTC', '--json'));
    expect(new Set(any.map((s: any) => s.staff))).toEqual(new Set(['alice', 'bob']));
    expect(any[0]).toEqual({ staff: 'alice', start: '2026-12-02T08:00:00+00:00', end: '2026-12-02T09:00:00+00:00', seats: 1 });
    expect(any.map((s: any) => s.start)).toEqual([...any.map((s: any) => s.start)].sort());
  });
});

describe('booking and the life cycle', () => {
  it('books and prints the booking as JSON', () => {
    const b = json(run('book', '--staff', 'alice', '--client', 'ana@example.com', '--service', 'intake', '--at', '2026-12-01 10:00', '--notes', 'first visit', '--json'));
    expect(b).toMatchObject({ id: 1, staff: 'alice', client: 1, service: 'intake', start: '2026-12-01T10:00:00+01:00', end: '2026-12-01T11:00:00+01:00', timezone: 'Europe/Paris', status: 'scheduled', notes: 'first visit' });
    const shown = json(run('show', '1', '--tz', 'America/New_York', '--json'));
    expect(shown).toMatchObject({ start: '2026-12-01T04:00:00-05:00', timezone: 'America/New_York' });
    expect(shown.history.map((h: any) => h.kind)).toEqual(['booked']);
  });

  it('refuses a double booking with exit code 3, one line, a suggestion, and no change', () => {
    const before = snapshot();
    const r = run('book', '--staff', 'alice', '--client', '2', '--service', 'intake', '--at', '2026-12-01 10:30');
    expectUserError(r, 3, /^sched: alice is already booked Tue 1 Dec 10:00-11:00 \(booking 1\); next free: Tue 1 Dec 13:00, Tue 1 Dec 14:00, Tue 1 Dec 15:00$/);
    // The client too: Ana is busy then, whoever she would see.
    expectUserError(run('book', '--staff', 'bob', '--client', '1', '--service', 'intake', '--at', '2026-12-01T10:30:00+01:00', '--force'), 3, /Ana Lima is already booked/);
    expect(snapshot()).toEqual(before);
  });

  it('books a group session up to its capacity', () => {
    for (const c of ['1', '2', '3']) expect(run('book', '--staff', 'alice', '--client', c, '--service', 'workshop', '--at', '2026-12-02 09:00').code).toBe(0);
    expectUserError(run('client', 'add', '--name', 'Dan', '--email', 'ana@example.com'), 1, /already has ana@example.com/);
    run('client', 'add', '--name', 'Dev Patel', '--email', 'dev@example.com');
    expectUserError(run('book', '--staff', 'alice', '--client', '4', '--service', 'workshop', '--at', '2026-12-02 09:00'), 3, /is full \(3 of 3 seats taken\)/);
  });

  it('books a series, and refuses a series with a bad date listing it', () => {
    const before = snapshot();
    expectUserError(run('book', '--staff', 'alice', '--client', '2', '--service', 'intake', '--at', '2026-11-26 09:00', '--repeat', 'weekly', '--count', '3', '--tz', 'Europe/Paris'), 3, /dates? (is|are) not bookable: Thu 26 Nov 09:00 \(Thu 26 Nov 09:00 is in the past\).*--skip-conflicts/);
    expect(snapshot()).toEqual(before);
    const r = json(run('book', '--staff', 'alice', '--client', '2', '--service', 'intake', '--at', '2026-11-26 09:00', '--repeat', 'weekly', '--count', '3', '--skip-conflicts', '--json'));
    expect(r.bookings.map((b: any) => b.start)).toEqual(['2026-12-03T09:00:00+01:00', '2026-12-10T09:00:00+01:00']);
    expect(r.skipped).toEqual([{ at: '2026-11-26T09:00:00+01:00', local: '2026-11-26 09:00', timezone: 'Europe/Paris', reason: 'Thu 26 Nov 09:00 is in the past' }]);
    // A date whose wall time does not exist (Paris springs forward at 02:00 on 28 March) has no instant.
    const gap = json(run('book', '--staff', 'alice', '--client', '2', '--service', 'intake', '--at', '2027-03-21 02:30', '--repeat', 'weekly', '--count', '2', '--force', '--skip-conflicts', '--json'));
    expect(gap.bookings.map((b: any) => b.start)).toEqual(['2027-03-21T02:30:00+01:00']);
    expect(gap.skipped).toEqual([{ at: null, local: '2027-03-28 02:30', timezone: 'Europe/Paris', reason: 'that time does not exist in Europe/Paris (daylight saving time)' }]);
    const cancelled = json(run('cancel', String(r.bookings[0].id), '--series', '--json'));
    expect(cancelled.map((b: any) => b.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('moves a booking through its life cycle', () => {
    const id = '1';
    expectUserError(run('complete', id), 1, /still scheduled: confirm it before it can be marked completed/);
    expect(json(run('confirm', id, '--json')).status).toBe('confirmed');
    expectUserError(run('confirm', id), 1, /already confirmed/);
    expect(json(run('reschedule', id, '--at', '2026-12-01 14:00', '--json'))).toMatchObject({ id: 1, start: '2026-12-01T14:00:00+01:00', sequence: 1, status: 'confirmed' });
    expectUserError(run('no-show', id), 1, /has not started yet/);
    const later = (...args: string[]) => sched(['--db', DB, ...args], { SCHED_NOW: '2026-12-01T13:30:00Z' });
    expect(JSON.parse(later('no-show', id, '--json').stdout).status).toBe('no_show');
    expect(JSON.parse(later('complete', id, '--notes', 'arrived late after all', '--json').stdout).status).toBe('completed');
    expect(JSON.parse(later('rate', id, '--rating', '5', '--feedback', 'Very clear', '--json').stdout)).toMatchObject({ rating: 5, feedback: 'Very clear' });
    expect(later('note', id, '--text', 'send the report').code).toBe(0);
    expect([later('note', id).code, later('note', id).stderr]).toEqual([2, 'sched: give --text (an internal note) or --set (replace the session notes) (e.g. sched note 12 --text "prefers video")\n']);
    expect(JSON.parse(later('note', id, '--set', 'bring the form', '--json').stdout).notes).toBe('bring the form');
    expectUserError(later('cancel', id), 1, /is completed: it cannot be cancelled/);
    const hist = JSON.parse(later('show', id, '--json').stdout).history;
    expect(hist.map((h: any) => h.kind)).toEqual(['booked', 'confirmed', 'rescheduled', 'no_show', 'corrected', 'rated', 'note', 'notes']);
    expect(hist[2]).toMatchObject({ old_start: '2026-12-01T10:00:00+01:00', new_start: '2026-12-01T14:00:00+01:00' });
    expect(later('show', id).stdout).toMatch(/rescheduled Tue 1 Dec 10:00 -> Tue 1 Dec 14:00/);
  });

  it('books "any" staff member', () => {
    const b = json(run('book', '--staff', 'any', '--client', '4', '--service', 'intake', '--at', '2026-12-02 15:00', '--tz', 'UTC', '--json'));
    expect(b.staff).toBe('bob');
    expect(b.start).toBe('2026-12-02T15:00:00+00:00');
  });

  it('lists an agenda grouped by day, and as JSON with filters', () => {
    const all = json(run('list', '--from', '2026-12-01', '--to', '2026-12-31', '--json'));
    expect(all.length).toBeGreaterThan(4);
    expect(all.every((b: any) => /[+-]\d\d:\d\d$/.test(b.start))).toBe(true);
    expect(json(run('list', '--from', '2026-12-01', '--status', 'cancelled', '--json')).map((b: any) => b.status)).toEqual(['cancelled', 'cancelled']);
    expect(json(run('list', '--from', '2026-12-01', '--staff', 'bob', '--json')).map((b: any) => b.staff)).toEqual(['bob']);
    expect(json(run('list', '--from', '2026-12-01', '--client', 'ana@example.com', '--to', '2026-12-02', '--json')).map((b: any) => b.service)).toEqual(['intake', 'workshop']);
    const human = run('list', '--from', '2026-12-01', '--to', '2026-12-02', '--tz', 'Europe/Paris');
    expect(human.stdout).toMatch(/^Tuesday 1 December 2026\n {2}14:00-15:00 {2}#1 {2}alice {2}Ana Lima/m);
    expect(human.stdout).toMatch(/Wednesday 2 December 2026/);
  });
});

describe('settings', () => {
  it('sets and lists office settings, refusing unknown keys and bad values', () => {
    expect(run('config', 'set', 'office-name', 'Northwind').stdout).toBe('office_name = Northwind\n');
    expect(json(run('config', 'list', '--json'))).toMatchObject({ office_name: 'Northwind', auto_confirm: 'false', cancellation_notice: '24h', reminder_offsets: '24h,1h' });
    // Read back as typed: a 24-hour notice stays "24h".
    expect(run('config', 'set', 'cancellation_notice', '24h').stdout).toBe('cancellation_notice = 24h\n');
    expect(run('config', 'set', 'reminder_offsets', '1h, 2d').stdout).toBe('reminder_offsets = 2d,1h\n');
    expectUserError(run('config', 'set', 'reminder_offsets', '1h,,2h'), 1, /^sched: reminder_offsets: "1h,,2h" has an empty item \(give durations separated by single commas, e\.g\. 24h,1h\)$/);
    expect(run('config', 'set', 'reminder_offsets', '24h,1h').code).toBe(0);
    expectUserError(run('config', 'set', 'cancellation_notice', '99999999999999999999'), 1, /^sched: cancellation_notice: "99999999999999999999" is too long a duration/);
    expectUserError(run('config', 'set', 'cancellation_notice', '400d'), 1, /^sched: cancellation_notice: 400d is out of range \(use 0m to 365d\)$/);
    expectUserError(run('config', 'set', 'reminder_offsets', '24h,90d'), 1, /^sched: reminder_offsets: 90d is out of range \(use 1m to 60d\)$/);
    expectUserError(run('config', 'set', 'reminder_offsets', '1h,60m'), 1, /^sched: reminder_offsets: "1h,60m" names one reminder twice \(give each time once, e\.g\. 24h,1h\)$/);
    expectUserError(run('config', 'set', 'colour', 'blue'), 1, /unknown setting "colour"/);
    expectUserError(run('config', 'set', 'auto_confirm', 'maybe'), 1, /auto_confirm: "maybe" is not true or false/);
    expect(run('config', 'set', 'auto_confirm', 'true').code).toBe(0);
    expect(json(run('book', '--staff', 'bob', '--client', '3', '--service', 'intake', '--at', '2026-12-03 09:00', '--json')).status).toBe('confirmed');
  });
});

describe('removing staff and the audit log', () => {
  it('deactivates a staff member: no new bookings, history kept', () => {
    run('staff', 'add', 'carol', '--name', 'Carol', '--email', 'carol@office.example', '--tz', 'UTC');
    run('avail', 'set', 'carol', '--days', 'mon-fri', '--from', '09:00', '--to', '17:00');
    const b = json(run('book', '--staff', 'carol', '--client', '4', '--service', 'intake', '--at', '2026-12-07 09:00', '--json'));
    const removed = run('staff', 'remove', 'carol', '--json');
    expect(JSON.parse(removed.stdout)).toMatchObject({ handle: 'carol', active: false, upcoming_sessions: 1 });
    // Her session stays booked, and whoever removed her is told so.
    expect(removed.stderr).toBe('carol still has 1 upcoming session: they stay booked; see sched list --staff carol --from today to move or cancel them\n');
    expect(json(run('staff', 'list', '--json')).map((s: any) => s.handle)).not.toContain('carol');
    expect(json(run('staff', 'list', '--all', '--json')).map((s: any) => s.handle)).toContain('carol');
    expect(json(run('show', String(b.id), '--json')).staff).toBe('carol');
    expectUserError(run('book', '--staff', 'carol', '--client', '4', '--service', 'intake', '--at', '2026-12-07 11:00'), 3, /^sched: carol is no longer active \(reactivate with sched staff edit carol --active true, or book --staff any\)$/);
    expect(json(run('slots', 'any', '--service', 'intake', '--from', '2026-12-07', '--days', '1', '--json')).map((x: any) => x.staff)).not.toContain('carol');
    expect(run('slots', 'carol', '--service', 'intake', '--from', '2026-12-07', '--days', '1').stdout).toContain('no free slots: carol is no longer active');
  });

  it('records every change with when and who (SCHED_USER)', () => {
    const db = new Database(DB, { readonly: true });
    const rows = db.prepare('select at, actor, action from audit_log order by id').all() as Array<{ at: number; actor: string; action: string }>;
    db.close();
    expect(rows.length).toBeGreaterThan(20);
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set(['e2e']));
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['staff.add', 'staff.remove', 'client.add', 'service.add', 'avail.set', 'avail.block', 'booking.create', 'booking.reschedule', 'booking.cancelled', 'config.set']));
    expect(rows.every((r) => r.at === Date.parse(NOW) || r.at === Date.parse('2026-12-01T13:30:00Z'))).toBe(true);
  });

  it('sched audit reads the log back: one record\'s history, who, and the latest N; bad options in one line', () => {
    const one = json(run('audit', '--entity', 'booking', '--id', '1', '--json'));
    expect(one[0]).toMatchObject({ actor: 'e2e', action: 'booking.create', entity: 'booking', entity_id: '1', details: expect.objectContaining({ staff: 'alice', status: 'scheduled' }) });
    expect(one.map((e: any) => e.action)).toEqual(expect.arrayContaining(['booking.create', 'booking.reschedule']));
    expect(one.every((e: any) => e.entity_id === '1' && /T\d\d:\d\d:\d\d[+-]\d\d:\d\d$/.test(e.at))).toBe(true);
    // A client by email, as everywhere else; the latest three of everything, oldest first.
    expect(json(run('audit', '--entity', 'client', '--id', 'ana@example.com', '--json'))[0]).toMatchObject({ action: 'client.add', entity_id: '1' });
    const last = json(run('audit', '--limit', '3', '--json'));
    expect(last).toHaveLength(3);
    expect(last[0].id < last[2].id).toBe(true);
    expect(run('audit', '--entity', 'staff', '--id', 'alice').stdout).toMatch(/^WHEN \(UTC\)\s+WHO\s+WHAT\s+ON\s+DETAILS\n.*e2e\s+staff\.add\s+staff alice /);
    expect(json(run('audit', '--actor', 'nobody', '--json'))).toEqual([]);
    expectUserError(run('audit', '--id', '1'), 2, /^sched: --id needs --entity \(e\.g\. --entity booking --id 12\)$/);
    expectUserError(run('audit', '--entity', 'room'), 1, /--entity/);
    expectUserError(run('audit', '--limit', '0'), 1, /^sched: --limit/);
    expectUserError(run('audit', '--from', '2026-12-10', '--to', '2026-12-01'), 1, /--to 2026-12-01 is before --from 2026-12-10/);
  });
});

describe('bad input: one clear line, non-zero exit, nothing changed', () => {
  it.each([
    [['staff', 'add', 'zed', '--name', 'Zed', '--email', 'z@office.example', '--tz', 'Mars/Olympus'], 1, /--tz: unknown time zone "Mars\/Olympus"/],
    [['staff', 'add', 'zed', '--name', 'Zed', '--email', 'not-an-email', '--tz', 'UTC'], 1, /--email: "not-an-email" is not an email address/],
    // Every bad flag at once, still on one line.
    [['staff', 'add', 'zed', '--name', ' ', '--email', 'bad', '--tz', 'Mars/X'], 1, /^sched: --name is empty .*; --email: "bad" is not an email address .*; --tz: unknown time zone "Mars\/X" /],
    [['export', 'csv', 'rooms'], 2, /^sched: KIND: "rooms" cannot be exported as CSV \(use staff, clients, services, availability, engagements, bookings\)$/],
    [['export', 'csv', 'staff', '--from', '2026-12-01'], 2, /--from and --to choose bookings by date: they do not apply to staff/],
    // A value an option does not take is invalid input (1), as any bad value is; an unknown option is usage (2).
    [['book', '--staff', 'alice', '--client', '1', '--service', 'intake', '--at', '2026-12-07 13:00', '--format', 'fax'], 1, /^sched: option '--format <format>' argument 'fax' is invalid\. Allowed choices are in-person, video, phone\. \(see sched book --help\)$/],
    [['export', 'csv', 'staff', '--json'], 2, /^sched: --json prints what -o FILE wrote; without -o FILE \(or with -o -\) the CSV itself goes to stdout \(add -o FILE, or leave out --json\)$/],
    [['export', 'ics', '--json'], 2, /^sched: --json prints what -o FILE wrote; without -o FILE \(or with -o -\) the calendar itself goes to stdout/],
    // Options that do not go together are usage errors (2), as a missing option is.
    [['book', '--staff', 'alice', '--client', '1', '--service', 'intake', '--at', '2026-12-07 13:00', '--count', '3'], 2, /^sched: --count needs --repeat/],
    [['book', '--staff', 'alice', '--client', '1', '--service', 'intake', '--at', '2026-12-07 13:00', '--repeat', 'weekly'], 2, /^sched: --repeat needs --count/],
    [['book', '--staff', 'alice', '--client', '1', '--service', 'intake', '--at', '2026-12-07 13:00', '--skip-conflicts'], 2, /^sched: --skip-conflicts is for a series/],
    [['avail', 'override', 'alice', '--date', '2026-12-05', '--off', '--from', '09:00', '--to', '10:00'], 2, /--off cannot be combined with --from\/--to/],
    [['avail', 'override', 'alice', '--date', '2026-12-05', '--from', '09:00'], 2, /1 --from but 0 --to/],
    [['report', '--csv', '--json'], 2, /^sched: --csv and --json cannot be combined/],
    [['staff', 'edit', 'alice'], 2, /^sched: nothing to change \(give at least one of --name/],
    [['client', 'edit', '1'], 2, /^sched: nothing to change/],
    [['service', 'edit', 'intake'], 2, /^sched: nothing to change/],
    [['client', 'add', '--name', 'Eve', '--email', 'eve@example.com\r\nBcc: all@example.com'], 1, /--email: "eve@example.com\\r\\nBcc: all@example.com" is not an email address/],
    [['staff', 'add', 'alice', '--name', 'A', '--email', 'a@office.example', '--tz', 'UTC'], 1, /staff member "alice" already exists/],
    [['avail', 'set', 'alice', '--days', 'mon', '--from', '17:00', '--to', '09:00'], 1, /--to 09:00 is not after --from 17:00/],
    [['avail', 'block', 'alice', '--from', '2026-12-05 10:00', '--to', '2026-12-05 09:00'], 1, /--to .* is not after --from/],
    [['avail', 'set', 'alice', '--days', 'someday', '--from', '09:00', '--to', '10:00'], 1, /--days: "someday" is not a day/],
    [['book', '--staff', 'alice', '--client', '1', '--service', 'intake', '--at', '2026-02-30 10:00'], 1, /--at: "2026-02-30 10:00" is not a date and time/],
    [['book', '--staff', 'alice', '--client', '1', '--service', 'intake', '--at', '2027-03-28 02:30'], 1, /2027-03-28 02:30 does not exist in Europe\/Paris/],
    [['book', '--staff', 'nobody', '--client', '1', '--service', 'intake', '--at', '2026-12-01 10:00'], 1, /unknown staff member "nobody"/],
    // Every unknown name of the line at once.
    [['book', '--staff', 'nobody', '--client', '99', '--service', 'nope', '--at', '2026-12-01 10:00'], 1, /^sched: --staff: unknown staff member "nobody" \(see sched staff list\); --client: no client "99" .*; --service: unknown service "nope"/],
    // One value an option: the second is not silently taken over the first.
    [['book', '--staff', 'alice', '--staff', 'bob', '--client', '1', '--service', 'intake', '--at', '2026-12-01 10:00'], 2, /^sched: --staff is given twice \(give it once\)$/],
    [['staff', 'edit', 'alice', '--tz', 'Europe/Paris', '--tz', 'America/New_York'], 2, /^sched: --tz is given twice after the command \(give the zone once\)$/],
    [['book', '--staff', 'alicia', '--client', '1', '--service', 'intake', '--at', '2026-12-01 1000'], 1, /^sched: --staff: unknown staff member "alicia" \(see sched staff list\); --at: "2026-12-01 1000" is not a date and time/],
    [['book', '--staff', 'alice', '--client', '99', '--service', 'intake', '--at', '2026-12-01 10:00'], 1, /--client: no client "99"/],
    [['book', '--staff', 'alice', '--client', '1', '--service', 'massage', '--at', '2026-12-01 10:00'], 1, /--service: unknown service "massage"/],
    [['book', '--staff', 'alice', '--client', '1', '--service', 'intake', '--at', '2026-12-07 20:00'], 3, /outside alice's working hours/],
    [['list', '--from', 'yesterday-ish'], 1, /--from: "yesterday-ish" is not a date/],
    // Calendar files cannot carry an instant before 1970; a year past 2999 is a typo.
    [['book', '--staff', 'alice', '--client', '1', '--service', 'intake', '--at', '1969-12-31 10:00', '--force'], 1, /^sched: --at: "1969-12-31 10:00" is outside the years sched keeps \(use a date from 1970 to 2999\)$/],
    [['book', '--staff', 'alice', '--client', '1', '--service', 'intake', '--at', '1970-01-01T00:30+01:00', '--force'], 1, /--at: .* is outside the years sched keeps/],
    [['book', '--staff', 'alice', '--client', '1', '--service', 'intake', '--at', '9999-12-31 10:00', '--force'], 1, /--at: "9999-12-31 10:00" is outside the years sched keeps/],
    [['list', '--from', '1000-01-01'], 1, /--from: "1000-01-01" is outside the years sched keeps/],
    [['list', '--status', 'done'], 1, /--status: "done" is not a status/],
    [['show', '999'], 1, /no booking 999/],
    [['cancel', 'abc'], 1, /ID: "abc" is not an id/],
    [['service', 'add', 'long', '--name', 'Long', '--duration', '3d'], 1, /--duration: 3d is out of range/],
    [['slots', 'alice', '--service', 'intake', '--days', '0'], 1, /--days: "0" is not a whole number/],
  ])('%j exits %i', (args, code, pattern) => {
    const before = snapshot();
    expectUserError(run(...(args as string[])), code as number, pattern as RegExp);
    expect(snapshot()).toEqual(before);
  });

  it.each([
    [['book', '--staff', 'alice'], /^sched: required option '--client <id\|email>' not specified \(see sched book --help\)$/],
    [['frobnicate'], /^sched: unknown command 'frobnicate' \(see sched --help\)$/],
    [['list', '--staf', 'alice'], /^sched: unknown option '--staf' \(Did you mean --staff\?\) \(see sched list --help\)$/],
    [['client', 'add', '--email', 'q@example.com'], /required option '--name <name>' not specified \(see sched client add --help\)/],
    [['staff', 'add', 'q', '--name', 'Q', '--email', 'q@office.example'], /required option '--tz <zone>' not specified/],
    [['service', 'add', 'q', '--name', 'Q'], /required option '--duration <min>' not specified \(see sched service add --help\)/],
    [['--tz', 'UTC', 'avail', 'block', 'alice'], /required option '--from <"DATE HH:MM">' not specified \(see sched avail block --help\)/],
  ])('%j is a usage error: exit 2, one line, no change', (args, pattern) => {
    const before = snapshot();
    expectUserError(run(...args), 2, pattern);
    expect(snapshot()).toEqual(before);
  });

  it('refuses an empty --db', () => {
    expectUserError(sched(['--db', '', 'list'], { SCHED_NOW: NOW }), 2, /^sched: --db: the path is empty \(give a file, e\.g\. --db ~\/office\.db, or leave --db out\)$/);
  });

  it('lets a later --db or --tz override one an alias put first, and shows help whatever else is given twice', () => {
    // alias sched='sched --db ~/office.db --tz UTC': the command line may name another database and zone.
    const r = sched(['--db', join(t.dir, 'elsewhere.db'), '--tz', 'UTC', 'staff', 'list', '--json', '--db', DB, '--tz', 'Asia/Tokyo'], { SCHED_NOW: NOW });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((x: { handle: string }) => x.handle)).toContain('alice');
    const help = sched(['book', '--staff', 'a', '--staff', 'b', '--help'], { SCHED_NOW: NOW });
    expect([help.code, help.stdout]).toEqual([0, expect.stringMatching(/^Usage: sched book/)]);
  });

  it('refuses a bad SCHED_NOW', () => {
    const r = sched(['--db', DB, 'list'], { SCHED_NOW: 'tomorrow' });
    expectUserError(r, 1, /SCHED_NOW: "tomorrow" is not an ISO instant/);
    // Not rolled over into March.
    expectUserError(sched(['--db', DB, 'list'], { SCHED_NOW: '2026-02-30T08:00:00Z' }), 1, /SCHED_NOW: "2026-02-30T08:00:00Z" is not an ISO instant/);
  });

  it('keeps --json output pure data and prints no colour codes off a terminal', () => {
    const r = run('list', '--from', '2026-12-01', '--json');
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(run('list', '--from', '2026-12-01').stdout).not.toMatch(/\u001b\[/);
  });
});

describe('demo', () => {
  it('seeds its own database, prints this week, and refuses to seed over data without --reset', () => {
    const demoDb = join(t.dir, 'demo.db');
    const env = { SCHED_NOW: '2026-11-25T10:00:00Z', SCHED_DB: demoDb };
    const r = sched(['demo'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Northwind Consulting: a demo office in/);
    expect(r.stdout).toMatch(/Monday 23 November 2026/);
    const all = JSON.parse(sched(['list', '--from', '2026-11-01', '--json'], env).stdout);
    expect(all.length).toBeGreaterThanOrEqual(35);
    expect(new Set(all.map((b: any) => b.status))).toEqual(new Set(['scheduled', 'confirmed', 'completed', 'no_show', 'cancelled']));
    expect(new Set(all.map((b: any) => b.staff))).toEqual(new Set(['alice', 'bob', 'chen']));
    expectUserError(sched(['demo'], env), 1, /already has the demo office \(add --reset to rebuild it, or choose another --db\)$/);
    expect(sched(['demo', '--reset'], env).code).toBe(0);
    // Another office: refused without --reset (test/commands/demo.test.ts resets one, keeping a copy).
    expectUserError(sched(['demo', '--db', DB], env), 1, /already has data: the demo goes into a database of its own \(choose another --db, or add --reset to replace that office with the demo \(a copy of it is kept\)\)$/);
  });
});

describe('the night the clocks go back', () => {
  it('shows the offset of a wall time that happens twice, and books the second one by its offset', () => {
    const db = join(t.dir, 'fallback.db');
    const at = (...args: string[]) => sched(['--db', db, ...args], { SCHED_NOW: '2026-10-30T12:00:00Z' });
    for (const args of [
      ['staff', 'add', 'bob', '--name', 'Bob Carter', '--email', 'bob@office.example', '--tz', 'America/New_York'],
      ['service', 'add', 'call', '--name', 'Night call', '--duration', '30'],
      ['avail', 'set', 'bob', '--days', 'daily', '--from', '00:00', '--to', '04:00'],
      ['client', 'add', '--name', 'Ana Lima', '--email', 'ana@example.com'],
    ]) expect(at(...args).code).toBe(0);
    // 01:30 happens at 05:30 and 06:30 UTC on Sunday 1 November in New York: the slots say which is which.
    const slots = at('slots', 'bob', '--service', 'call', '--from', '2026-11-01', '--days', '1');
    expect(slots.stdout).toContain('01:00 (UTC-4) 01:30 (UTC-4) 01:00 (UTC-5) 01:30 (UTC-5) 02:00');
    const second = json(at('book', '--staff', 'bob', '--client', '1', '--service', 'call', '--at', '2026-11-01T01:30-05:00', '--json'));
    expect(second.start).toBe('2026-11-01T01:30:00-05:00');
    const first = json(at('book', '--staff', 'bob', '--client', '1', '--service', 'call', '--at', '2026-11-01 01:30', '--json'));
    expect(first.start).toBe('2026-11-01T01:30:00-04:00');
    const list = at('list', '--from', '2026-11-01', '--to', '2026-11-01').stdout;
    expect(list).toContain('01:30 (UTC-4)-01:00 (UTC-5)');
    expect(list).toContain('01:30 (UTC-5)-02:00');
    expect(at('show', String(second.id)).stdout).toMatch(/when\s+Sun 1 Nov 01:30 \(UTC-5\)-02:00 America\/New_York/);
  });
});

describe('a session across midnight', () => {
  it('is listed under each day of the agenda it runs on, the later one saying the day it began', () => {
    const db = join(t.dir, 'midnight.db');
    const go = (...args: string[]) => sched(['--db', db, ...args], { SCHED_NOW: NOW });
    for (const args of [
      ['staff', 'add', 'alice', '--name', 'Alice Martin', '--email', 'alice@office.example', '--tz', 'Europe/Paris'],
      ['client', 'add', '--name', 'Ana Lima', '--email', 'ana@example.com'],
      ['service', 'add', 'night', '--name', 'Night call', '--duration', '60'],
      ['book', '--staff', 'alice', '--client', '1', '--service', 'night', '--at', '2026-12-09 23:30', '--force'],
    ]) expect(go(...args).code, args.join(' ')).toBe(0);
    const both = go('list', '--from', '2026-12-09', '--to', '2026-12-10').stdout;
    expect(both).toMatch(/^Wednesday 9 December 2026\n {2}23:30-00:30 {2}#1 .*\n\nThursday 10 December 2026\n {2}Wed 23:30-00:30 {2}#1 /m);
    const thursday = go('list', '--from', '2026-12-10', '--to', '2026-12-10').stdout;
    expect(thursday).not.toMatch(/Wednesday/);
    expect(thursday).toMatch(/^Thursday 10 December 2026\n {2}Wed 23:30-00:30 {2}#1 {2}alice {2}Ana Lima/m);
    // Scripts get each session once.
    expect(JSON.parse(go('list', '--from', '2026-12-09', '--to', '2026-12-10', '--json').stdout)).toHaveLength(1);
  });
});

describe('an office whose staff have all left', () => {
  it('staff list says they are inactive, and how to see them', () => {
    const db = join(t.dir, 'left.db');
    const go = (...args: string[]) => sched(['--db', db, ...args], { SCHED_NOW: NOW });
    expect(go('staff', 'list').stdout).toBe('no staff yet: sched staff add HANDLE --name NAME --email EMAIL --tz ZONE\n');
    go('staff', 'add', 'alice', '--name', 'Alice Martin', '--email', 'alice@office.example', '--tz', 'Europe/Paris');
    go('staff', 'remove', 'alice');
    expect(go('staff', 'list').stdout).toBe('no active staff (1 no longer active: sched staff list --all)\n');
    expect(go('staff', 'list', '--all').stdout).toMatch(/^HANDLE/);
  });
});
