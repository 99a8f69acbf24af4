// The launcher: the bundle starts from V8's code cache that the build made, and still starts without it.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { cpSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers';

const t = tempDir();
afterAll(() => t.cleanup());

/** A copy of the installed program in another folder (its code cache still made where the build ran). */
function installedCopy(name: string, db: string) {
  const copy = join(t.dir, name);
  cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  const env = { PATH: process.env.PATH!, SCHED_DB: db, SCHED_NOW: '2026-12-01T09:00:00Z' };
  return { copy, run: (args: string[]) => spawnSync(process.execPath, [join(copy, 'bin', 'sched'), ...args], { encoding: 'utf8', env }) };
}

describe('start-up', () => {
  it('the code cache written by the build is accepted by this Node', () => {
    const probe = `const { script } = require(${JSON.stringify(join(ROOT, 'bin', 'bundle.cjs'))}).loadBundle(); process.stdout.write(String(script.cachedDataRejected));`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('false');
  });

  it('a cache V8 rejects (another Node, a damaged file) costs time, not the command', () => {
    // A copy of the installed program, whose cache is garbage.
    const { copy, run } = installedCopy('sched', join(t.dir, 'office.db'));
    writeFileSync(join(copy, 'dist', 'sched.cjs.cache'), 'not a code cache');
    const added = run(['staff', 'add', 'alice', '--name', 'Alice', '--email', 'alice@example.com', '--tz', 'Europe/Paris', '--json']);
    expect(added.stderr).toBe('');
    expect(JSON.parse(added.stdout)).toMatchObject({ handle: 'alice', tz: 'Europe/Paris' });
    expect(run(['list', '--json']).stdout.trim()).toBe('[]');
  });

  it('an internal error is a short report (exit 70) naming the bundle by its dist/ path, wherever the program was moved', () => {
    const db = join(t.dir, 'damaged.db');
    const { run } = installedCopy('moved', db);
    expect(run(['config', 'list']).status).toBe(0);
    // A database damaged by hand: not the user's input, so not a one-line refusal.
    const damage = new Database(db);
    damage.exec('drop table settings');
    damage.close();
    const r = run(['config', 'list']);
    expect(r.status).toBe(70);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines[0]).toBe('sched: internal error: no such table: settings [SQLITE_ERROR]');
    expect(lines[1]).toMatch(/^ {2}at \S.*dist\/sched\.cjs:\d+:\d+/);
    expect(r.stderr).not.toContain(ROOT);
    expect(lines[2]).toBe('  please report this with the command you ran');
  });

  it('sched list --json leaves string-width unloaded: only a human table measures text', () => {
    const env = { PATH: process.env.PATH!, SCHED_DB: join(t.dir, 'demo.db'), SCHED_NOW: '2026-11-25T10:00:00Z', NO_COLOR: '1' };
    // string-width makes its Intl.Segmenter when it is loaded: a preloaded script reports that.
    const probe = join(t.dir, 'segmenter-probe.cjs');
    writeFileSync(probe, "const Real = Intl.Segmenter;\nIntl.Segmenter = function Segmenter(...a) { process.stderr.write('string-width loaded\\n'); return new Real(...a); };\n");
    const run = (args: string[]) => spawnSync(process.execPath, ['-r', probe, join(ROOT, 'bin', 'sched'), ...args], { encoding: 'utf8', env });
    expect(run(['demo']).status).toBe(0);
    const json = run(['list', '--json']);
    expect([json.status, json.stderr]).toEqual([0, '']);
    expect(JSON.parse(json.stdout).length).toBeGreaterThan(0);
    expect(run(['list']).stderr).toBe('string-width loaded\n');
  });

  it('says how to build when the bundle is missing', () => {
    const copy = join(t.dir, 'unbuilt');
    cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
    const r = spawnSync(process.execPath, [join(copy, 'bin', 'sched'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(70);
    expect(r.stderr).toBe('sched: the build is missing; run `npm ci` (or `npm run build`) in the sched folder\n');
  });
});
