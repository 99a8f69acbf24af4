// sched demo --reset rebuilds the demo office in the same file, so a process that has it open (a daemon, a
// calendar) goes on with the new office rather than with a file no longer there.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/db/sqlite-store';
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
    // Another day: a different demo office, so the open connection must see the new rows.
    const reset = await office.runWith({ SCHED_NOW: '2026-12-20T09:00:00Z' }, 'demo', '--reset', '--json');
    expect(reset.code).toBe(0);
    expect(statSync(path).ino).toBe(inode);
    const after = open.read((tx) => tx.listBookings({}));
    expect(after.length).toBe(JSON.parse(reset.stdout).bookings);
    expect(Math.min(...after.map((b) => b.id))).toBe(1);
    expect(Math.min(...after.map((b) => b.startAt))).toBeGreaterThan(Date.parse('2026-12-06T00:00:00Z'));
    expect(before).toBeGreaterThan(0);
    // The audit log starts again with the new office: nothing of the old one is left.
    expect(open.read((tx) => tx.auditEntries({ limit: 1000 })).every((e) => e.at >= Date.parse('2026-12-01T00:00:00Z'))).toBe(true);
  } finally {
    open.close();
  }
});
