import { existsSync } from 'node:fs';
import type { Ctx } from '../context';
import { listBookings } from '../core/agenda';
import { DEMO_MARK, DEMO_ZONE, seedDemo } from '../core/demo';
import { addDays } from '../core/time';
import { statusLabel, type Status } from '../core/types';
import { invalid, SchedError } from '../errors';
import { printAgenda } from './present';

export async function demo(ctx: Ctx, _: string[], o: Record<string, any>) {
  const { empty, isDemo } = ctx.store.read((tx) => ({ empty: tx.isEmpty(), isDemo: tx.settings()[DEMO_MARK] === 'true' }));
  if (!empty) {
    if (!o.reset) {
      if (isDemo) throw invalid(`${ctx.dbPath} already has the demo office`, 'add --reset to rebuild it, or choose another --db');
      throw invalid(`${ctx.dbPath} already has data: the demo goes into a database of its own`, 'choose another --db, or add --reset to replace that office with the demo (a copy of it is kept)');
    }
    // Emptied in place, in one transaction, rather than by deleting the file: a daemon or a calendar open on
    // it goes on with the new office instead of writing to a file no longer there.
    if (isDemo) ctx.store.write((tx) => tx.clearOffice());
    else ctx.info(`the office that was in ${ctx.dbPath} is saved in ${clearKeepingCopy(ctx)}`);
  }
  const summary = seedDemo(ctx);
  const agenda = listBookings(ctx, { from: summary.weekStart, to: addDays(summary.weekStart, 6), tz: ctx.tz });
  const counts = Object.entries(summary.byStatus).map(([s, n]) => `${n} ${statusLabel(s as Status)}`).join(', ');
  if (ctx.json) return ctx.data({ db: ctx.dbPath, bookings: summary.bookings, by_status: summary.byStatus, week: summary.weekStart });
  const st = ctx.style;
  ctx.say(st.bold(`Northwind Consulting: a demo office in ${ctx.dbPath}`));
  ctx.say(`3 staff (alice in Paris, bob in New York, chen in Singapore), 10 clients, 3 services, ${summary.bookings} bookings: ${counts}`);
  ctx.say();
  ctx.say(st.bold(`This week (from ${summary.weekStart}), times in each staff member's zone:`));
  ctx.say();
  await printAgenda(ctx, agenda.views, { from: agenda.from, to: agenda.to });
  ctx.say();
  const db = /\s/.test(ctx.dbPath) ? `"${ctx.dbPath}"` : ctx.dbPath;
  ctx.say(st.bold('Look further:'));
  ctx.say(`  export SCHED_DB=${db}            # or add --db ${db} to each command`);
  ctx.say(`  sched list --from ${addDays(summary.weekStart, -7)} --tz ${DEMO_ZONE}   # last week too, in one zone`);
  ctx.say('  sched slots alice --service intake          # free times, the next 7 days');
  ctx.say('  sched show 1                                # a booking and its history');
  ctx.say('  sched staff list; sched service list; sched avail list chen');
  ctx.say('  sched tui --staff alice                     # the interactive week view (? lists the keys)');
  ctx.say('  sched report --by staff                     # completion, no-shows, cancellations, utilisation');
}

/**
 * A real office is never lost to a --reset: the store copies it beside the file and empties it, or says that
 * somebody wrote in between, and the copy is taken again. The copy's name is one not taken yet.
 */
function clearKeepingCopy(ctx: Ctx): string {
  const stamp = new Date(ctx.now()).toISOString().replace(/[-:]/g, '').slice(0, 15);
  for (let attempt = 1; attempt <= 5; attempt++) {
    let copy = `${ctx.dbPath}.before-demo-${stamp}`;
    for (let n = 2; existsSync(copy); n++) copy = `${ctx.dbPath}.before-demo-${stamp}-${n}`;
    if (ctx.store.clearOfficeKeepingCopy(copy)) return copy;
  }
  throw new SchedError('busy', `${ctx.dbPath} kept changing while it was being copied: nothing was reset`, 'try again when the other programs using it are done');
}
