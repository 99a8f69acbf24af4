// The single exit point: parses the command line, runs the command, turns every error into one line and an exit code.
import { CommanderError } from 'commander';
import { errorLine, isSchedError } from './errors';
import type { Io } from './context';
import { buildProgram } from './program';

export async function main(argv: string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    return report(e, io);
  } finally {
    program.closeStore();
  }
}

function report(e: unknown, io: Io): number {
  if (e instanceof CommanderError) {
    // commander has printed its message (usage errors) or the help/version text already.
    return e.exitCode === 0 ? 0 : 2;
  }
  if (isSchedError(e)) {
    io.stderr.write(`sched: ${errorLine(e)}\n`);
    return e.exitCode;
  }
  const err = e as { message?: string; code?: string; stack?: string };
  if (err?.code === 'SQLITE_BUSY') {
    io.stderr.write('sched: the database stayed locked by another sched process; try again\n');
    return 1;
  }
  // Not the user's fault: a short report, the first frames only, and where to look.
  const frames = (err?.stack ?? '').split('\n').slice(1, 4).map((l) => l.trim()).join(' | ');
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
