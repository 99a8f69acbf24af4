// sched demo --reset rebuilds the demo office in the same file, so a process that has it open (a daemon, a
// calendar) goes on with the new office rather than with a file no longer there.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addClient } from '../../src/core/clients';
import { openSqliteStore } from '../../src/db/sqlite-store';
import { main } from '../../src/main';
import { inProcessOffice } from '../helpers';

let office: ReturnType<typeof inProcessOffice>;
beforeEach(() => {
  office = inProcessOffice({ SCHED_NOW: '2026-12-02T09:00:00Z' });
});
afterEach(() => office.cleanup());

it('resets the demo office in place, seen at once by a connection already open on it', async () => {
  expect((await office.run('demo', '--json')).code).toBe(0);
  const path = join(office.dir, 'office.db');
  const inode = statSync(path).ino;
  const open = openSqliteStore(path, () => Date.parse('2026-12-02T09:00:00Z'));
  try {
    const before = open.read((tx) => tx.listBookings({}).length);
    const uidBefore = open.read((tx) => tx.settings()).office_uid;
    // Another day: a different demo office, so the open connection must see the new rows.
    const reset = await office.runWith({ SCHED_NOW: '2026-12-20T09:00:00Z' }, 'demo', '--reset', '--json');
    expect(reset.code).toBe(0);
    expect(statSync(path).ino).toBe(inode);
    const after = open.read((tx) => tx.listBookings({}));
    expect(after.length).toBe(JSON.parse(reset.stdout).bookings);
    expect(Math.min(...after.map((b) => b.id))).toBe(1);
    expect(Math.min(...after.map((b) => b.startAt))).toBeGreaterThan(Date.parse('2026-12-06T00:00:00Z'));
    expect(before).toBeGreaterThan(0);
    // A new office uid: the new booking 1 is not an update of the old booking 1 in anyone's calendar.
    const uid = (settings: Record<string, string>) => settings.office_uid;
    expect(uid(open.read((tx) => tx.settings()))).toMatch(/^[0-9a-f]{16}$/);
    expect(uid(open.read((tx) => tx.settings()))).not.toBe(uidBefore);
    // The audit log starts again with the new office: nothing of the old one is left.
    expect(open.read((tx) => tx.auditEntries({ limit: 1000 })).every((e) => e.at >= Date.parse('2026-12-01T00:00:00Z'))).toBe(true);
  } finally {
    open.close();
  }
});

it('replaces another office only when told to (--reset), keeping a whole copy of it beside the file', async () => {
  await office.setUp([['staff', 'add', 'zoe', '--name', 'Zoe', '--email', 'zoe@office.example', '--tz', 'Europe/Oslo']]);
  const refused = await office.run('demo');
  expect([refused.code, refused.stderr]).toEqual([1, expect.stringMatching(/already has data: the demo goes into a database of its own/)]);
  expect(JSON.parse((await office.run('staff', 'list', '--json')).stdout).map((s: { handle: string }) => s.handle)).toEqual(['zoe']);

  const reset = await office.run('demo', '--reset');
  expect(reset.code).toBe(0);
  const copyName = 'office.db.before-demo-20261202T090000';
  expect(readdirSync(office.dir)).toContain(copyName);
  expect(reset.stderr).toBe(`the office that was in ${join(office.dir, 'office.db')} is saved in ${join(office.dir, copyName)}\n`);
  expect(JSON.parse((await office.run('staff', 'list', '--json')).stdout).map((s: { handle: string }) => s.handle)).toEqual(['alice', 'bob', 'chen']);
  // The copy is a sched database with the old office in it, private like the original.
  const old = await office.runWith({ SCHED_DB: join(office.dir, copyName) }, 'staff', 'list', '--json');
  expect(JSON.parse(old.stdout).map((s: { handle: string }) => s.handle)).toEqual(['zoe']);
  expect(statSync(join(office.dir, copyName)).mode & 0o777).toBe(0o600);
  // The demo office itself is rebuilt without a copy.
  expect((await office.run('demo', '--reset')).stderr).toBe('');
});

it('copies the office again when another process wrote after the copy, so the copy misses nothing', async () => {
  await office.setUp([['staff', 'add', 'zoe', '--name', 'Zoe', '--email', 'zoe@office.example', '--tz', 'Europe/Oslo']]);
  // A name already taken: the copy takes the next.
  writeFileSync(join(office.dir, 'office.db.before-demo-20261202T090000'), '');
  let copies = 0;
  let stderr = '';
  const code = await main(['demo', '--reset'], {
    stdout: { write: () => true },
    stderr: { write: (s: string) => (stderr += s) },
    env: { SCHED_DB: join(office.dir, 'office.db'), SCHED_NOW: '2026-12-02T09:00:00Z', SCHED_USER: 'test' },
    openStore: (path, now, wait, onWait) => {
      const store = openSqliteStore(path, now, wait, onWait);
      const saveCopy = store.saveCopy;
      store.saveCopy = (copy) => {
        saveCopy(copy);
        // Another terminal adds a client just after the first copy was taken.
        if (copies++ === 0) {
          const other = openSqliteStore(path, now);
          addClient({ store: other, now, actor: 'other' }, { name: 'Late', email: 'late@example.com' });
          other.close();
        }
      };
      return store;
    },
  });
  expect([code, copies]).toEqual([0, 2]);
  const copy = join(office.dir, 'office.db.before-demo-20261202T090000-2');
  expect(stderr).toBe(`the office that was in ${join(office.dir, 'office.db')} is saved in ${copy}\n`);
  const kept = await office.runWith({ SCHED_DB: copy }, 'client', 'list', '--json');
  expect(JSON.parse(kept.stdout).map((c: { email: string }) => c.email)).toEqual(['late@example.com']);
  expect(readdirSync(office.dir).filter((f) => f.includes('before-demo')).sort()).toEqual(['office.db.before-demo-20261202T090000', 'office.db.before-demo-20261202T090000-2']);
});

it('tells each demo session\'s history in the order it happened', async () => {
  expect((await office.run('demo', '--json')).code).toBe(0);
  const store = openSqliteStore(join(office.dir, 'office.db'));
  try {
    const bookings = store.read((tx) => tx.listBookings({}));
    for (const b of bookings) {
      const events = store.read((tx) => tx.events(b.id));
      const times = events.map((e) => e.at);
      expect(times, `booking ${b.id}: ${events.map((e) => e.kind).join(', ')}`).toEqual([...times].sort((x, y) => x - y));
    }
  } finally {
    store.close();
  }
});
