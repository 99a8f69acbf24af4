// Human tables line up in a terminal whatever the names hold: "李小龍" and "😀" take two columns a character.
import stringWidth from 'string-width';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { table } from '../../src/commands/table';
import { inProcessOffice } from '../helpers';

let office: ReturnType<typeof inProcessOffice>;
const run = (...args: string[]) => office.run(...args);

const NAMES = ['Ana Lima', '李小龍', 'Zoë 😀'];

beforeEach(async () => {
  office = inProcessOffice({ SCHED_NOW: '2026-11-25T09:00:00Z', NO_COLOR: '1' });
  await office.setUp([
    ['staff', 'add', 'alice', '--name', 'Alice', '--email', 'alice@office.example', '--tz', 'UTC'],
    ['avail', 'set', 'alice', '--days', 'mon-fri', '--from', '09:00', '--to', '17:00'],
    ['service', 'add', 'talk', '--name', 'Talk', '--duration', '60'],
    ...NAMES.flatMap((name, i) => [
      ['client', 'add', '--name', name, '--email', `c${i + 1}@example.com`],
      ['book', '--staff', 'alice', '--client', String(i + 1), '--service', 'talk', '--at', `2026-12-01 ${10 + i}:00`],
    ]),
  ]);
});
afterEach(() => office.cleanup());

/** The terminal column at which `text` starts on `line`. */
const columnOf = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text)));
/** The line naming each client, in the order of NAMES. */
const linesOf = (out: string) => NAMES.map((name) => out.split('\n').find((l) => l.includes(name))!);

describe('human tables', () => {
  it('line up the column after a CJK or emoji name with the others in sched list', async () => {
    const lines = linesOf((await run('list', '--from', '2026-12-01')).stdout);
    const columns = lines.map((l) => columnOf(l, 'talk'));
    expect(columns).toEqual(columns.map(() => columnOf(lines[0]!, 'talk')));
  });

  it('line up the column after a CJK or emoji name with the others in sched client list', async () => {
    const out = (await run('client', 'list')).stdout;
    expect(out.split('\n').slice(0, 4)).toEqual([
      'ID  NAME      EMAIL           PHONE  ZONE',
      '1   Ana Lima  c1@example.com',
      '3   Zoë 😀    c3@example.com',
      '2   李小龍    c2@example.com',
    ]);
    expect(linesOf(out).map((l, i) => columnOf(l, `c${i + 1}@`))).toEqual([14, 14, 14]);
  });
});

describe('table()', () => {
  it('measures coloured cells, signs such as … and ░, and wide characters as a terminal shows them', () => {
    const cells = ['Ana…', '\x1b[32msent\x1b[39m', '░▒ block', '李小龍', 'Zoë 😀', 'plain', '\x1b[1m李\x1b[22m…'];
    const lines = table(cells.map((c) => [c, 'END']));
    const ends = lines.map((l) => stringWidth(l.slice(0, l.indexOf('END'))));
    expect(new Set(ends).size).toBe(1);
    expect(ends[0]).toBe(Math.max(...cells.map((c) => stringWidth(c))) + 2);
    // The last column is left as it is, however wide; a multi-line last cell's lines start under its first.
    expect(table([['a', 'x\ny'], ['bbb', '李']])).toEqual(['a    x', '     y', 'bbb  李']);
  });
});
