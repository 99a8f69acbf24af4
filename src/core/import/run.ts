// `sched import KIND FILE`: every row checked, all in one write transaction. One bad row and nothing is
// written (unless --skip-invalid); --dry-run checks everything and rolls back. Each row runs in a savepoint,
// so a row that fails halfway leaves nothing behind when the others are kept.
import { isSchedError, problemsOf, usage } from '../../errors';
import type { Env } from '../env';
import { readCsv, type CsvRow } from './csv';
import type { ImportKind, ImportOptions, RowOutcome } from './kind';
import { IMPORT_KINDS } from './kinds';

export type { ImportOptions } from './kind';

export interface Problem {
  /** Null when the problem is the whole file (it cannot be read or parsed). */
  line: number | null;
  column: string | null;
  problem: string;
}

export interface ImportReport {
  kind: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** What the file no longer has and was removed (availability: weekly hours and date hours it replaces). */
  removed: number;
  problems: Problem[];
  dryRun: boolean;
  /** False when nothing was written: a dry run, or bad rows without --skip-invalid. */
  written: boolean;
  /** The header is wrong: no row is imported, whatever the options (a dry run says what the real run would do). */
  headerRejected: boolean;
}

/** Thrown inside the transaction to roll it back, carrying the report out. */
class RollBack {
  constructor(readonly report: ImportReport) {}
}

/**
 * "email: "x" is not an email address" -> column email, and the rest; "name is empty" -> column name, the
 * message whole (it reads as a sentence); messages that name no column stay whole.
 */
function locate(message: string, columns: readonly string[]): { column: string | null; problem: string } {
  for (const c of columns) {
    if (message.startsWith(`${c}: `)) return { column: c, problem: message.slice(c.length + 2) };
    if (message.startsWith(`${c} `)) return { column: c, problem: message };
  }
  return { column: null, problem: message };
}

/** The kind an import names; checked before its file is read, so a misspelt KIND is said as such (exit 2). */
export function importKind(kindName: string): ImportKind {
  const kind = IMPORT_KINDS[kindName];
  if (!kind) throw usage(`KIND: "${kindName}" cannot be imported`, `use one of ${Object.keys(IMPORT_KINDS).join(', ')}`);
  return kind;
}

export function importCsv(env: Env, kindName: string, file: string, text: string, opts: ImportOptions = {}): ImportReport {
  const kind = importKind(kindName);
  const table = readCsv(text, file);
  const report: ImportReport = { kind: kindName, rows: table.rows.length, created: 0, updated: 0, unchanged: 0, rejected: 0, removed: 0, problems: [], dryRun: !!opts.dryRun, written: false, headerRejected: false };

  // A header problem makes every row suspect: nothing is imported, whatever the options.
  const unknown = table.header.filter((h) => !kind.columns.includes(h));
  for (const h of unknown) report.problems.push({ line: 1, column: h, problem: `unknown column (the columns are ${kind.columns.join(', ')})` });
  for (const k of kind.keys) if (!table.header.includes(k)) report.problems.push({ line: 1, column: k, problem: 'missing: every row needs it' });
  for (const h of new Set(table.header.filter((h, i) => table.header.indexOf(h) !== i))) report.problems.push({ line: 1, column: h, problem: 'is in the header twice' });
  if (report.problems.length) {
    report.rejected = table.rows.length;
    report.headerRejected = true;
    return report;
  }
  const ragged = new Map(table.ragged.map((r) => [r.line, r.count]));
  try {
    env.store.write((tx) => {
      // The store may run this again (a write it had to retry): the counts start over each time.
      Object.assign(report, { created: 0, updated: 0, unchanged: 0, rejected: 0, removed: 0, problems: [], written: false });
      /** The line each record was first named on: a second row for it would make the outcome depend on row order. */
      const firstLine = new Map<string, number>();
      const namedAgain = (row: CsvRow): string | undefined => {
        const raw = kind.unique === undefined ? '' : row.cells[kind.unique]?.trim() ?? '';
        if (!raw) return undefined;
        const key = kind.uniqueMatchesCase ? raw : raw.toLowerCase();
        const line = firstLine.get(key);
        if (line === undefined) return void firstLine.set(key, row.line);
        return `"${raw}" is also on line ${line}: a file names each record once`;
      };
      const importer = kind.begin(tx, env, table.rows, opts);
      const rejected = new Set<number>();
      const outcomes = new Map<number, RowOutcome>();
      table.rows.forEach((row, i) => {
        if (opts.progress && i % 500 === 0) opts.progress(i, table.rows.length);
        const reject = (...problems: Array<{ column: string | null; problem: string }>) => {
          report.rejected++;
          rejected.add(row.line);
          for (const p of problems) report.problems.push({ line: row.line, ...p });
        };
        const count = ragged.get(row.line);
        if (count !== undefined) return reject({ column: null, problem: `${count} fields where the header has ${table.header.length}` });
        const again = namedAgain(row);
        if (again !== undefined) return reject({ column: kind.unique!, problem: again });
        try {
          const outcome = tx.savepoint(() => importer.apply(row));
          outcomes.set(row.line, outcome);
          report[outcome]++;
        } catch (e) {
          if (!isSchedError(e)) throw e;
          // With its fix, as a command's error has it: one line each, naming the column and what to do.
          reject(...problemsOf(e).map((p) => locate(p.hint ? `${p.message} (${p.hint})` : p.message, kind.columns)));
        }
      });
      if (importer.finish) {
        const { removed, withdrawn = [] } = importer.finish(rejected);
        report.removed = removed;
        // Without --skip-invalid nothing is written once a row is rejected: rows withdrawn for it would only be noise.
        for (const w of opts.skipInvalid ? withdrawn : []) {
          report[outcomes.get(w.line)!]--;
          report.rejected++;
          report.problems.push(w);
        }
        report.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      }
      opts.progress?.(table.rows.length, table.rows.length);
      if (opts.dryRun || (report.rejected > 0 && !opts.skipInvalid)) throw new RollBack(report);
      report.written = true;
    });
  } catch (e) {
    if (!(e instanceof RollBack)) throw e;
  }
  return report;
}
