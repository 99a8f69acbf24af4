// sched slots as people read it: an office with nobody to book is an empty answer, and the days line up.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { inProcessOffice } from '../helpers';

let office: ReturnType<typeof inProcessOffice>;
beforeEach(async () => {
  office = inProcessOffice({ SCHED_NOW: '2026-12-07T06:00:00Z', NO_COLOR: '1' });
  await office.setUp([
    ['service', 'add', 'talk', '--name', 'Talk', '--duration', '60'],
    ['client', 'add', '--name', 'Ana', '--email', 'ana@example.com'],
  ]);
});
afterEach(() => office.cleanup());

it('answers "any" in an office without active staff with no slots, as book answers with exit 3', async () => {
  const json = await office.run('slots', 'any', '--service', 'talk', '--json');
  expect([json.code, json.stdout]).toEqual([0, '[]\n']);
  const human = await office.run('slots', 'any', '--service', 'talk');
  expect(human.stdout).toMatch(/\nno free slots: there is no active staff member \(add one with sched staff add\)\n$/);
  const book = await office.run('book', '--staff', 'any', '--client', '1', '--service', 'talk', '--at', '2026-12-08 10:00');
  expect([book.code, book.stderr]).toEqual([3, 'sched: there is no active staff member (add one with sched staff add)\n']);
});

it('lines the times up under days of one and two digits', async () => {
  await office.setUp([
    ['staff', 'add', 'alice', '--name', 'Alice', '--email', 'alice@office.example', '--tz', 'Europe/Paris'],
    ['avail', 'set', 'alice', '--days', 'mon-fri', '--from', '09:00', '--to', '11:00'],
  ]);
  const lines = (await office.run('slots', 'alice', '--service', 'talk', '--days', '4')).stdout.split('\n').filter((l) => /^  \w{3} \d/.test(l));
  expect(lines).toEqual(['  Mon 7 Dec   09:00 10:00', '  Tue 8 Dec   09:00 10:00', '  Wed 9 Dec   09:00 10:00', '  Thu 10 Dec  09:00 10:00']);
});

it('offers no start past the years sched keeps, which book would refuse', async () => {
  await office.setUp([
    ['staff', 'add', 'alice', '--name', 'Alice', '--email', 'alice@office.example', '--tz', 'Europe/Paris'],
    ['avail', 'set', 'alice', '--days', 'daily', '--from', '09:00', '--to', '11:00'],
  ]);
  const slots = JSON.parse((await office.run('slots', 'alice', '--service', 'talk', '--from', '2999-12-30', '--days', '3', '--json')).stdout);
  expect(slots.map((s: { start: string }) => s.start.slice(0, 10))).toEqual(['2999-12-30', '2999-12-30', '2999-12-31', '2999-12-31']);
  const last = slots.at(-1).start;
  expect((await office.run('book', '--staff', 'alice', '--client', '1', '--service', 'talk', '--at', last)).code).toBe(0);
});
