// sched note: an internal note (--text) or new session notes (--set), one or the other.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { inProcessOffice } from '../helpers';

let office: ReturnType<typeof inProcessOffice>;
beforeEach(() => void (office = inProcessOffice()));
afterEach(() => office.cleanup());

it('says that --text and --set do not go together, when both are given', async () => {
  const r = await office.run('note', '1', '--text', 'x', '--set', 'y');
  expect([r.code, r.stderr]).toEqual([2, 'sched: --text and --set do not go together (add an internal note with --text, or replace the session notes with --set)\n']);
});
