// Fitting text into fixed-width cells. The grid is built as plain strings (one Text per line renders far
// faster than one per cell), so widths are counted here: wide East Asian characters and emoji take two
// columns, combining marks none; anything else one.

const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
const ZERO = /[\u0300-\u036f\u200b-\u200f\ufe00-\ufe0f]/u;

export const charWidth = (ch: string): number => (ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1);

export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** The end of `s` in at most `width` columns, an ellipsis first when cut: what is being typed stays in view. */
export function fitEnd(s: string, width: number): string {
  if (textWidth(s) <= width) return s;
  const chars = Array.from(s);
  let out = '';
  let w = 1;
  for (let i = chars.length - 1; i >= 0 && w + charWidth(chars[i]!) <= width; i--) {
    out = chars[i]! + out;
    w += charWidth(chars[i]!);
  }
  return `…${out}`;
}

/** Exactly `width` columns: cut with an ellipsis when too long, padded with `fill` when short. */
export function fit(s: string, width: number, fill = ' '): string {
  if (width <= 0) return '';
  // Control characters would move the terminal's cursor: data typed elsewhere must not break the grid.
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  if (textWidth(clean) <= width) return clean + fill.repeat(width - textWidth(clean));
  let out = '';
  let w = 0;
  for (const ch of clean) {
    const cw = charWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…' + ' '.repeat(width - 1 - w);
}
