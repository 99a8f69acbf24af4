// What an import kind is: its columns, the columns the header must have, and how a file's rows become
// changes. Helpers shared by the kinds keyed by one natural key.
import { invalid, isSchedError, type FieldReader } from '../../errors';
import type { Tx } from '../../db/store';
import type { Env } from '../env';
import type { CsvRow } from './csv';

export type RowOutcome = 'created' | 'updated' | 'unchanged';

export interface ImportOptions {
  dryRun?: boolean;
  skipInvalid?: boolean;
  /** As for `sched book`: waives working hours, blocks, limits and engagement hours (never overlaps). */
  force?: boolean;
  /** Called now and then with rows done and rows in all (the command draws a progress bar). */
  progress?: (done: number, total: number) => void;
}

/** Applies the rows of one file, in order, inside the import's transaction. */
export interface RowImporter {
  /** Throws a SchedError naming the column ("column: problem") when the row cannot be imported. */
  apply(row: CsvRow): RowOutcome;
  /**
   * After the last row: changes that depend on the whole file. `rejected` holds the lines that were not imported;
   * `withdrawn`, rows applied but then not written after all because of them.
   */
  finish?(rejected: ReadonlySet<number>): { removed: number; withdrawn?: Withdrawn[] };
}

/** A row that `apply` took, withdrawn by `finish`: counted as rejected, with why. */
export interface Withdrawn {
  line: number;
  column: string;
  problem: string;
}

export interface ImportKind {
  columns: readonly string[];
  /** Columns the header must have. */
  keys: readonly string[];
  /** The column that names one record (a handle, an email): a file may name each record once. */
  unique?: string;
  /** Whether that column's values match only in the same case (else, as handles and emails, in any case). */
  uniqueMatchesCase?: boolean;
  begin(tx: Tx, env: Env, rows: readonly CsvRow[], opts: ImportOptions): RowImporter;
}

/** A column present in the file sets its value (empty means none, where none is allowed); an absent one changes nothing. */
export const given = (cells: Record<string, string>, column: string): string | undefined => (column in cells ? cells[column] : undefined);

/** The fields of `next` that differ from `current`. */
function changes<T extends object>(current: T, next: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(next).filter(([k, val]) => val !== undefined && (current as Record<string, unknown>)[k] !== val)) as Partial<T>;
}

/**
 * For a new record: each required column left empty is a problem, and is dropped from the cells read further,
 * so that an empty cell is reported once ("required"), not also as an empty value.
 */
function required(f: FieldReader, cells: Record<string, string>, columns: readonly string[], what: string): Record<string, string> {
  const rest = { ...cells };
  for (const c of columns) {
    if (cells[c]?.trim()) continue;
    f.problem(invalid(`${c}: required for a new ${what}`));
    delete rest[c];
  }
  return rest;
}

/**
 * The record a row names by its natural key (`readKey`), and the cells to read further: for a new record,
 * its required columns are checked first (see `required`).
 */
export function keyedRow<K, R>(f: FieldReader, row: Record<string, string>, readKey: () => K, find: (key: K) => R | undefined, columns: readonly string[], what: string) {
  const key = f.read(readKey);
  const existing = key === undefined ? undefined : find(key);
  const cells = existing || key === undefined ? row : required(f, row, columns, what);
  return { key, existing, cells };
}

/** Writes what differs from `current` (with `write`), or nothing when nothing does. */
export function updateRecord<T extends object>(current: T, next: Partial<T>, write: (patch: Partial<T>) => void): RowOutcome {
  const patch = changes(current, next);
  if (Object.keys(patch).length === 0) return 'unchanged';
  write(patch);
  return 'updated';
}

/** A kind whose rows stand alone: each is applied by itself. */
export const eachRow = (apply: (tx: Tx, env: Env, cells: Record<string, string>) => RowOutcome) =>
  (tx: Tx, env: Env): RowImporter => ({ apply: (row) => apply(tx, env, row.cells) });

/** Looks things up once per file: a 100,000-row file names the same fifty staff members again and again. */
export function cached<T>(find: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T | Error>();
  return (key) => {
    let found = seen.get(key);
    if (found === undefined) {
      try {
        found = find(key);
      } catch (e) {
        if (!isSchedError(e)) throw e;
        found = e;
      }
      seen.set(key, found);
    }
    if (found instanceof Error) throw found;
    return found;
  };
}
