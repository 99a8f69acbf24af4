// Writing an export with -o: the whole file or nothing, and never a stray copy of the data beside it.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
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
