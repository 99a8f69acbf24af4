// Text typed on several lines (notes, reasons) stays under the layout of sched show and sched audit: later lines
// start where the text starts, and a name that must stay in its column (who acted) stays on one line.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aliceAnaTalk, inProcessOffice } from '../helpers';

let office: ReturnType<typeof inProcessOffice>;
const run = (args: string[], user = 'in-process') => office.runWith({ SCHED_USER: user }, ...args);

beforeEach(async () => {
  office = inProcessOffice({ SCHED_NOW: '2026-11-25T09:00:00Z', NO_COLOR: '1' });
  await office.setUp([
    ...aliceAnaTalk(),
    ['book', '--staff', 'alice', '--client', '1', '--service', 'talk', '--at', '2026-12-01 10:00', '--notes', 'Bring:\nthe contract\nlast year\'s return'],
  ]);
});
afterEach(() => office.cleanup());

describe('text on several lines', () => {
  it('sched show starts the later lines of notes, a reason and an internal note where their first line starts', async () => {
    expect((await run(['note', '1', '--text', 'called twice\nno answer'])).code).toBe(0);
    expect((await run(['cancel', '1', '--reason', 'moved abroad\nrefund asked'])).code).toBe(0);
    const out = (await run(['show', '1'])).stdout.split('\n');
    const at = (first: string) => out.indexOf(out.find((l) => l.includes(first))!);
    expect(out.slice(at('Bring:'), at('Bring:') + 3)).toEqual(['  notes    Bring:', '           the contract', "           last year's return"]);
    expect(out.slice(at('reason   moved abroad'), at('reason   moved abroad') + 2)).toEqual(['  reason   moved abroad', '           refund asked']);
    const note = at('note: called twice');
    expect(out[note + 1]).toBe(`${' '.repeat(out[note]!.indexOf('note: called twice'))}no answer`);
  });

  it('shows who acted on one line when SCHED_USER holds a line break, in sched audit and sched show', async () => {
    expect((await run(['confirm', '1'], 'ana\nsmith')).code).toBe(0);
    const audit = (await run(['audit', '--entity', 'booking', '--id', '1'])).stdout.split('\n').filter(Boolean);
    expect(audit).toHaveLength(3);
    expect(audit[2]).toMatch(/^2026-11-25 09:00 {2}ana↵smith {3}booking\.confirmed {2}booking 1 {2}\{"from":"scheduled","to":"confirmed","text":null\}$/);
    const show = (await run(['show', '1'])).stdout;
    expect(show).toContain('ana↵smith');
    expect(show).not.toMatch(/^smith/m);
  });
});
