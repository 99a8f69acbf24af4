import type { Ctx } from '../context';
import { exportCsv } from '../core/export-csv';
import { exportIcs } from '../core/export-ics';
import { usage } from '../errors';
import { writeWhole } from './files';

/** The file -o names; none for stdout (no -o, or `-o -`, as import reads `-` from stdin). */
const outputFile = (o: Record<string, any>): string | undefined => {
  if (o.output === undefined || o.output === '-') return undefined;
  if (!String(o.output).trim()) throw usage('-o: the path is empty', 'give a file name, or - (or no -o) for standard output');
  return o.output;
};

/** With --json, stdout is JSON: the file itself then has to go to -o, and the JSON says what was written. */
function needsOutput(ctx: Ctx, o: Record<string, any>, what: string): void {
  if (ctx.json && !outputFile(o)) throw usage(`--json prints what -o FILE wrote; without -o FILE (or with -o -) the ${what} itself goes to stdout`, 'add -o FILE, or leave out --json');
}

export function ics(ctx: Ctx, [id]: string[], o: Record<string, any>) {
  needsOutput(ctx, o, 'calendar');
  const r = exportIcs(ctx, { id, staff: o.staff, client: o.client, from: o.from, to: o.to, tz: ctx.tz });
  const file = outputFile(o);
  if (!file) return void ctx.io.stdout.write(r.text);
  writeWhole(file, r.text);
  if (ctx.json) ctx.data({ file, events: r.count, reader: r.reader });
  else ctx.say(`wrote ${r.count} event${r.count === 1 ? '' : 's'} to ${file}`);
}

export function csv(ctx: Ctx, [kind]: string[], o: Record<string, any>) {
  needsOutput(ctx, o, 'CSV');
  const r = exportCsv(ctx, kind!, { from: o.from, to: o.to, tz: ctx.tz });
  const file = outputFile(o);
  if (!file) return void ctx.io.stdout.write(r.text);
  writeWhole(file, r.text);
  if (ctx.json) ctx.data({ file, kind, rows: r.rows });
  else ctx.say(`wrote ${r.rows} row${r.rows === 1 ? '' : 's'} (${kind}) to ${file}`);
}
