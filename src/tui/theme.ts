// How things look. Every state has a character of its own as well as a colour, so the calendar still
// reads with NO_COLOR or on a monochrome terminal.
import type { Status } from '../core/types';
import type { CellKind } from './layout';

export interface Style {
  color?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
  underline?: boolean;
}

export const STATUS_GLYPH: Record<Status, string> = {
  scheduled: '○',
  confirmed: '●',
  completed: '✓',
  no_show: '?',
  cancelled: '×',
};

export const STATUS_LABEL: Record<Status, string> = {
  scheduled: 'scheduled',
  confirmed: 'confirmed',
  completed: 'completed',
  no_show: 'no-show',
  cancelled: 'cancelled',
};

/** Bookings are blocks of colour: blue while ahead, green done, red cancelled, grey no-show. */
export const STATUS_STYLE: Record<Status, Style> = {
  scheduled: { color: 'white', bg: 'blue' },
  confirmed: { color: 'white', bg: 'blue', bold: true },
  completed: { color: 'black', bg: 'green' },
  no_show: { color: 'white', bg: 'gray' },
  cancelled: { color: 'white', bg: 'red' },
};

/** Text colour for a status word in lists. */
export const STATUS_COLOR: Record<Status, string> = {
  scheduled: 'blue',
  confirmed: 'blue',
  completed: 'green',
  no_show: 'gray',
  cancelled: 'red',
};

/** Background cells: free working time is blank, so a free slot stands out at a glance. */
export const FILL: Record<Exclude<CellKind, 'booking'>, { ch: string; style: Style }> = {
  free: { ch: ' ', style: {} },
  off: { ch: '░', style: { color: 'gray' } },
  blocked: { ch: '▒', style: { color: 'yellow' } },
  // A half hour that the clock skips (DST spring-forward): not free, though no hours are lost in it.
  gap: { ch: '╳', style: { color: 'gray' } },
  // The second row of a half hour that another day shown has twice (the night clocks go back): not on this day.
  once: { ch: '·', style: { color: 'gray' } },
};

/** The row of the current time: its label and today's free cells carry this line. */
export const NOW_LINE = { ch: '─', style: { color: 'red', bold: true } as Style };
export const SEPARATOR = '│';
/** Replaces the separator left of the cursor's cell, so the cursor shows without colour too. */
export const CURSOR_MARK = '▶';
export const CURSOR_STYLE: Style = { inverse: true };
export const TODAY_STYLE: Style = { color: 'yellow', bold: true };
export const ERROR_STYLE: Style = { color: 'red', bold: true };
export const OK_STYLE: Style = { color: 'green' };
