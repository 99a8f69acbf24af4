// Puts the calendar on the terminal: the alternate screen (the shell's screen comes back on exit), Ink's
// render, and waiting until q.
import { render } from 'ink';
import type { Env } from '../core/env';
import { App } from './app';
import { TuiData } from './data';
import type { Start } from './state';

const ENTER_ALT = '\u001b[?1049h';
const LEAVE_ALT = '\u001b[?1049l';

export async function runTui(env: Env, start: Start): Promise<void> {
  const out = process.stdout;
  let left = false;
  const leave = () => {
    if (!left) out.write(LEAVE_ALT);
    left = true;
  };
  // However the process ends (q, Ctrl-C, a signal), the terminal gets its own screen back.
  process.once('exit', leave);
  out.write(ENTER_ALT);
  try {
    const app = render(<App data={new TuiData(env)} start={start} />, { exitOnCtrlC: true, patchConsole: true });
    await app.waitUntilExit();
  } finally {
    leave();
    process.off('exit', leave);
  }
}
