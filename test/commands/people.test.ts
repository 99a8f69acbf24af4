// A person's zone (staff and clients) is the --tz given after the command; one before it is the zone times are
// shown in, as for every other command, so that an alias `sched --tz ...` never moves anyone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tzAfterCommand } from '../../src/program';
import { inProcessOffice } from '../helpers';

let office: ReturnType<typeof inProcessOffice>;
const run = (...args: string[]) => office.run(...args);

beforeEach(() => void (office = inProcessOffice({ SCHED_NOW: '2026-12-01T08:00:00Z' })));
afterEach(() => office.cleanup());

const zones = async (what: 'staff' | 'client') => JSON.parse((await run(what, 'list', '--json')).stdout).map((p: { tz: string | null }) => p.tz);

describe('--tz and a person\'s zone', () => {
  it('finds the --tz after the command words, in either spelling, and only there', () => {
    expect(tzAfterCommand(['--tz', 'Asia/Tokyo', 'staff', 'edit', 'alice', '--phone', '1'], ['staff', 'edit'])).toBeUndefined();
    expect(tzAfterCommand(['--db', 'staff', 'staff', 'edit', 'alice', '--tz', 'UTC'], ['staff', 'edit'])).toBe('UTC');
    expect(tzAfterCommand(['staff', '--json', 'edit', 'alice', '--tz=Europe/Paris'], ['staff', 'edit'])).toBe('Europe/Paris');
  });

  it('leaves a staff member\'s zone alone when --tz comes before the command, and changes it when it comes after', async () => {
    expect((await run('staff', 'add', 'alice', '--name', 'Alice', '--email', 'alice@office.example', '--tz', 'Europe/Paris')).code).toBe(0);
    expect((await run('--tz', 'Asia/Tokyo', 'staff', 'edit', 'alice', '--phone', '+33 1 84 88 00 01')).code).toBe(0);
    expect(await zones('staff')).toEqual(['Europe/Paris']);
    expect((await run('staff', 'edit', 'alice', '--tz=America/New_York')).code).toBe(0);
    expect(await zones('staff')).toEqual(['America/New_York']);
  });

  it('asks for the zone of a new staff member after the command, saying why one before it does not count', async () => {
    const r = await run('--tz', 'UTC', 'staff', 'add', 'bob', '--name', 'Bob', '--email', 'bob@office.example');
    expect([r.code, r.stderr]).toEqual([2, "sched: required option '--tz <zone>' not specified after the command (a --tz before it is the zone times are shown in) (sched staff add bob --name NAME --email EMAIL --tz Europe/Paris)\n"]);
    expect(await zones('staff')).toEqual([]);
  });

  it('does the same for clients', async () => {
    expect((await run('--tz', 'Asia/Tokyo', 'client', 'add', '--name', 'Ana', '--email', 'ana@example.com')).code).toBe(0);
    expect((await run('client', 'add', '--name', 'Ben', '--email', 'ben@example.com', '--tz', 'Europe/Paris')).code).toBe(0);
    expect((await run('--tz', 'Asia/Tokyo', 'client', 'edit', '2', '--name', 'Benjamin')).code).toBe(0);
    expect(await zones('client')).toEqual([null, 'Europe/Paris']);
  });

  it('lists the global options in each command\'s help', async () => {
    const help = (await run('staff', 'add', '--help')).stdout;
    expect(help).toMatch(/Global Options:[\s\S]*--tz <zone>/);
    expect(help).toContain('--tz, their zone, are required');
  });
});

describe('names', () => {
  it('refuses a text-direction override, which would show a name turned round, and keeps right-to-left names', async () => {
    const spoof = await run('client', 'add', '--name', 'Eve\u202egnp.exe', '--email', 'eve@example.com');
    expect([spoof.code, spoof.stderr]).toEqual([1, 'sched: --name contains a text-direction override character (type the text without it; right-to-left scripts need none)\n']);
    expect((await run('client', 'add', '--name', 'נועה כהן', '--email', 'noa@example.com')).code).toBe(0);
    // The isolates other programs put around copied names (FSI ... PDI) turn nothing round: kept.
    expect((await run('client', 'add', '--name', '\u2068Ana Lima\u2069', '--email', 'ana@example.com')).code).toBe(0);
    expect(JSON.parse((await run('client', 'list', '--json')).stdout).map((c: { name: string }) => c.name)).toEqual(['נועה כהן', '\u2068Ana Lima\u2069']);
  });
});
