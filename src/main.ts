// The single exit point: parses the command line, runs the command, turns every error into one line and an exit code.
import { type Command, CommanderError } from 'commander';
import { errorLine, isSchedError } from './errors';
import { storageError } from './db/sqlite-errors';
import type { Io } from './context';
import { buildProgram } from './program';

export async function main(argv: string[], io: Io): Promise<number> {
  const program = buildProgram(io, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    return report(e, io, () => commandPath(program, argv));
  } finally {
    program.closeStore();
  }
}

/** The words of the command that was typed ("avail block"), for the usage hint. */
function commandPath(program: Command, argv: string[]): string {
  const words: string[] = [];
  let cmd = program;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db' || a === '--tz') i++;
    if (a.startsWith('-')) continue;
    const sub = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!sub) break;
    words.push(a);
    cmd = sub;
  }
  return ['sched', ...words].join(' ');
}

function report(e: unknown, io: Io, usage: () => string): number {
  if (e instanceof CommanderError) {
    // Help and version were printed; a group named without its command ("sched staff") printed its help.
    if (e.exitCode === 0 || e.code === 'commander.help') return e.exitCode === 0 ? 0 : 2;
    const message = e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim();
    io.stderr.write(`sched: ${message} (see ${usage()} --help)\n`);
    // A value the option does not take (--format fax) is invalid input, as any other bad value is; the rest
    // (an unknown option, a missing one) is a usage error.
    return e.code === 'commander.invalidArgument' ? 1 : 2;
  }
  if (isSchedError(e)) {
    io.stderr.write(`sched: ${errorLine(e)}\n`);
    return e.exitCode;
  }
  const err = e as { message?: string; code?: string; stack?: string };
  const stored = storageError(e);
  if (stored) {
    io.stderr.write(`sched: ${errorLine(stored)}\n`);
    return stored.exitCode;
  }
  // Not the user's fault: a short report, the first frames only, and where to look.
  // Paths from dist/ (or node_modules/) on: the V8 code cache keeps the folder the build ran in, which may not be this one.
  const frames = (err?.stack ?? '').split('\n').slice(1, 4).map((l) => l.trim().replace(/^at /, '').replace(/[^\s(]*\/((?:dist|node_modules)\/)/g, '$1')).join(' | ');
  io.stderr.write(`sched: internal error: ${err?.message ?? String(e)}${err?.code ? ` [${err.code}]` : ''}\n  at ${frames || 'unknown'}\n  please report this with the command you ran\n`);
  return 70;
}

export async function run(): Promise<void> {
  // `sched list | head`: a closed pipe ends the output quietly, as for any Unix tool.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
}
