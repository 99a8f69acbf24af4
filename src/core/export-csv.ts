// `sched export csv`: files that `sched import` reads back unchanged. A cell a spreadsheet would run as a
// formula (starting with = + - @, a tab or a carriage return) is written with a leading apostrophe, which
// spreadsheets show as text; the importer removes that apostrophe again (see import/csv.ts).
import { stringify } from 'csv-stringify/sync';
import { invalid } from '../errors';
import type { Env } from './env';
import { IMPORT_KINDS } from './import/kinds';

const FORMULA = /^[=+\-@\t\r]/;
export const neutralise = (cell: string) => (FORMULA.test(cell) ? `'${cell}` : cell);

const str = (v: string | number | boolean | null | undefined) => (v === null || v === undefined ? '' : String(v));

export function exportCsv(env: Env, kind: string): { text: string; rows: number } {
  const columns = IMPORT_KINDS[kind]?.columns;
  if (!columns || !['staff', 'clients'].includes(kind)) throw invalid(`KIND: "${kind}" cannot be exported as CSV yet`, 'use staff or clients');
  const records = env.store.read((tx) =>
    kind === 'staff'
      ? tx.listStaff({ includeInactive: true }).map((s) => [s.handle, s.name, s.email, s.tz, s.phone, s.maxPerDay, s.maxPerWeek, s.active])
      : tx.listClients().map((c) => [c.email, c.name, c.phone, c.tz]));
  const text = stringify([[...columns], ...records.map((r) => r.map((v) => neutralise(str(v))))], { record_delimiter: 'windows' });
  return { text, rows: records.length };
}
