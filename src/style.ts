// Colours only on a terminal, never when NO_COLOR is set (https://no-color.org) or TERM is dumb.
export type Paint = (s: string) => string;
export interface Styler {
  enabled: boolean;
  bold: Paint;
  dim: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
  blue: Paint;
  gray: Paint;
}

const sgr = (open: number, close: number): Paint => (s) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain: Paint = (s) => s;

export function styler(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Styler {
  const enabled = !!stream.isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
  const p = (open: number, close: number) => (enabled ? sgr(open, close) : plain);
  return { enabled, bold: p(1, 22), dim: p(2, 22), red: p(31, 39), green: p(32, 39), yellow: p(33, 39), blue: p(34, 39), gray: p(90, 39) };
}
