// Human tables. Columns are lined up by the width text takes in a terminal, not its length: "李小龍" and "😀"
// take two columns a character. Commands import this where they print a table, when they print one (await
// import), so that string-width is no part of a --json run.
import stringWidth from 'string-width';

const LINE_BREAK = /\r\n|\r|\n/;
const COLOUR = /\x1b\[[0-9;]*m/g;
// Characters sched's own tables print that take one column; string-width measures text with any of them
// through Intl.Segmenter, at about 60 µs a cell (an audit of thousands of rows ends most cells with "…").
const NARROW = new Set([...'…↵·–—‘’“”░▒▓█─│✓✗→←↑↓'].filter((c) => stringWidth(c) === 1));

/** The columns a line takes: at once for printable ASCII and the narrow signs above, else by string-width. */
function width(line: string): number {
  const bare = line.includes('\x1b') ? line.replace(COLOUR, '') : line;
  for (let i = 0; i < bare.length; i++) {
    const c = bare.charCodeAt(i);
    if ((c < 0x20 || c > 0x7e) && !NARROW.has(bare[i]!)) return stringWidth(line);
  }
  return bare.length;
}

/** A cell's width: that of its widest line. */
const widthOf = (cell: string) => Math.max(...cell.split(LINE_BREAK).map(width));

/** A cell before the last stays on its row: a line break in it (an actor set to two lines) shows as ↵, as in the TUI. */
const oneLine = (cell: string) => cell.split(LINE_BREAK).join('↵');

/**
 * Left-aligned columns, widths from the content (colours take none). The last cell of a row may span lines
 * (notes, reasons): its later lines start under its first, not at the margin.
 */
export function table(rows: string[][], gap = '  '): string[] {
  const cells = rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : oneLine(c))));
  // The last column is never padded: its width is not needed.
  const widths: number[] = [];
  for (const r of cells) for (let i = 0; i < r.length - 1; i++) widths[i] = Math.max(widths[i] ?? 0, widthOf(r[i]!));
  return cells.flatMap((r) => {
    const lead = r.slice(0, -1).map((c, i) => c + ' '.repeat(widths[i]! - width(c)) + gap).join('');
    const [first = '', ...more] = (r[r.length - 1] ?? '').split(LINE_BREAK);
    const indent = ' '.repeat(r.slice(0, -1).reduce((sum, _, i) => sum + widths[i]! + gap.length, 0));
    return [lead + first, ...more.map((l) => indent + l)].map((l) => l.trimEnd());
  });
}
