// ? : every key, and what the marks in the grid mean.
import { KEY_HELP } from './keys';
import type { Span } from './line';
import { CURSOR_MARK, FILL, NOW_LINE, STATUS_GLYPH, STATUS_LABEL, STATUS_STYLE } from './theme';
import { fit } from './text';
import { STATUSES } from '../core/types';

export function helpLines(): Span[][] {
  const width = Math.max(...KEY_HELP.map(([k]) => k.length)) + 2;
  const lines: Span[][] = [[{ text: 'Keys', bold: true }, { text: '   (any key closes this)', dim: true }]];
  for (const [k, what] of KEY_HELP) lines.push([{ text: `  ${fit(k, width)}`, bold: true, color: 'cyan' }, { text: what }]);
  lines.push([{ text: ' ' }]);
  lines.push([
    { text: 'Marks  ', bold: true },
    ...STATUSES.flatMap((s): Span[] => [{ text: `${STATUS_GLYPH[s]} ${STATUS_LABEL[s]}`, ...STATUS_STYLE[s] }, { text: '  ' }]),
  ]);
  lines.push([
    { text: '       ' },
    { text: '   ', ...FILL.free.style },
    { text: ' free working time  ' },
    { text: FILL.off.ch.repeat(3), ...FILL.off.style },
    { text: ' outside working hours  ' },
    { text: FILL.blocked.ch.repeat(3), ...FILL.blocked.style },
    { text: ' blocked  ' },
    { text: NOW_LINE.ch.repeat(3), ...NOW_LINE.style },
    { text: ' now  ' },
    { text: CURSOR_MARK, bold: true },
    { text: ' cursor  [today]  +N more in the half hour' },
  ]);
  lines.push([{ text: '       Changes made elsewhere (another terminal, the daemon, an import) appear within a second.', dim: true }]);
  return lines;
}
