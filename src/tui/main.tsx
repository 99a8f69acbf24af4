// Puts the calendar on the terminal: the alternate screen (the shell's screen comes back on exit), Ink's
// render, and waiting until q.
import { render, type Instance } from 'ink';
import { constants } from 'node:os';
import type { Env } from '../core/env';
import { App } from './app';
import { TuiData } from './data';
import type { Start } from './state';

const ENTER_ALT = '\u001b[?1049h';
const LEAVE_ALT = '\u001b[?1049l';

/**
 * A signal's default action kills the process without the 'exit' event, which would leave the terminal on the
 * alternate screen, in raw mode, with no cursor. These are the ones a terminal session meets (kill, a closed
 * window, Ctrl-C from outside); while we listen, Ink's own signal hook stands aside, so we unmount it here.
 */
const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

export async function runTui(env: Env, start: Start): Promise<void> {
  const out = process.stdout;
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    try {
      out.write(LEAVE_ALT);
    } catch {
      // After SIGHUP the terminal may be gone: nothing left to restore.
    }
  };
  let app: Instance | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      // Gives the terminal back its cursor and cooked mode.
      app?.unmount();
    } catch {
      // As above: a terminal that is gone cannot be written to.
    }
    leave();
    // The shell's convention for a process ended by a signal.
    process.exit(128 + constants.signals[signal]);
  };
  // However else the process ends (q, Ctrl-C, an error), the terminal gets its own screen back.
  process.once('exit', leave);
  for (const s of SIGNALS) process.on(s, onSignal);
  out.write(ENTER_ALT);
  try {
    app = render(<App data={new TuiData(env)} start={start} />, { exitOnCtrlC: true, patchConsole: true });
    await app.waitUntilExit();
  } finally {
    leave();
    process.off('exit', leave);
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}
