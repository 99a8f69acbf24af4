// `sched tui`: the interactive calendar. Ink and React are imported here, lazily, so that no other
// command pays for loading them.
import type { Ctx } from '../context';
import { invalid } from '../errors';
import { loadTui } from '../tui/load';
import { resolveStart } from '../tui/start';

export async function run(ctx: Ctx, _args: string[], o: Record<string, any>): Promise<void> {
  if (!process.stdin.isTTY || !ctx.io.stdout.isTTY) {
    throw invalid('sched tui needs a terminal', 'run it in an interactive terminal; scripts can use sched list --json');
  }
  const start = resolveStart(ctx, { staff: o.staff, week: o.week, tz: ctx.tz });
  const env = process.env;
  // Ink's colours come from chalk, which ignores NO_COLOR (https://no-color.org); FORCE_COLOR=0 it reads.
  if (env.NO_COLOR && env.FORCE_COLOR === undefined) env.FORCE_COLOR = '0';
  // Ink draws only the final frame when CI is set (is-in-ci, read once at import): right for a log, useless
  // for an interactive screen, which we know this is (a terminal on both ends). Hide it while Ink loads.
  const ci = { CI: env.CI, CONTINUOUS_INTEGRATION: env.CONTINUOUS_INTEGRATION };
  delete env.CI;
  delete env.CONTINUOUS_INTEGRATION;
  let runTui: typeof import('../tui/main').runTui;
  try {
    ({ runTui } = await loadTui());
  } finally {
    for (const [k, v] of Object.entries(ci)) if (v !== undefined) env[k] = v;
  }
  // The screen is Ink's: a line on stderr would tear it. A wait shows as the calendar being slow to answer.
  ctx.lockNotes = false;
  await runTui(ctx, start);
}
