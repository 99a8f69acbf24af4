// The README's table of keys is the one the ? screen shows: the two cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { KEY_HELP } from '../../src/tui/keys';
import { ROOT } from '../helpers';

it('README lists every key of sched tui as the ? screen does', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Interactive calendar (sched tui)'));
  for (const [keys, what] of KEY_HELP) expect(section).toContain(`| \`${keys}\` | ${what} |`);
});
