// sched report: office figures over a date range, as a table with bars, JSON (--json) or CSV (--csv).
import type { Ctx } from '../context';
import { usage } from '../errors';
import { buildReport, REPORT_COLUMNS, reportJson, reportRowJson, type Report, type ReportRow } from '../core/report';
import { fmtDate } from '../core/time';

export const BAR_WIDTH = 20;

export async function report(ctx: Ctx, _: string[], o: Record<string, any>) {
  if (o.csv && ctx.json) throw usage('--csv and --json cannot be combined', 'choose one of them');
  const r = buildReport(ctx, { from: o.from, to: o.to, staff: o.staff, by: o.by, tz: ctx.tz });
  if (ctx.json) return ctx.data(reportJson(r));
  if (o.csv) return void ctx.io.stdout.write(reportCsv(r));
  await printReport(ctx, r);
}

// ---- CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote or a line break) ----

export function csvField(value: string | number | null): string {
  const s = value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header row, one line per group, then the total (group "(total)"); numbers as in --json, null as an empty field. */
export function reportCsv(r: Report): string {
  const lines = [REPORT_COLUMNS.map(csvField).join(',')];
  for (const row of [...r.rows, r.total]) {
    const j = reportRowJson(row);
    lines.push(REPORT_COLUMNS.map((c) => csvField(j[c])).join(','));
  }
  return lines.map((l) => `${l}\r\n`).join('');
}

// ---- human ----------------------------------------------------------------------------------

const pct = (x: number | null) => (x === null ? '-' : `${(Math.round(x * 1000) / 10).toFixed(1)}%`);
const hours = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

/** Utilisation as a bar of BAR_WIDTH cells: green up to 100 %, red (full) beyond; empty cells dim. */
export function bar(ctx: Ctx, utilisation: number | null): string {
  if (utilisation === null) return ctx.style.dim('·'.repeat(BAR_WIDTH));
  const filled = Math.max(0, Math.min(BAR_WIDTH, Math.round(utilisation * BAR_WIDTH)));
  const paint = utilisation > 1 ? ctx.style.red : ctx.style.green;
  return paint('█'.repeat(filled)) + ctx.style.dim('░'.repeat(BAR_WIDTH - filled));
}

function cells(ctx: Ctx, r: ReportRow, label: string): string[] {
  return [
    label,
    String(r.booked),
    String(r.completed),
    String(r.noShow),
    r.lateCancelled ? `${r.cancelled} (${r.lateCancelled} late)` : String(r.cancelled),
    pct(r.completionRate),
    pct(r.noShowRate),
    pct(r.cancellationRate),
    hours(r.hoursDelivered),
    `${hours(r.bookedHours)}/${hours(r.availableHours)}`,
    pct(r.utilisation),
    bar(ctx, r.utilisation),
    r.averageRating === null ? '-' : r.averageRating.toFixed(1),
  ];
}

export async function printReport(ctx: Ctx, r: Report): Promise<void> {
  const { table } = await import('./table');
  const st = ctx.style;
  const scope = r.staff ? `${r.staff}, ` : '';
  ctx.say(st.bold(`Sessions ${fmtDate(r.from)} to ${fmtDate(r.to)} (${scope}${r.zone})${r.by ? `, by ${r.by}` : ''}`));
  const head = [r.by ?? '', 'booked', 'completed', 'no-show', 'cancelled', 'completion', 'no-show rate', 'cancel rate', 'delivered h', 'booked/avail h', 'utilisation', '', 'rating'];
  const rows = [head.map((h) => st.dim(h)), ...r.rows.map((row) => cells(ctx, row, row.group)), cells(ctx, r.total, st.bold('total'))];
  for (const line of table(rows)) ctx.say(line);
}
