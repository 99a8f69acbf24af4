// sched note: an internal note (--text) or new session notes (--set), one or the other.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { aliceAnaTalk, inProcessOffice } from '../helpers';

let office: ReturnType<typeof inProcessOffice>;
beforeEach(() => void (office = inProcessOffice()));
afterEach(() => office.cleanup());

it('says that --text and --set do not go together, when both are given', async () => {
  const r = await office.run('note', '1', '--text', 'x', '--set', 'y');
  expect([r.code, r.stderr]).toEqual([2, 'sched: --text and --set do not go together (add an internal note with --text, or replace the session notes with --set)\n']);
});

it('says "notes cleared" when --set "" clears them, "notes set" when it sets them', async () => {
  office.cleanup();
  office = inProcessOffice({ SCHED_NOW: '2026-12-01T08:00:00Z', NO_COLOR: '1' });
  await office.setUp([
    ...aliceAnaTalk('Europe/Paris'),
    ['book', '--staff', 'alice', '--client', '1', '--service', 'talk', '--at', '2026-12-08 10:00'],
  ]);
  expect((await office.run('note', '1', '--set', 'bring the form')).stdout).toMatch(/^notes set on booking 1:/);
  expect((await office.run('note', '1', '--set', '')).stdout).toMatch(/^notes cleared on booking 1:/);
});
