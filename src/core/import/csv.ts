// Reading a CSV file strictly with csv-parse: UTF-8 with or without BOM, CRLF or LF, quoted fields with
// commas, quotes and line breaks. Rows keep the line they start on, for error reports.
import { parse } from 'csv-parse/sync';
import { SchedError } from '../../errors';

export interface CsvRow {
  /** The line the record starts on (1 is the header). */
  line: number;
  cells: Record<string, string>;
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
  /** Rows whose number of cells differs from the header's. */
  ragged: Array<{ line: number; count: number }>;
}

type Parsed = { record: string[]; raw: string };

/** `sched export csv` writes a formula-like cell with a leading apostrophe; reading it back removes it. */
const unneutralise = (cell: string) => (/^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

export function readCsv(text: string, file: string): CsvTable {
  let parsed: Parsed[];
  try {
    // Both line ends in one file (a CRLF header pasted above LF rows): csv-parse would guess from the first line only.
    parsed = parse(text, { bom: true, raw: true, relax_column_count: true, record_delimiter: ['\r\n', '\n'] }) as unknown as Parsed[];
  } catch (e) {
    const err = e as { message: string; lines?: number };
    throw new SchedError('invalid', `${file}: not a readable CSV file${err.lines ? ` (line ${err.lines})` : ''}: ${err.message.replace(/\s+/g, ' ')}`, 'save it as CSV, UTF-8, with a header row', { line: err.lines ?? null });
  }
  // Line numbers are counted from the raw text of each record (csv-parse's own count is off by one at times):
  // a record's delimiter holds one line break, which its raw text may or may not include.
  const records: Array<{ line: number; record: string[] }> = [];
  let line = 1;
  for (const p of parsed) {
    const blank = p.record.length === 1 && p.record[0] === '';
    if (!blank) records.push({ line, record: p.record });
    line += (p.raw.match(/\n/g)?.length ?? 0) + (p.raw.endsWith('\n') ? 0 : 1);
  }
  if (records.length === 0) throw new SchedError('invalid', `${file} is empty`, 'the first line names the columns', { line: 1 });
  const header = records[0]!.record.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const rows: CsvRow[] = [];
  const ragged: CsvTable['ragged'] = [];
  for (const r of records.slice(1)) {
    if (r.record.length !== header.length) ragged.push({ line: r.line, count: r.record.length });
    rows.push({ line: r.line, cells: Object.fromEntries(header.map((h, i) => [h, unneutralise(r.record[i] ?? '')])) });
  }
  return { header, rows, ragged };
}
