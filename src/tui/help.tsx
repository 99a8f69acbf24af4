// ? : every key, and what the marks in the grid mean. Fitted to the terminal: descriptions wrap beside (or,
// when narrow, under) their key, and a help taller than the screen scrolls, with a last line saying how
// much is above and below, so that no key is out of reach on an 80x24 terminal.
import { STATUSES } from '../core/types';
import { KEY_HELP } from './keys';
import type { Span } from './line';
import { CURSOR_MARK, FILL, NOW_LINE, STATUS_GLYPH, STATUS_LABEL, STATUS_STYLE } from './theme';
import { fit, textWidth } from './text';

/** Words into lines of at most `width` columns (a word longer than that gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (!line || textWidth(next) <= width) line = next;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line) out.push(line);
  return out;
}

/** Pieces laid out one after the other, a new line (starting with `indent`) when the next does not fit. */
function pack(first: Span[], indent: string, items: readonly Span[][], columns: number): Span[][] {
  const lines: Span[][] = [];
  let line = [...first];
  let used = textWidth(first.map((s) => s.text).join(''));
  for (const item of items) {
    const w = textWidth(item.map((s) => s.text).join(''));
    if (used > indent.length && used + 2 + w > columns) {
      lines.push(line);
      line = [{ text: indent }];
      used = indent.length;
    }
    if (used > indent.length) line.push({ text: '  ' });
    line.push(...item);
    used += (used > indent.length ? 2 : 0) + w;
  }
  lines.push(line);
  return lines;
}

const MIN_TEXT = 30;

export function helpLines(columns: number): Span[][] {
  const keyWidth = Math.max(...KEY_HELP.map(([k]) => textWidth(k))) + 2;
  // Too narrow for a key column and a readable description beside it: the description goes under its key.
  const stacked = columns - 2 - keyWidth < MIN_TEXT;
  const textRoom = stacked ? columns - 6 : columns - 2 - keyWidth;
  const lines: Span[][] = [[{ text: 'Keys', bold: true }, { text: '   (j k scroll, any other key closes this)', dim: true }]];
  for (const [k, what] of KEY_HELP) {
    const parts = wrap(what, textRoom);
    if (stacked) {
      lines.push([{ text: `  ${k}`, bold: true, color: 'cyan' }]);
      for (const p of parts) lines.push([{ text: `      ${p}` }]);
      continue;
    }
    parts.forEach((p, i) => lines.push([{ text: `  ${fit(i === 0 ? k : '', keyWidth)}`, bold: true, color: 'cyan' }, { text: p }]));
  }
  lines.push([{ text: ' ' }]);
  const marks: Span[][] = [
    ...STATUSES.map((s): Span[] => [{ text: `${STATUS_GLYPH[s]} ${STATUS_LABEL[s]}`, ...STATUS_STYLE[s] }]),
    [{ text: '   ', ...FILL.free.style }, { text: ' free working time' }],
    [{ text: FILL.off.ch.repeat(3), ...FILL.off.style }, { text: ' outside working hours' }],
    [{ text: FILL.blocked.ch.repeat(3), ...FILL.blocked.style }, { text: ' blocked' }],
    [{ text: FILL.gap.ch.repeat(3), ...FILL.gap.style }, { text: ' skipped by the clock (DST)' }],
    [{ text: FILL.once.ch.repeat(3), ...FILL.once.style }, { text: ' a half hour another day has twice (DST), not this one' }],
    [{ text: NOW_LINE.ch.repeat(3), ...NOW_LINE.style }, { text: ' now' }],
    [{ text: CURSOR_MARK, bold: true }, { text: ' cursor' }],
    [{ text: '[today]' }],
    [{ text: '+N more in the half hour (g chooses)' }],
  ];
  lines.push(...pack([{ text: 'Marks  ', bold: true }], '       ', marks, columns));
  for (const p of wrap('Changes made elsewhere (another terminal, the daemon, an import) appear within a second.', columns - 7)) {
    lines.push([{ text: `       ${p}`, dim: true }]);
  }
  return lines;
}

/**
 * The part of the help that fits `height` lines from line `offset` (clamped), and the offset used. When it
 * does not all fit, the last line says what is above and below and how to get there.
 */
export function helpPage(columns: number, height: number, offset: number): { lines: Span[][]; offset: number } {
  const all = helpLines(columns);
  if (all.length <= height) return { lines: all, offset: 0 };
  const body = Math.max(1, height - 1);
  const first = Math.max(0, Math.min(all.length - body, offset));
  const below = all.length - first - body;
  const marker = [
    below > 0 ? `▼ more: ${below} line${below === 1 ? '' : 's'} below (j ↓ Space)` : '(end of the help)',
    first > 0 ? `▲ ${first} above (k ↑)` : '',
  ].filter(Boolean).join('   ');
  return { lines: [...all.slice(first, first + body), [{ text: marker, bold: true, color: 'magenta' }]], offset: first };
}
