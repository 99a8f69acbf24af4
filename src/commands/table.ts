// Human tables. Columns are lined up by the width text takes in a terminal, not its length: "李小龍" and "😀"
// take two columns a character. Commands import this where they print a table, when they print one (await
// import), so that string-width is no part of a --json run.
import stringWidth from 'string-width';

const LINE_BREAK = /\r\n|\r|\n/;

/** A cell's width: that of its widest line. */
const widthOf = (cell: string) => Math.max(...cell.split(LINE_BREAK).map((line) => stringWidth(line)));

/** A cell before the last stays on its row: a line break in it (an actor set to two lines) shows as ↵, as in the TUI. */
const oneLine = (cell: string) => cell.split(LINE_BREAK).join('↵');

/**
 * Left-aligned columns, widths from the content (colours take none). The last cell of a row may span lines
 * (notes, reasons): its later lines start under its first, not at the margin.
 */
export function table(rows: string[][], gap = '  '): string[] {
  const cells = rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : oneLine(c))));
  const widths: number[] = [];
  for (const r of cells) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, widthOf(c))));
  return cells.flatMap((r) => {
    const lead = r.slice(0, -1).map((c, i) => c + ' '.repeat(widths[i]! - stringWidth(c)) + gap).join('');
    const [first = '', ...more] = (r[r.length - 1] ?? '').split(LINE_BREAK);
    const indent = ' '.repeat(stringWidth(lead));
    return [lead + first, ...more.map((l) => indent + l)].map((l) => l.trimEnd());
  });
}
