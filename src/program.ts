// The command line: every command, argument and option, with help. Each action lazily imports its
// handler from src/commands, so an ordinary command loads only what it needs (see README, "Start-up").
import { Command, Option } from 'commander';
import { createContext, type Ctx, type GlobalOptions, type Io } from './context';
import { databasePath } from './db/location';
import { usage } from './errors';

export type Handler = (ctx: Ctx, args: string[], opts: Record<string, any>) => void | Promise<void>;
type Module = Record<string, unknown>;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * The value of `--tz` given after the command's own words (`sched staff edit alice --tz X`), not before them
 * (`sched --tz X staff edit alice`): for the commands where it is a person's zone, only the first says so; the
 * second is the zone to show times in, as for every other command (an alias `sched --tz ...` must not move anyone).
 */
export function tzAfterCommand(argv: readonly string[], words: readonly string[]): string | undefined {
  let i = 0;
  for (let w = 0; i < argv.length && w < words.length; i++) {
    const a = argv[i]!;
    if (a === '--db' || a === '--tz') i++;
    else if (a === words[w]) w++;
  }
  let zone: string | undefined;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    const given = a === '--tz' ? argv[++i] : a.startsWith('--tz=') ? a.slice(5) : undefined;
    if (given === undefined) continue;
    // Two after the command are a slip (for a person, whose hours all move with it), not a choice to make silently.
    if (zone !== undefined) throw usage('--tz is given twice after the command', 'give the zone once');
    zone = given;
  }
  return zone;
}

/** `argv`: the words the program will parse (where a --tz stands among them matters: tzAfterCommand). */
export function buildProgram(io: Io, argv: readonly string[]): Command & { closeStore(): void } {
  let ctx: Ctx | undefined;
  const program = new Command('sched') as Command & { closeStore(): void };
  program.closeStore = () => ctx?.store.close();

  program
    .description('Scheduling for consulting offices: availability, bookings, life cycle.')
    .version('0.1.0', '-V, --version')
    .option('--db <path>', 'database file (default: $SCHED_DB, else $XDG_DATA_HOME/sched/sched.db)')
    .option('--json', 'machine-readable output on stdout; messages go to stderr')
    .option('--tz <zone>', 'IANA zone to show times in and read wall times in (default: the staff member\'s)')
    .exitOverride()
    // Each command's help lists --db, --json and --tz too (the README says it shows every option).
    .configureHelp({ showGlobalOptions: true })
    // Usage errors are printed by the exit point (main.ts), as one line like every other error.
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => {} });

  /** Wires a command to `handlers[name]` in a lazily imported module. */
  const act = (load: () => Promise<Module>, name: string, dbFile?: string) =>
    async (...params: unknown[]) => {
      const cmd = params[params.length - 1] as Command;
      const opts = cmd.optsWithGlobals() as GlobalOptions & Record<string, any>;
      const words: string[] = [];
      for (let c: Command | null = cmd; c?.parent; c = c.parent) words.unshift(c.name());
      opts.ownTz = tzAfterCommand(argv, words);
      const args = params.slice(0, -2).flatMap((a) => (Array.isArray(a) ? a : [a])).filter((a): a is string => typeof a === 'string');
      const mod = await load();
      ctx = await createContext(io, opts, databasePath(opts.db, io.env, dbFile));
      await (mod[name] as Handler)(ctx, args, opts);
    };

  const staffCmd = () => import('./commands/staff');
  const clientCmd = () => import('./commands/client');
  const serviceCmd = () => import('./commands/service');
  const availCmd = () => import('./commands/avail');
  const bookingCmd = () => import('./commands/booking');
  const lifecycleCmd = () => import('./commands/lifecycle');
  const agendaCmd = () => import('./commands/agenda');
  const configCmd = () => import('./commands/config');
  const demoCmd = () => import('./commands/demo');
  const exportCmd = () => import('./commands/export');
  const mailCmd = () => import('./commands/mail');
  const outboxCmd = () => import('./commands/outbox');
  const auditCmd = () => import('./commands/audit');
  const daemonCmd = () => import('./commands/daemon');
  const engagementCmd = () => import('./commands/engagement');
  const reportCmd = () => import('./commands/report');
  const importCmd = () => import('./commands/import');
  const tuiCmd = () => import('./commands/tui');

  // ---- staff
  const staff = program.command('staff').description('staff members: who can be booked, their zone and limits');
  // `add` requires what `edit` leaves optional: commander then refuses a missing one as a usage error (exit 2).
  const need = (c: Command, required: boolean, flags: string, text: string) => (required ? c.requiredOption(flags, text) : c.option(flags, text));
  const staffFields = (c: Command, add = false) =>
    need(need(c, add, '--name <name>', 'full name'), add, '--email <email>', 'email address')
      .option('--phone <phone>', 'phone number')
      .option('--max-per-day <n>', 'at most N sessions a day ("none" to lift)')
      .option('--max-per-week <n>', 'at most N sessions a week ("none" to lift)');
  staffFields(staff.command('add <handle>').description('add a staff member (--name, --email and --tz, their zone, are required)'), true)
    .addHelpText('after', '\nExample:\n  sched staff add alice --name "Alice Martin" --email alice@office.example --tz Europe/Paris --max-per-day 6')
    .action(act(staffCmd, 'add'));
  staff.command('list').description('list staff members').option('--all', 'include inactive staff').action(act(staffCmd, 'list'));
  staff.command('show <handle>').description('show a staff member and their weekly hours').action(act(staffCmd, 'show'));
  staffFields(staff.command('edit <handle>').description('change a staff member (--tz ZONE after the command changes their zone)'))
    .option('--active <bool>', 'true to reactivate, false to deactivate')
    .action(act(staffCmd, 'edit'));
  staff.command('remove <handle>').description('deactivate a staff member (their history stays)').action(act(staffCmd, 'remove'));

  // ---- clients
  const client = program.command('client').description('clients, referred to by id or email');
  client.command('add').description('add a client; prints the new id (--tz ZONE after the command: their zone)')
    .requiredOption('--name <name>', 'full name').requiredOption('--email <email>', 'email address').option('--phone <phone>', 'phone number')
    .addHelpText('after', '\nExample:\n  sched client add --name "Ana Lima" --email ana@example.com --tz America/Sao_Paulo')
    .action(act(clientCmd, 'add'));
  client.command('list').description('list clients').option('--search <text>', 'name or email contains TEXT').action(act(clientCmd, 'list'));
  client.command('show <client>').description('show a client (id or email) and their sessions').action(act(clientCmd, 'show'));
  client.command('edit <client>').description('change a client (--tz ZONE after the command changes their zone)')
    .option('--name <name>', 'full name').option('--email <email>', 'email address').option('--phone <phone>', 'phone number')
    .action(act(clientCmd, 'edit'));

  // ---- services
  const service = program.command('service').description('services: duration, buffers, notice, horizon, capacity');
  const serviceFields = (c: Command, add = false) =>
    need(need(c, add, '--name <name>', 'name shown to clients'), add, '--duration <min>', 'length of a session: minutes or 90m, 1h30m')
      .option('--buffer-before <min>', 'free time kept before a session')
      .option('--buffer-after <min>', 'free time kept after a session')
      .option('--interval <min>', 'minutes between possible start times (default: the duration)')
      .option('--min-notice <duration>', 'how soon it can be booked, e.g. 24h, 2d')
      .option('--horizon <duration>', 'how far ahead it can be booked, e.g. 60d ("none": no limit, the default)')
      .option('--capacity <n>', 'clients per session (group sessions when > 1)')
      .addOption(new Option('--format <format>', 'in-person, video or phone').choices(['in-person', 'video', 'phone']))
      .option('--location <text>', 'address, video link or phone number for emails and calendars ("none" to clear)');
  serviceFields(service.command('add <code>').description('add a service (--name and --duration are required)'), true)
    .addHelpText('after', '\nExample:\n  sched service add intake --name "Intake interview" --duration 60 --buffer-after 15 --min-notice 24h')
    .action(act(serviceCmd, 'add'));
  service.command('list').description('list services').action(act(serviceCmd, 'list'));
  service.command('show <code>').description('show a service').action(act(serviceCmd, 'show'));
  serviceFields(service.command('edit <code>').description('change a service'))
    .option('--active <bool>', 'false to stop offering it')
    .action(act(serviceCmd, 'edit'));

  // ---- availability
  const avail = program.command('avail').description("availability: weekly hours, date overrides, blocks (in the staff member's zone)");
  const weekly = (c: Command) =>
    c.requiredOption('--days <days>', 'mon-fri, mon,wed, sat-sun, weekdays, daily')
      .requiredOption('--from <HH:MM>', 'start of the window')
      .requiredOption('--to <HH:MM>', 'end of the window (24:00 for midnight)')
      .option('--valid-from <date>', 'first date these hours apply')
      .option('--until <date>', 'last date these hours apply');
  weekly(avail.command('set <handle>').description("replace those days' weekly hours"))
    .addHelpText('after', '\nExample:\n  sched avail set alice --days mon-fri --from 09:00 --to 17:00')
    .action(act(availCmd, 'set'));
  weekly(avail.command('add <handle>').description('add a window to those days (several windows a day)'))
    .addHelpText('after', '\nExample (a lunch break):\n  sched avail set alice --days mon-fri --from 09:00 --to 12:30\n  sched avail add alice --days mon-fri --from 13:30 --to 17:00')
    .action(act(availCmd, 'add'));
  avail.command('override <handle>').description("a date's own hours (they replace the weekly ones), or --off")
    .requiredOption('--date <date>', 'the date (YYYY-MM-DD)')
    .option('--from <HH:MM>', 'start of a window (repeatable, with --to)', collect)
    .option('--to <HH:MM>', 'end of a window (repeatable)', collect)
    .option('--off', 'not working that date')
    .addHelpText('after', '\nExamples:\n  sched avail override alice --date 2026-12-24 --from 09:00 --to 12:00\n  sched avail override alice --date 2026-12-31 --off')
    .action(act(availCmd, 'override'));
  avail.command('block <handle>').description('block time off (holidays, appointments elsewhere)')
    .requiredOption('--from <"DATE HH:MM">', 'start ("DATE HH:MM", or DATE for its start)')
    .requiredOption('--to <"DATE HH:MM">', 'end ("DATE HH:MM", or DATE for the end of that day)')
    .option('--reason <text>', 'why (shown in refusals)')
    .addHelpText('after', '\nExample:\n  sched avail block alice --from "2026-12-21 00:00" --to "2027-01-04 00:00" --reason holiday')
    .action(act(availCmd, 'block'));
  avail.command('import-busy <handle> <file>').description("block the busy times of another calendar's .ics export (a newer export of the same calendar replaces them)")
    .option('--source <name>', 'which calendar this is (default: its X-WR-CALNAME, else the file name)')
    .option('--days <n>', 'how far ahead repeating events are expanded (default: 365)')
    .addHelpText('after', '\nExample:\n  sched avail import-busy alice ~/Downloads/alice-personal.ics')
    .action(act(availCmd, 'importBusy'));
  avail.command('list <handle>').description("a staff member's weekly hours, overrides and blocks").action(act(availCmd, 'list'));
  avail.command('remove <id>').description('remove a weekly window, override or block by id').action(act(availCmd, 'remove'));

  // ---- slots and booking
  program.command('slots <handle>').description('bookable start times ("any": every active staff member)')
    .requiredOption('--service <code>', 'the service')
    .option('--from <date>', 'first date (default: today)')
    .option('--days <n>', 'number of days (default: 7)')
    .addHelpText('after', '\nExamples:\n  sched slots alice --service intake --from 2026-12-01 --days 5\n  sched slots any --service intake --json')
    .action(act(bookingCmd, 'slots'));
  program.command('book').description('book a client into a free slot')
    .requiredOption('--staff <handle>', 'staff member, or "any" (the free one with the fewest sessions that week)')
    .requiredOption('--client <id|email>', 'the client')
    .requiredOption('--service <code>', 'the service')
    .requiredOption('--at <time>', '"YYYY-MM-DD HH:MM" (in --tz, else the staff member\'s zone) or ISO 8601 with offset')
    .addOption(new Option('--format <format>', 'in-person, video or phone (default: the service\'s)').choices(['in-person', 'video', 'phone']))
    .option('--notes <text>', 'notes for the session')
    .option('--force', 'book outside hours or blocks, inside the minimum notice or past the daily limit (never into an overlap, past the horizon or the weekly limit)')
    .addOption(new Option('--repeat <every>', 'book a series').choices(['weekly', 'biweekly']))
    .option('--count <n>', 'sessions in the series')
    .option('--skip-conflicts', 'book the dates of a series that are free, list the others')
    .option('--engagement <id>', "draw on this engagement's hours (refused past its hours or end date, unless --force)")
    .addHelpText('after', '\nExamples:\n  sched book --staff alice --client ana@example.com --service intake --at "2026-12-01 14:00"\n  sched book --staff any --client 3 --service coaching --at 2026-12-01T14:00:00+01:00 --repeat weekly --count 6')
    .action(act(bookingCmd, 'book'));
  program.command('reschedule <id>').description('move a session (same id; every booking rule applies)')
    .requiredOption('--at <time>', 'the new time')
    .option('--force', 'as for book')
    .action(act(bookingCmd, 'reschedule'));

  // ---- life cycle
  program.command('confirm <id>').description('scheduled -> confirmed').action(act(lifecycleCmd, 'confirm'));
  program.command('cancel <id>').description('cancel a scheduled or confirmed session')
    .option('--reason <text>', 'why')
    .option('--series', 'also cancel the later sessions of its series')
    .action(act(lifecycleCmd, 'cancel'));
  program.command('complete <id>').description('mark a started session completed').option('--notes <text>', 'how it went, for staff: kept in the history (sched note --set replaces the session notes)').action(act(lifecycleCmd, 'complete'));
  program.command('no-show <id>').description('mark a started session as a no-show').action(act(lifecycleCmd, 'noShow'));
  program.command('rate <id>').description('rate a completed session')
    .requiredOption('--rating <1-5>', 'the rating').option('--feedback <text>', "the client's words")
    .action(act(lifecycleCmd, 'rate'));
  program.command('note <id>').description("add an internal note to a session's history, or replace its notes")
    .option('--text <text>', 'an internal note (staff only; kept in the history)')
    .option('--set <text>', 'replace the session notes given at booking (the client sees them); "" clears them')
    .addHelpText('after', '\nExamples:\n  sched note 12 --text "prefers video"\n  sched note 12 --set "Bring last year\'s tax return"')
    .action(act(lifecycleCmd, 'note'));

  // ---- reading
  program.command('show <id>').description('one booking with its history').action(act(agendaCmd, 'show'));
  program.command('list').description('the agenda: sessions grouped by day')
    .option('--staff <handle>', 'one staff member')
    .option('--client <id|email>', 'one client')
    .option('--from <date>', 'first date (default: today)')
    .option('--to <date>', 'last date, inclusive (default: no end)')
    .option('--status <status>', 'scheduled, confirmed, completed, no-show, cancelled (comma-separated)')
    .action(act(agendaCmd, 'list'));

  // ---- engagements
  const engagement = program.command('engagement').description("hour budgets a client bought, that bookings draw on");
  engagement.command('add').description('add an engagement; prints its id')
    .requiredOption('--client <id|email>', 'the client')
    .requiredOption('--hours <n>', 'hours bought, e.g. 24 or 1.5')
    .option('--name <text>', 'e.g. "Skills assessment"')
    .option('--until <date>', 'last date a session may take place')
    .addHelpText('after', '\nExample:\n  sched engagement add --client ana@example.com --hours 24 --name "Skills assessment" --until 2027-06-30')
    .action(act(engagementCmd, 'add'));
  engagement.command('list').description('engagements with booked, completed and remaining hours').option('--client <id|email>', 'one client').action(act(engagementCmd, 'list'));
  engagement.command('show <id>').description('one engagement and its sessions').action(act(engagementCmd, 'show'));
  engagement.command('close <id>').description('no more bookings against it (its sessions stay)').action(act(engagementCmd, 'close'));

  // ---- import
  program.command('import <kind> <file>').description('import staff, clients, services, availability, engagements or bookings from a CSV file (FILE - reads stdin)')
    .option('--dry-run', 'check every row, write nothing')
    .option('--skip-invalid', 'write the valid rows, list the others')
    .option('--force', 'bookings: as for book (hours, blocks, the daily limit, engagement hours), and the weekly limit')
    .addHelpText('after', '\nKinds and columns: see README, "Import". Examples in examples/.\n  sched import staff examples/staff.csv --dry-run\n  sched import clients - < clients.csv\n  sched import bookings examples/bookings.csv --skip-invalid')
    .action(act(importCmd, 'run'));

  // ---- reports
  program.command('report').description('office figures over a date range: sessions, rates, hours and utilisation')
    .option('--from <date>', 'first day (default: 27 days before --to)')
    .option('--to <date>', 'last day, included (default: today, or 27 days after --from)')
    .option('--staff <handle>', 'one staff member (dates then read in their zone)')
    .addOption(new Option('--by <group>', 'a row per staff member, ISO week or service').choices(['staff', 'week', 'service']))
    .option('--csv', 'CSV on stdout (header, a line per group, then the total)')
    .addHelpText('after', '\nExamples:\n  sched report --from 2026-11-01 --to 2026-11-30 --by staff\n  sched report --by week --csv > weeks.csv')
    .action(act(reportCmd, 'report'));

  // ---- calendar files and mail
  const exp = program.command('export').description('export bookings for other programs');
  exp.command('ics [id]').description('bookings as an iCalendar file (stdout without -o)')
    .option('--staff <handle>', "one staff member's bookings")
    .option('--client <id|email>', "one client's bookings (written for the client: no internal notes)")
    .option('--from <date>', 'first date')
    .option('--to <date>', 'last date, inclusive')
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .addHelpText('after', '\nExamples:\n  sched export ics --staff alice --from 2026-12-01 --to 2026-12-31 -o alice.ics\n  sched export ics 12 > booking-12.ics')
    .action(act(exportCmd, 'ics'));
  exp.command('csv <kind>').description('staff, clients, services, availability, engagements or bookings as CSV that sched import reads back (stdout without -o)')
    .option('--from <date>', 'bookings: first date (in the office zone)')
    .option('--to <date>', 'bookings: last date, inclusive')
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .addHelpText('after', '\nExamples:\n  sched export csv clients -o clients.csv\n  sched export csv availability -o availability.csv\n  sched export csv engagements -o engagements.csv\n  sched export csv bookings --from 2026-01-01 --to 2026-12-31 -o bookings.csv')
    .action(act(exportCmd, 'csv'));
  const mail = program.command('mail').description('email (SCHED_SMTP_URL, SCHED_MAIL_FROM)');
  mail.command('test <address>').description('send one message now and report the server\'s answer')
    .addHelpText('after', '\nExample:\n  SCHED_SMTP_URL=smtp://user:pass@mail.example.com:587 SCHED_MAIL_FROM=office@example.com sched mail test me@example.com')
    .action(act(mailCmd, 'test'));
  const outbox = program.command('outbox').description('messages waiting, sent, failed or skipped')
    .addOption(new Option('--status <status>', 'only these').choices(['pending', 'sent', 'failed', 'skipped']))
    .option('--limit <n>', 'at most N messages')
    .action(act(outboxCmd, 'list'));
  outbox.command('retry <id>').description('send a failed or skipped message again at the next run').action(act(outboxCmd, 'retry'));
  program.command('audit').description('who changed what, and when: the audit log, the latest entries (50 by default) oldest first')
    .addOption(new Option('--entity <kind>', 'changes of this kind of record').choices(['booking', 'client', 'staff', 'service', 'engagement', 'setting', 'message']))
    .option('--id <id>', 'of this record (with --entity): a booking id, a client id or email, a staff handle, a service code...')
    .option('--actor <name>', 'made by this user (SCHED_USER, else the OS user)')
    .option('--from <date>', 'from this date (in --tz, else default_tz)')
    .option('--to <date>', 'to this date, included')
    .option('--limit <n>', 'the latest N entries (default 50)')
    .addHelpText('after', '\nExamples:\n  sched audit --entity booking --id 12\n  sched audit --from 2026-12-01 --actor alice --json')
    .action(act(auditCmd, 'list'));
  program.command('daemon').description('send confirmations, reminders, agendas and reports as they fall due')
    .option('--cron <expr>', 'when to look for due messages (default: "* * * * *", every minute)')
    .option('--once', 'send what is due now and exit (for the system crontab)')
    .option('--dry-run', 'write each due message to a folder as an .eml file and change nothing')
    .option('--out <dir>', 'the folder for --dry-run (default: sched-mail)')
    .addHelpText('after', '\nExamples:\n  SCHED_SMTP_URL=smtp://user:pass@mail.example.com:587 SCHED_MAIL_FROM=office@example.com sched daemon\n  * * * * * sched daemon --once        (a crontab line)\n  sched daemon --once --dry-run --out /tmp/mail')
    .action(act(daemonCmd, 'daemon'));

  // ---- interactive calendar
  program.command('tui').description('the interactive calendar: week, month and agenda views; book, move, confirm and cancel with single keys')
    .option('--staff <handle>', 'whose calendar (default: the first active staff member; Tab switches)')
    .option('--week <date>', 'a date in the week to open (default: today)')
    .addHelpText('after', '\nTimes are in the staff member\'s zone, or --tz (z switches). Press ? for every key; see README, "Interactive calendar".\nExample:\n  sched tui --staff alice --week 2026-12-01 --tz Europe/Paris')
    .action(act(tuiCmd, 'run'));

  // ---- office
  const config = program.command('config').description('office settings');
  config.command('set <key> <value>').description('change a setting').action(act(configCmd, 'set'));
  config.command('get <key>').description('one setting').action(act(configCmd, 'get'));
  config.command('list').description('every setting with its value').action(act(configCmd, 'list'));

  program.command('demo').description('a demo office in its own database (--db, else SCHED_DB, else $XDG_DATA_HOME/sched/demo.db)')
    .option('--reset', 'replace the office in that database (one demo did not make is copied beside it first)')
    .addHelpText('after', '\nHere the default database is demo.db, not sched.db: $SCHED_DB, else $XDG_DATA_HOME/sched/demo.db.')
    .action(act(demoCmd, 'demo', 'demo.db'));

  // Asking for help is never refused.
  if (!argv.includes('--help') && !argv.includes('-h')) for (const sub of program.commands) refuseRepeats(sub);
  return program;
}

/**
 * A command's option that takes one value, given twice (`book --staff alice --staff bob`), is refused rather than
 * the last one silently winning. Not the repeatable ones; nor the global options (--db, --tz), which an alias
 * puts before the command and a later one may then override, as the README describes.
 */
function refuseRepeats(cmd: Command): void {
  for (const option of cmd.options) {
    if ((!option.required && !option.optional) || option.variadic || option.parseArg === collect) continue;
    let given = 0;
    cmd.on(`option:${option.name()}`, () => {
      if (++given > 1) throw usage(`${option.long} is given twice`, 'give it once');
    });
  }
  for (const sub of cmd.commands) refuseRepeats(sub);
}
