// sched note: an internal note (--text) or new session notes (--set), one or the other.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runInProcess, tempDir } from '../helpers';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => void (dir = tempDir()));
afterEach(() => dir.cleanup());

it('says that --text and --set do not go together, when both are given', async () => {
  const r = await runInProcess(['note', '1', '--text', 'x', '--set', 'y'], { SCHED_DB: `${dir.dir}/office.db` });
  expect([r.code, r.stderr]).toEqual([2, 'sched: --text and --set do not go together (add an internal note with --text, or replace the session notes with --set)\n']);
});
