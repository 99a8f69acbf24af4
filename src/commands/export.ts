import { writeFileSync, renameSync } from 'node:fs';
import type { Ctx } from '../context';
import { exportCsv } from '../core/export-csv';
import { exportIcs } from '../core/export-ics';
import { invalid } from '../errors';

/** Writes the whole file or nothing: a temporary file renamed over the target. */
export function writeWhole(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    throw invalid(`-o ${path}: ${(e as Error).message.replace(/^[A-Z]+: /, '')}`, 'choose a folder that exists and that you can write to');
  }
}

export function ics(ctx: Ctx, [id]: string[], o: Record<string, any>) {
  const r = exportIcs(ctx, { id, staff: o.staff, client: o.client, from: o.from, to: o.to });
  if (!o.output) return void ctx.io.stdout.write(r.text);
  writeWhole(o.output, r.text);
  if (ctx.json) ctx.data({ file: o.output, events: r.count, reader: r.reader });
  else ctx.say(`wrote ${r.count} event${r.count === 1 ? '' : 's'} to ${o.output}`);
}

export function csv(ctx: Ctx, [kind]: string[], o: Record<string, any>) {
  const r = exportCsv(ctx, kind!);
  if (!o.output) return void ctx.io.stdout.write(r.text);
  writeWhole(o.output, r.text);
  if (ctx.json) ctx.data({ file: o.output, kind, rows: r.rows });
  else ctx.say(`wrote ${r.rows} row${r.rows === 1 ? '' : 's'} (${kind}) to ${o.output}`);
}
