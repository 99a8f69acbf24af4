// sched import through the built binary: the example files, stdin, a bad file's report and exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, sched, tempDir } from '../helpers';

const t = tempDir();
const env = { SCHED_DB: join(t.dir, 'i.db'), SCHED_NOW: '2026-11-30T08:00:00Z' };
afterAll(() => t.cleanup());

describe('sched import', () => {
  it('imports the examples, then again with nothing to do', () => {
    for (const kind of ['staff', 'clients', 'services', 'availability', 'engagements', 'bookings']) {
      const first = sched(['import', kind, join(ROOT, 'examples', `${kind}.csv`), '--json'], env);
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ kind, rejected: 0, written: true });
      const again = sched(['import', kind, join(ROOT, 'examples', `${kind}.csv`)], env);
      expect(again.stdout).toMatch(/: 0 created, 0 updated, \d unchanged, 0 rejected\n$/);
    }
    // Engagements export as they came in, by client and name; -o - is stdout too, as import reads - from stdin.
    const exported = sched(['export', 'csv', 'engagements'], env);
    expect(exported.stdout).toBe(readFileSync(join(ROOT, 'examples', 'engagements.csv'), 'utf8').replace(/\n/g, '\r\n'));
    const dash = spawnSync(process.execPath, [BIN, 'export', 'csv', 'engagements', '-o', '-'], { cwd: t.dir, encoding: 'utf8', env: { PATH: process.env.PATH!, ...env } });
    expect([dash.status, dash.stdout, existsSync(join(t.dir, '-'))]).toEqual([0, exported.stdout, false]);
  });

  it('reads stdin; a bad row is reported as "line N, column C: problem", exit 1, nothing written', () => {
    const input = 'email,name\nnew@example.com,New\nnope,Nope\n';
    const r = spawnSync(process.execPath, [BIN, 'import', 'clients', '-'], { input, encoding: 'utf8', env: { PATH: process.env.PATH!, ...env } });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('line 3, column email: "nope" is not an email address (use name@example.com)\nsched: stdin: 1 problem (listed above); nothing was written (fix those rows, or --skip-invalid to write the others)\n');
    expect(sched(['client', 'list', '--json'], env).stdout).not.toContain('new@example.com');
    const skip = spawnSync(process.execPath, [BIN, 'import', 'clients', '-', '--skip-invalid'], { input, encoding: 'utf8', env: { PATH: process.env.PATH!, ...env } });
    expect(skip.status).toBe(0);
    expect(skip.stdout).toBe('stdin: 1 created, 0 updated, 0 unchanged, 1 rejected\n');
  });

  it('a bad header writes nothing even with --skip-invalid, and a dry run says so too (exit 1 both)', () => {
    const file = join(t.dir, 'header.csv');
    writeFileSync(file, 'email,nam\nh@example.com,H\n');
    const expected = `line 1, column nam: unknown column (the columns are email, name, phone, tz)\nsched: ${file}: 1 problem (listed above); nothing was written (fix the header (line 1): no row is imported while it is wrong)\n`;
    for (const args of [['--skip-invalid'], ['--skip-invalid', '--dry-run']]) {
      const r = sched(['import', 'clients', file, ...args], env);
      expect([r.code, r.stderr]).toEqual([1, expected]);
    }
    expect(sched(['client', 'list', '--json'], env).stdout).not.toContain('h@example.com');
  });

  it('refuses a file that is not UTF-8 (a spreadsheet saved as Windows-1252), naming the line, and writes nothing', () => {
    const file = join(t.dir, 'latin1.csv');
    writeFileSync(file, Buffer.concat([Buffer.from('handle,name,email,tz\nx,X,x@office.example,UTC\ny,'), Buffer.from([0x59, 0xe9]), Buffer.from(',y@office.example,UTC\n')]));
    const r = sched(['import', 'staff', file], env);
    expect([r.code, r.stderr]).toEqual([1, `sched: ${file}: line 3 is not UTF-8 text (save the file as UTF-8 (in Excel: "CSV UTF-8"))\n`]);
    expect(sched(['staff', 'list', '--json'], env).stdout).not.toContain('x@office.example');
    // A script reading --json still gets the report, with the one problem: the file as a whole.
    const json = sched(['import', 'staff', file, '--json'], env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      kind: 'staff', file, rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, removed: 0, dry_run: false, written: false,
      problems: [{ line: 3, column: null, problem: `${file}: line 3 is not UTF-8 text (save the file as UTF-8 (in Excel: "CSV UTF-8"))` }],
    });
  });

  it('a file csv-parse cannot read: one line on stderr, and with --json a report naming the line', () => {
    const file = join(t.dir, 'broken.csv');
    writeFileSync(file, 'email,name\nok@example.com,Ok\n"open,quote\n');
    const r = sched(['import', 'clients', file, '--json'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^sched: .*broken\.csv: not a readable CSV file \(line 3\): .*\n$/);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ kind: 'clients', rows: 0, written: false, problems: [{ line: 3, column: null }] });
    expect(report.problems[0].problem).toMatch(/not a readable CSV file/);
    expect(sched(['client', 'list', '--json'], env).stdout).not.toContain('ok@example.com');
  });

  it('names a kind it cannot import (a usage error, exit 2), and a missing file, in one line', () => {
    const kind = sched(['import', 'rooms', join(ROOT, 'examples', 'staff.csv')], env);
    expect([kind.code, kind.stderr]).toEqual([2, 'sched: KIND: "rooms" cannot be imported (use one of staff, clients, services, availability, engagements, bookings)\n']);
    // The kind is read first: a misspelt kind with a missing file is still a misspelt kind.
    expect(sched(['import', 'rooms', join(t.dir, 'nope.csv')], env).code).toBe(2);
    const missing = sched(['import', 'staff', join(t.dir, 'nope.csv')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.csv: no such file/);
  });

  it('bookings: a clash inside the file read from stdin is refused with its line, then export csv bookings -o reads back unchanged', () => {
    const input = 'external_id,staff,client,service,start\nn1,alice,ana@example.com,coaching,2026-12-07 09:00\nn2,alice,ben@example.com,coaching,2026-12-07 10:00\n';
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, 'import', 'bookings', '-', ...args], { input, encoding: 'utf8', env: { PATH: process.env.PATH!, ...env } });
    const refused = run(['--json']);
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ kind: 'bookings', created: 1, rejected: 1, written: false, problems: [{ line: 3, column: 'start' }] });
    expect(JSON.parse(refused.stdout).problems[0].problem).toMatch(/^alice is already booked Mon 7 Dec 09:00-10:30 \(line 2 of this file\)$/);
    expect(run(['--skip-invalid']).stdout).toBe('stdin: 1 created, 0 updated, 0 unchanged, 1 rejected\n');

    const out = join(t.dir, 'bookings.csv');
    const exported = sched(['export', 'csv', 'bookings', '-o', out, '--json'], env);
    expect(JSON.parse(exported.stdout)).toEqual({ file: out, kind: 'bookings', rows: 8 });
    expect(sched(['import', 'bookings', out], env).stdout).toBe(`${out}: 0 created, 0 updated, 8 unchanged, 0 rejected\n`);
  });
});
