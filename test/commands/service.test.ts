// Service codes are names people type: INTAKE is intake, and two codes that differ only in case are one.
import { afterEach, beforeEach, expect, it } from 'vitest';
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
