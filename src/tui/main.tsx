// Puts the calendar on the terminal: the alternate screen (the shell's screen comes back on exit), Ink's
// render, and waiting until q.
import { render, type Instance } from 'ink';
import { writeSync } from 'node:fs';
import { constants } from 'node:os';
import type { Env } from '../core/env';
import { App } from './app';
import { TuiData } from './data';
import type { Start } from './state';

// The alternate screen, and bracketed paste: the terminal marks a paste, so that its line breaks and letters are
// text for the field being typed in, never Enter or command keys (see App).
const ENTER_ALT = '\u001b[?1049h\u001b[?2004h';
const LEAVE_ALT = '\u001b[?2004l\u001b[?1049l';

/**
 * A signal's default action kills the process without the 'exit' event, which would leave the terminal on the
 * alternate screen, in raw mode, with no cursor. These are the ones a terminal session meets (kill, a closed
 * window, Ctrl-C from outside); while we listen, Ink's own signal hook stands aside, so we unmount it here.
 */
const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

export async function runTui(env: Env, start: Start): Promise<void> {
  let left = false;
  /** Whether the terminal is gone (its window closed): writing to it fails then. */
  let gone = false;
  const leave = () => {
    if (left) return;
    left = true;
    try {
      // Written at once, so that a terminal that is gone says so here.
      writeSync(process.stdout.fd, LEAVE_ALT);
    } catch (e) {
      // A busy terminal (EAGAIN) is still there: written the ordinary way. Anything else: it hung up.
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') process.stdout.write(LEAVE_ALT);
      else gone = true;
    }
  };
  /**
   * With the terminal gone, Node's own exit aborts ("Assertion failed ... ResetStdio") trying to restore its
   * mode: the process ends by SIGHUP's default action instead, as a program whose terminal hung up does.
   */
  const hangUp = () => {
    if (!gone) return;
    for (const s of SIGNALS) process.removeAllListeners(s);
    process.kill(process.pid, 'SIGHUP');
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
    hangUp();
    // The shell's convention for a process ended by a signal.
    process.exit(128 + constants.signals[signal]);
  };
  // However else the process ends (q, Ctrl-C, an error), the terminal gets its own screen back.
  process.once('exit', leave);
  for (const s of SIGNALS) process.on(s, onSignal);
  process.stdout.write(ENTER_ALT);
  try {
    app = render(<App data={new TuiData(env)} start={start} />, { exitOnCtrlC: true, patchConsole: true });
    await app.waitUntilExit();
  } finally {
    leave();
    process.off('exit', leave);
    for (const s of SIGNALS) process.off(s, onSignal);
    hangUp();
  }
}
