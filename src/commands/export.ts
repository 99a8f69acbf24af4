import type { Ctx } from '../context';
import { exportCsv } from '../core/export-csv';
import { exportIcs } from '../core/export-ics';
import { writeWhole } from './files';

export function ics(ctx: Ctx, [id]: string[], o: Record<string, any>) {
  const r = exportIcs(ctx, { id, staff: o.staff, client: o.client, from: o.from, to: o.to, tz: ctx.tz });
  if (!o.output) return void ctx.io.stdout.write(r.text);
  writeWhole(o.output, r.text);
  if (ctx.json) ctx.data({ file: o.output, events: r.count, reader: r.reader });
  else ctx.say(`wrote ${r.count} event${r.count === 1 ? '' : 's'} to ${o.output}`);
}

export function csv(ctx: Ctx, [kind]: string[], o: Record<string, any>) {
  const r = exportCsv(ctx, kind!, { from: o.from, to: o.to, tz: ctx.tz });
  if (!o.output) return void ctx.io.stdout.write(r.text);
  writeWhole(o.output, r.text);
  if (ctx.json) ctx.data({ file: o.output, kind, rows: r.rows });
  else ctx.say(`wrote ${r.rows} row${r.rows === 1 ? '' : 's'} (${kind}) to ${o.output}`);
}
