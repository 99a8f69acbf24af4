// Human tables. Columns are lined up by the width text takes in a terminal, not its length: "李小龍" and "😀"
// take two columns a character. Commands import this where they print a table, when they print one (await
// import), so that string-width is no part of a --json run.
import stringWidth from 'string-width';

/** Left-aligned columns, widths from the content (colours take none). */
export function table(rows: string[][], gap = '  '): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, stringWidth(c))));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - stringWidth(c)))).join(gap).trimEnd());
}
