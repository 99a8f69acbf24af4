import type { Ctx } from '../context';
import { importCsv, importKind, type ImportReport } from '../core/import/run';
import { errorLine, invalid, isSchedError, type SchedError } from '../errors';
import { readInput } from './files';

const LARGE = 2_000;

/** A bar on stderr, redrawn in place: only on a terminal, only for a large file. */
function progressBar(ctx: Ctx) {
  if (!ctx.io.stderr.isTTY) return undefined;
  return (done: number, total: number) => {
    if (total < LARGE) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    ctx.io.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
  };
}

const summary = (r: ImportReport) => `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected${r.removed ? `, ${r.removed} removed` : ''}`;

const asJson = (r: ImportReport, file: string) => ({
  kind: r.kind, file, rows: r.rows, created: r.created, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected, removed: r.removed,
  dry_run: r.dryRun, written: r.written, problems: r.problems,
});

/** A file that cannot be read or parsed as a whole: the report a script expects, with that one problem (line null: the whole file). */
const unreadable = (kind: string, e: SchedError, dryRun: boolean): ImportReport => ({
  kind, rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, removed: 0, dryRun, written: false, headerRejected: true,
  problems: [{ line: (e.details as { line?: number | null } | undefined)?.line ?? null, column: null, problem: errorLine(e) }],
});

export function run(ctx: Ctx, [kind, file]: string[], o: Record<string, any>) {
  const name = file === '-' ? 'stdin' : file!;
  importKind(kind!);
  let r: ImportReport;
  try {
    r = importCsv(ctx, kind!, file!, readInput(file!), { dryRun: o.dryRun, skipInvalid: o.skipInvalid, force: o.force, progress: progressBar(ctx) });
  } catch (e) {
    if (ctx.json && isSchedError(e) && e.kind === 'invalid') ctx.data(asJson(unreadable(kind!, e, !!o.dryRun), name));
    throw e;
  }
  if (ctx.json) {
    ctx.data(asJson(r, name));
  } else {
    for (const p of r.problems) ctx.info(`line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.problem}`);
  }
  // A dry run with --skip-invalid succeeds where the real run would write the good rows; a bad header writes none.
  if (r.problems.length && !r.written && !(r.dryRun && o.skipInvalid && !r.headerRejected)) {
    throw invalid(
      `${name}: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'} (listed above); nothing was written`,
      r.headerRejected ? 'fix the header (line 1): no row is imported while it is wrong' : 'fix those rows, or --skip-invalid to write the others',
    );
  }
  if (!ctx.json) ctx.say(`${name}: ${r.dryRun ? 'dry run, nothing written: would be ' : ''}${summary(r)}`);
}
