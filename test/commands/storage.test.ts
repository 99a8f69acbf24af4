// What the machine refuses (a lock held too long, a damaged file, a full disk) is said in one line with what to
// do, with exit 75 for "try again later": never an internal-error report.
import Database from 'better-sqlite3';
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addClient } from '../../src/core/clients';
import { openSqliteStore } from '../../src/db/sqlite-store';
import { sched, schedAsync, tempDir } from '../helpers';

let dir: ReturnType<typeof tempDir>;
let path: string;

beforeEach(() => {
  dir = tempDir();
  path = join(dir.dir, 'office.db');
  const store = openSqliteStore(path);
  const env = { store, now: Date.now, actor: 'test' };
  for (let i = 0; i < 400; i++) addClient(env, { name: `Client ${i}`, email: `c${i}@example.com` });
  store.close();
});
afterEach(() => dir.cleanup());

describe('storage failures', () => {
  it('gives up on a lock held too long with exit 75 and changes nothing', () => {
    const holder = new Database(path);
    holder.exec('begin immediate');
    try {
      const r = sched(['client', 'add', '--name', 'Late', '--email', 'late@example.com'], { SCHED_DB: path, SCHED_LOCK_WAIT: '0.5' });
      expect([r.code, r.stderr]).toEqual([75, 'sched: the database stayed locked by another process for 1 s: nothing was changed (try again)\n']);
    } finally {
      holder.exec('rollback');
      holder.close();
    }
    expect(JSON.parse(sched(['client', 'list', '--json'], { SCHED_DB: path }).stdout)).toHaveLength(400);
  });

  it('says once that it is waiting for another process\'s write, then does its work when the lock is free', async () => {
    const holder = new Database(path);
    holder.exec('begin immediate');
    const release = setTimeout(() => holder.exec('rollback'), 2500);
    try {
      const r = await schedAsync(['client', 'add', '--name', 'Patient', '--email', 'patient@example.com'], { SCHED_DB: path, SCHED_LOCK_WAIT: '20' });
      expect([r.code, r.stdout, r.stderr]).toEqual([0, '401\n', 'sched: waiting for another process to finish writing to the database (up to 20 s: SCHED_LOCK_WAIT)\nadded client 401: Patient <patient@example.com>\n']);
    } finally {
      clearTimeout(release);
      if (holder.inTransaction) holder.exec('rollback');
      holder.close();
    }
    expect(JSON.parse(sched(['client', 'list', '--json'], { SCHED_DB: path }).stdout)).toHaveLength(401);
  });

  it('refuses a lock wait that is not a number of seconds', () => {
    const r = sched(['client', 'list'], { SCHED_DB: path, SCHED_LOCK_WAIT: 'soon' });
    expect([r.code, r.stderr]).toEqual([1, 'sched: SCHED_LOCK_WAIT: "soon" is not a number of seconds (e.g. SCHED_LOCK_WAIT=30; at most 3600)\n']);
  });

  it('says a damaged database file is damaged, not an internal error', () => {
    // Garbage over the pages after the schema: the clients' b-tree.
    const fd = openSync(path, 'r+');
    const size = statSync(path).size;
    for (let at = 4 * 4096; at < size; at += 4096) writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, at);
    closeSync(fd);
    const r = sched(['client', 'list'], { SCHED_DB: path });
    expect([r.code, r.stderr]).toEqual([1, 'sched: the database file is damaged (restore it from a backup; sqlite3 FILE .recover saves what is still readable)\n']);
  });
});
