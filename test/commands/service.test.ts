// Service codes are names people type: INTAKE is intake, and two codes that differ only in case are one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/db/sqlite-store';
import { inProcessOffice } from '../helpers';

let office: ReturnType<typeof inProcessOffice>;
beforeEach(async () => {
  office = inProcessOffice({ SCHED_NOW: '2026-12-01T08:00:00Z' });
  await office.setUp([['service', 'add', 'intake', '--name', 'Intake', '--duration', '60']]);
});
afterEach(() => office.cleanup());

it('finds a service by its code in any case, and refuses a second code that differs only in case', async () => {
  const twin = await office.run('service', 'add', 'Intake', '--name', 'Other', '--duration', '30');
  expect([twin.code, twin.stderr]).toEqual([1, 'sched: service "intake" already exists (codes are the same in any case) (change it with sched service edit intake, or choose another code)\n']);
  expect(JSON.parse((await office.run('service', 'list', '--json')).stdout)).toHaveLength(1);
  const edited = await office.run('service', 'edit', 'INTAKE', '--duration', '45', '--json');
  expect([edited.code, JSON.parse(edited.stdout).duration]).toEqual([0, 45]);
  expect((await office.run('slots', 'any', '--service', 'Intake', '--json')).code).toBe(0);
});

it('imports a row of code INTAKE as a change to intake, not as a second service', async () => {
  const file = join(office.dir, 'services.csv');
  writeFileSync(file, 'code,name,duration\nINTAKE,Intake interview,30\n');
  const r = await office.run('import', 'services', file, '--json');
  expect(JSON.parse(r.stdout)).toMatchObject({ created: 0, updated: 1 });
  expect(JSON.parse((await office.run('service', 'list', '--json')).stdout).map((s: { code: string; duration: number }) => [s.code, s.duration])).toEqual([['intake', 30]]);
});

it('asks for the exact code where an older database has two that differ only in case', async () => {
  const store = openSqliteStore(join(office.dir, 'office.db'));
  store.write((tx) => {
    const { id: _id, ...intake } = tx.serviceByCode('intake')!;
    tx.insertService({ ...intake, code: 'INTAKE', name: 'Twin' });
  });
  store.close();
  const vague = await office.run('service', 'edit', 'Intake', '--duration', '45');
  expect([vague.code, vague.stderr]).toEqual([1, 'sched: CODE: "Intake" could be INTAKE or intake (give the code exactly as sched service list shows it)\n']);
  expect((await office.run('service', 'edit', 'INTAKE', '--duration', '45')).code).toBe(0);
  expect(JSON.parse((await office.run('service', 'show', 'intake', '--json')).stdout).duration).toBe(60);
});

it('warns when fewer seats than a group session already has are set, and the group stays booked', async () => {
  await office.setUp([
    ['staff', 'add', 'bob', '--name', 'Bob', '--email', 'bob@office.example', '--tz', 'Europe/Paris'],
    ['avail', 'set', 'bob', '--days', 'mon-fri', '--from', '09:00', '--to', '17:00'],
    ['service', 'add', 'workshop', '--name', 'Workshop', '--duration', '90', '--capacity', '6'],
    ...[1, 2, 3].map((i) => ['client', 'add', '--name', `C${i}`, '--email', `c${i}@example.com`]),
    ...[1, 2, 3].map((i) => ['book', '--staff', 'bob', '--client', String(i), '--service', 'workshop', '--at', '2026-12-03 10:00']),
  ]);
  const r = await office.run('service', 'edit', 'workshop', '--capacity', '2');
  expect([r.code, r.stderr]).toEqual([0, 'warning: 1 group session already booked has more clients than 2 seats: booking 1 (Thu 3 Dec 10:00, 3 clients); they stay booked: cancel or move the extra clients (sched cancel ID)\n']);
  expect(JSON.parse((await office.run('list', '--json')).stdout)).toHaveLength(3);
  expect((await office.run('service', 'edit', 'workshop', '--capacity', '3')).stderr).toBe('');
});
