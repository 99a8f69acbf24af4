// CSV import of staff, clients and services on a real database: strict parsing, every bad row reported by
// line and column, all or nothing, --skip-invalid, --dry-run, and importing twice changing nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/core/import/run';
import { ROOT, testEnv } from '../helpers';

let env: ReturnType<typeof testEnv>;
beforeEach(() => (env = testEnv()));
afterEach(() => env.close());

const example = (kind: string) => readFileSync(join(ROOT, 'examples', `${kind}.csv`), 'utf8');
const snapshot = () => env.store.read((tx) => ({ staff: tx.listStaff({ includeInactive: true }), clients: tx.listClients(), services: tx.listServices() }));

describe('import', () => {
  it.each(['staff', 'clients', 'services'])('imports the example %s file, and the same file again changes nothing', (kind) => {
    const first = importCsv(env, kind, `${kind}.csv`, example(kind));
    expect(first).toMatchObject({ created: 3 - (kind === 'staff' ? 1 : 0), updated: 0, unchanged: 0, rejected: 0, written: true, problems: [] });
    const before = snapshot();
    const second = importCsv(env, kind, `${kind}.csv`, example(kind));
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: first.created, rejected: 0 });
    expect(snapshot()).toEqual(before);
  });

  it('reads a BOM, CRLF, quoted commas, doubled quotes and a quoted line break (where a field may hold one)', () => {
    const text = '\uFEFFemail,name,tz\r\nzoe@example.com,"Ölmez, Zoë ""Z""",Europe/Paris\r\n\r\n"yan@example.com","Yan",\r\n';
    expect(importCsv(env, 'clients', 'c.csv', text)).toMatchObject({ created: 2, rejected: 0 });
    expect(env.store.read((tx) => tx.clientByEmail('zoe@example.com'))).toMatchObject({ name: 'Ölmez, Zoë "Z"', tz: 'Europe/Paris' });
    // A line break inside a quoted name is read as one field, then refused as a name, on the line the row starts.
    // A CRLF header above LF rows (two files pasted together) reads as well.
    expect(importCsv(env, 'clients', 'm.csv', 'email,name\r\nmix@example.com,Mix\nmax@example.com,Max\r\n')).toMatchObject({ created: 2, rejected: 0 });
    const broken = 'email,name\na@example.com,A\nb@example.com,"two\nlines"\nc@example.com,C\n';
    expect(importCsv(env, 'clients', 'c.csv', broken).problems).toEqual([{ line: 3, column: 'name', problem: 'name contains a line break or control character (use plain text on one line)' }]);
  });

  it('lists every bad row by line and column and writes nothing', () => {
    const text = [
      'handle,name,email,tz,max_per_day',
      'alice,Alice,alice@office.example,Europe/Paris,6',
      'Bad Handle,B,b@office.example,Europe/Paris,',
      'carl,Carl,not-an-email,Europe/Paris,',
      'dan,Dan,dan@office.example,Mars/Olympus,',
      'eve,Eve,eve@office.example,UTC,lots',
      'fay,,fay@office.example,UTC,',
      'gus,Gus,gus@office.example',
    ].join('\n');
    const r = importCsv(env, 'staff', 'staff.csv', text);
    expect(r).toMatchObject({ created: 1, rejected: 6, written: false });
    expect(r.problems.map((p) => `line ${p.line}, column ${p.column}`)).toEqual([
      'line 3, column handle', 'line 4, column email', 'line 5, column tz', 'line 6, column max_per_day', 'line 7, column name', 'line 8, column null',
    ]);
    expect(r.problems[1]!.problem).toBe('"not-an-email" is not an email address (use name@example.com)');
    expect(r.problems[5]!.problem).toBe('3 fields where the header has 5');
    expect(snapshot().staff).toEqual([]);
  });

  it('lists every problem of a row, not only the first: one rejected row, a problem for each bad cell', () => {
    const text = [
      'handle,name,email,tz,max_per_day,active',
      'hal,,not-an-email,Mars/Olympus,lots,maybe',
      'ida,Ida,,,,',
    ].join('\n');
    const r = importCsv(env, 'staff', 'staff.csv', text);
    expect(r).toMatchObject({ created: 0, rejected: 2, written: false });
    expect(r.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'name'], [2, 'email'], [2, 'tz'], [2, 'max_per_day'], [2, 'active'],
      // An empty required cell is reported once, as required, not also as an empty value.
      [3, 'email'], [3, 'tz'],
    ]);
    expect(r.problems[0]!.problem).toBe('required for a new staff member');
    expect(r.problems[3]!.problem).toMatch(/^"lots"/);
    const services = importCsv(env, 'services', 's.csv', 'code,name,duration,capacity,format\nBad Code,X,0,0,zoom\nok,,abc,2,video\n');
    expect(services.problems.map((p) => [p.line, p.column])).toEqual([[2, 'code'], [2, 'duration'], [2, 'capacity'], [2, 'format'], [3, 'name'], [3, 'duration']]);
  });

  it('--skip-invalid writes the good rows; --dry-run writes nothing but counts as if it had', () => {
    const text = 'email,name\nok@example.com,Ok\nbad,Bad\nfine@example.com,Fine\n';
    const dry = importCsv(env, 'clients', 'c.csv', text, { dryRun: true, skipInvalid: true });
    expect(dry).toMatchObject({ created: 2, rejected: 1, written: false, dryRun: true });
    expect(snapshot().clients).toEqual([]);
    const r = importCsv(env, 'clients', 'c.csv', text, { skipInvalid: true });
    expect(r).toMatchObject({ created: 2, rejected: 1, written: true });
    expect(snapshot().clients.map((c) => c.email)).toEqual(['fine@example.com', 'ok@example.com']);
  });

  it('updates what changed, keyed by the natural key, and leaves absent columns alone', () => {
    importCsv(env, 'services', 's.csv', example('services'));
    const r = importCsv(env, 'services', 's.csv', 'code,duration\nintake,45\ncoaching,90\n');
    expect(r).toMatchObject({ updated: 1, unchanged: 1 });
    const intake = env.store.read((tx) => tx.serviceByCode('intake'))!;
    expect(intake).toMatchObject({ durationMin: 45, name: 'Intake interview', bufferAfterMin: 15 });
  });

  it('refuses an unknown column or a missing key column before any row', () => {
    const r = importCsv(env, 'clients', 'c.csv', 'mail,name\na@example.com,A\n');
    expect(r.problems).toEqual([
      { line: 1, column: 'mail', problem: 'unknown column (the columns are email, name, phone, tz)' },
      { line: 1, column: 'email', problem: 'missing: every row needs it' },
    ]);
    expect(r.written).toBe(false);
    expect(importCsv(env, 'staff', 's.csv', 'handle,name,email,tz,handle\nq,Q,q@office.example,UTC,w\n').problems).toEqual([{ line: 1, column: 'handle', problem: 'is in the header twice' }]);
  });

  it('refuses availability rows whose hours overlap, naming the other line', () => {
    importCsv(env, 'staff', 'staff.csv', example('staff'));
    const head = 'staff,kind,days,date,from,to,valid_from,until,reason,source\n';
    const weekly = head + 'alice,weekly,mon-fri,,09:00,12:30,,,,\nalice,weekly,wed,,12:00,17:00,,,,\nalice,weekly,thu,,12:30,17:00,,,,\n';
    expect(importCsv(env, 'availability', 'a.csv', weekly)).toMatchObject({
      written: false, problems: [{ line: 3, column: 'from', problem: 'wed 12:00-17:00 overlaps wed 09:00-12:30 on line 2 (join the two rows, or let one end where the other starts)' }],
    });
    const dates = head + 'alice,date,,2026-12-24,09:00,12:00,,,,\nalice,date,,2026-12-24,11:00,13:00,,,,\nalice,date,,2026-12-24,12:00,13:00,,,,\n';
    expect(importCsv(env, 'availability', 'a.csv', dates)).toMatchObject({
      written: false, problems: [{ line: 3, column: 'from', problem: '2026-12-24 11:00-13:00 overlaps 09:00-12:00 on line 2 (join the two rows, or let one end where the other starts)' }],
    });
    // Hours that only meet, or in periods that do not, are two windows.
    const apart = head + 'alice,weekly,sat,,09:00,12:00,,2027-01-31,,\nalice,weekly,sat,,10:00,14:00,2027-02-01,,,\n';
    expect(importCsv(env, 'availability', 'a.csv', apart)).toMatchObject({ created: 2, written: true });
  });

  it('refuses a file that names one record twice, so that its outcome never depends on row order', () => {
    const text = 'email,name\ngood@example.com,Good One\nGOOD@example.com,Dup\n';
    expect(importCsv(env, 'clients', 'c.csv', text)).toMatchObject({
      written: false, problems: [{ line: 3, column: 'email', problem: '"GOOD@example.com" is also on line 2: a file names each record once' }],
    });
    expect(importCsv(env, 'clients', 'c.csv', text, { skipInvalid: true })).toMatchObject({ created: 1, rejected: 1, written: true });
    expect(importCsv(env, 'clients', 'c.csv', text, { skipInvalid: true })).toMatchObject({ created: 0, updated: 0, unchanged: 1, rejected: 1 });
  });
});

describe('export csv', () => {
  it('writes staff and clients that import back unchanged, with formula-like cells neutralised', async () => {
    const { exportCsv } = await import('../../src/core/export-csv');
    importCsv(env, 'staff', 'staff.csv', example('staff'));
    importCsv(env, 'clients', 'clients.csv', example('clients'));
    importCsv(env, 'clients', 'x.csv', 'email,name,phone\nevil@example.com,"=HYPERLINK(""http://evil.example"")",+33 1 23 45 67 89\nat@example.com,@SUM(A1),\n');
    // Names typed with their own apostrophe in front of a formula character keep it through the round trip.
    const { addClient } = await import('../../src/core/clients');
    addClient(env, { name: "'=x", email: 'q1@example.com' });
    addClient(env, { name: "''-Dash", email: 'q2@example.com' });
    const clients = exportCsv(env, 'clients').text;
    expect(clients.split('\r\n')[0]).toBe('email,name,phone,tz');
    expect(clients).toContain("q1@example.com,''=x,,");
    expect(clients).toContain(`"'=HYPERLINK(""http://evil.example"")",'+33 1 23 45 67 89,`);
    expect(clients).toContain("at@example.com,'@SUM(A1),,");
    for (const line of clients.split('\r\n').slice(1)) for (const cell of line.split(',')) expect(cell).not.toMatch(/^"?[=+\-@]/);
    const before = snapshot();
    expect(importCsv(env, 'clients', 'back.csv', clients)).toMatchObject({ created: 0, updated: 0, unchanged: 7, rejected: 0 });
    expect(importCsv(env, 'staff', 'back.csv', exportCsv(env, 'staff').text)).toMatchObject({ unchanged: 2, rejected: 0 });
    expect(snapshot()).toEqual(before);
  });

  it('writes availability that imports back unchanged, here and into another office', async () => {
    const { exportCsv } = await import('../../src/core/export-csv');
    const { setWeeklyHours, addBlock } = await import('../../src/core/availability-rules');
    importCsv(env, 'staff', 'staff.csv', example('staff'));
    importCsv(env, 'availability', 'availability.csv', example('availability'));
    setWeeklyHours(env, 'bob', { days: 'sat', from: '10:00', to: '14:00', validFrom: '2027-01-01', until: '2027-03-31' }, false);
    // Ends at 01:30 the second time that hour comes round in New York (06:30 UTC): written with its offset.
    addBlock(env, 'bob', { from: '2026-10-31 22:00', to: '2026-11-01T01:30-05:00', reason: 'Night shift' });
    // Two blocks of the same times are two rows, each kept with its reason.
    for (const reason of ['School holiday', 'Conference']) addBlock(env, 'bob', { from: '2027-02-01', to: '2027-02-01', reason });
    // Time off read from a calendar travels with the calendar's name, so that reading it again replaces it.
    env.store.write((tx) => tx.insertRule(tx.staffByHandle('alice')!.id, { kind: 'block', startAt: Date.parse('2027-01-04T13:00:00Z'), endAt: Date.parse('2027-01-04T15:00:00Z'), reason: 'busy in alice.ics', source: 'ics:alice.ics' }));
    const text = exportCsv(env, 'availability').text;
    expect(text.split('\r\n')).toEqual([
      'staff,kind,days,date,from,to,valid_from,until,reason,source',
      'alice,weekly,mon-fri,,09:00,12:30,,,,',
      'alice,weekly,mon-fri,,13:30,17:00,,,,',
      'alice,date,,2026-12-24,09:00,12:00,,,,',
      'alice,off,,2026-12-25,,,,,,',
      'alice,block,,,2027-01-04 14:00,2027-01-04 16:00,,,busy in alice.ics,ics:alice.ics',
      'bob,weekly,mon-thu,,08:00,16:00,,,,',
      'bob,weekly,sat,,10:00,14:00,2027-01-01,2027-03-31,,',
      'bob,block,,,2026-10-31 22:00,2026-11-01T01:30:00-05:00,,,Night shift,',
      'bob,block,,,2026-12-28,2027-01-01,,,Winter holiday,',
      'bob,block,,,2027-02-01,2027-02-01,,,School holiday,',
      'bob,block,,,2027-02-01,2027-02-01,,,Conference,',
      '',
    ]);
    const rules = (e: typeof env) => e.store.read((tx) => tx.listStaff().map((s) => tx.availability(s.id).map(({ id: _id, ...r }) => r)));
    const here = rules(env);
    expect(importCsv(env, 'availability', 'back.csv', text)).toMatchObject({ created: 0, updated: 0, removed: 0, rejected: 0 });
    expect(rules(env)).toEqual(here);

    const other = testEnv();
    try {
      importCsv(other, 'staff', 'staff.csv', example('staff'));
      expect(importCsv(other, 'availability', 'availability.csv', text)).toMatchObject({ created: 11, rejected: 0, written: true });
      expect(rules(other)).toEqual(here);
      expect(exportCsv(other, 'availability').text).toBe(text);
      expect(importCsv(other, 'availability', 'availability.csv', text)).toMatchObject({ created: 0, updated: 0, unchanged: 11 });
      // Reading Alice's calendar again there replaces its block, as it would here.
      const { importBusy } = await import('../../src/core/busy-import');
      const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nEND:VCALENDAR\r\n';
      expect(importBusy(other, 'alice', 'alice.ics', ics)).toMatchObject({ removed: 1, added: 0 });
    } finally {
      other.close();
    }
  });
});
