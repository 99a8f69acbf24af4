// Writing an export with -o: the whole file or nothing, and never a stray copy of the data beside it.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { inProcessOffice } from '../helpers';

let office: ReturnType<typeof inProcessOffice>;
beforeEach(async () => {
  office = inProcessOffice({ SCHED_NOW: '2026-12-01T08:00:00Z' });
  await office.setUp([['client', 'add', '--name', 'Ana Lima', '--email', 'ana@example.com']]);
});
afterEach(() => office.cleanup());

it('refuses a folder as -o, with or without its slash, and leaves no temporary file anywhere', async () => {
  const folder = join(office.dir, 'out');
  mkdirSync(folder);
  for (const target of [folder, `${folder}/`]) {
    for (const args of [['export', 'csv', 'clients'], ['export', 'ics', '--from', '2026-12-01']]) {
      const r = await office.run(...args, '-o', target);
      expect([r.code, r.stderr]).toEqual([1, `sched: -o ${target}: is a folder (give a file name, e.g. -o exports/clients.csv)\n`]);
    }
  }
  expect(readdirSync(folder)).toEqual([]);
  expect(readdirSync(office.dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  // A file name in that folder is written whole.
  expect((await office.run('export', 'csv', 'clients', '-o', join(folder, 'clients.csv'))).code).toBe(0);
  expect(readFileSync(join(folder, 'clients.csv'), 'utf8')).toContain('ana@example.com');
  expect(readdirSync(folder)).toEqual(['clients.csv']);
});

it('says in one line that a file stands where -o needs a folder, and refuses an empty -o', async () => {
  const file = join(office.dir, 'notes.txt');
  writeFileSync(file, 'x');
  for (const args of [['export', 'csv', 'clients'], ['export', 'ics', '--from', '2026-12-01']]) {
    const r = await office.run(...args, '-o', join(file, 'clients.csv'));
    expect([r.code, r.stderr]).toEqual([1, `sched: -o ${join(file, 'clients.csv')}: ${file} is a file, not a folder (choose a folder that exists and that you can write to)\n`]);
  }
  // Deeper down: the file named is the one in the way, not a folder that does not exist.
  const deep = await office.run('export', 'csv', 'clients', '-o', join(file, 'a', 'b.csv'));
  expect(deep.stderr).toBe(`sched: -o ${join(file, 'a', 'b.csv')}: ${file} is a file, not a folder (choose a folder that exists and that you can write to)\n`);
  const empty = await office.run('export', 'csv', 'clients', '-o', '');
  expect([empty.code, empty.stdout, empty.stderr]).toEqual([2, '', 'sched: -o: the path is empty (give a file name, or - (or no -o) for standard output)\n']);
  expect(readFileSync(file, 'utf8')).toBe('x');
});
