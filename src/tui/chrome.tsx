// Around the views: the header (office, staff member, period; then zone, view) and the status line (keys, last message).
import { Box, Text } from 'ink';
import wrapAnsi from 'wrap-ansi';
import type { Staff } from '../core/types';
import { Line, oneLine, type Span } from './line';
import type { UiState, View } from './state';
import { agendaFilter } from './state';
import { ERROR_STYLE, OK_STYLE } from './theme';

export interface HeaderProps {
  office: string;
  staff: Staff;
  period: string;
  zone: string;
  state: UiState;
}

const VIEWS: View[] = ['week', 'month', 'agenda'];

export function Header({ office, staff, period, zone, state }: HeaderProps) {
  const whose = state.zoneMode === 'staff' ? `${staff.handle}'s zone` : 'your zone';
  const top: Span[] = [
    { text: office, bold: true },
    { text: '  │  ', dim: true },
    { text: `${staff.handle} (${staff.name})`, bold: true, color: 'cyan' },
    ...(staff.active ? [] : [{ text: ' inactive', color: 'yellow' }]),
    { text: '  │  ', dim: true },
    { text: period },
  ];
  // The zone opens the second line: at the end of the first, a long name or period pushed it off an 80-column
  // screen. What is cut first is at the end: a move in progress comes before everything.
  const tabs: Span[] = [
    ...(state.mode.kind === 'move' ? [{ text: `MOVING #${state.mode.id}: Enter places it, Esc leaves it   `, bold: true, color: 'magenta' }] : []),
    { text: `${zone} (${whose})`, color: 'cyan' },
    { text: '  │  ', dim: true },
    ...VIEWS.flatMap((v): Span[] => [
      { text: ` ${v[0]!.toUpperCase()}${v.slice(1)} `, ...(v === state.view ? { inverse: true, bold: true } : { dim: true }) },
      { text: ' ' },
    ]),
  ];
  if (state.view === 'agenda') tabs.push({ text: ` filter: ${agendaFilter(state).label} (f)  `, dim: true });
  tabs.push({ text: ` cancelled ${state.showCancelled ? 'shown' : 'hidden'} (v)`, dim: true });
  return (
    <Box flexDirection="column">
      <Line spans={top} />
      <Line spans={tabs} />
    </Box>
  );
}

const messageText = (message: UiState['message']) => (message ? `${message.error ? '✗' : '✓'} ${oneLine(message.text)}` : ' ');

/** The lines `text` takes at `columns`: wrapped by the library, and with the options, Ink wraps text with. */
export function wrappedLines(text: string, columns: number): number {
  return wrapAnsi(text, Math.max(1, columns), { trim: false, hard: true }).split('\n').length;
}

/** A message needs more than the hints' line and its own two: up to this many lines are taken from the view. */
const MAX_MESSAGE_LINES = 8;

/** The lines the status area takes beyond its usual three (hints and two of message), for a long message. */
export function statusOverflow(message: UiState['message'], columns: number): number {
  return Math.max(0, Math.min(MAX_MESSAGE_LINES, wrappedLines(messageText(message), columns)) - 3);
}

/**
 * The hints, then the last message (an error in red, marked ✗ so it shows without colour too). A message
 * longer than its two lines (a refusal with its next free times, on a narrow terminal) takes the hints' line
 * too, then lines of the view above: the hints are on the ? screen, the message is said once, whole.
 */
export function StatusLine({ hints, message, columns }: { hints: string; message: UiState['message']; columns: number }) {
  const text = messageText(message);
  const need = Math.min(MAX_MESSAGE_LINES, wrappedLines(text, columns));
  const long = need > 2;
  return (
    <Box flexDirection="column">
      {!long && <Line spans={[{ text: hints, dim: true }]} />}
      <Box height={long ? Math.max(3, need) : 2}>
        <Text {...(message?.error ? { color: ERROR_STYLE.color, bold: true } : { color: OK_STYLE.color })}>{text}</Text>
      </Box>
    </Box>
  );
}
