// Around the views: the header (office, staff member, period; then zone, view) and the status line (keys, last message).
import { Box, Text } from 'ink';
import type { Staff } from '../core/types';
import { Line, type Span } from './line';
import type { UiState, View } from './state';
import { AGENDA_FILTERS } from './state';
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
  // The zone opens the second line: at the end of the first, a long name or period pushed it off an 80-column screen.
  const tabs: Span[] = [
    { text: `${zone} (${whose})`, color: 'cyan' },
    { text: '  │  ', dim: true },
    ...VIEWS.flatMap((v): Span[] => [
      { text: ` ${v[0]!.toUpperCase()}${v.slice(1)} `, ...(v === state.view ? { inverse: true, bold: true } : { dim: true }) },
      { text: ' ' },
    ]),
  ];
  tabs.push({ text: ` cancelled ${state.showCancelled ? 'shown' : 'hidden'} (v)`, dim: true });
  if (state.view === 'agenda') tabs.push({ text: `   filter: ${AGENDA_FILTERS[state.agendaFilter]!.label} (f)`, dim: true });
  if (state.mode.kind === 'move') tabs.push({ text: `   MOVING #${state.mode.id}: Enter places it, Esc leaves it`, bold: true, color: 'magenta' });
  return (
    <Box flexDirection="column">
      <Line spans={top} />
      <Line spans={tabs} />
    </Box>
  );
}

/** The hints, then the last message (an error in red, marked ✗ so it shows without colour too). */
export function StatusLine({ hints, message }: { hints: string; message: UiState['message'] }) {
  return (
    <Box flexDirection="column">
      <Line spans={[{ text: hints, dim: true }]} />
      <Box height={2}>
        {message ? (
          <Text {...(message.error ? { color: ERROR_STYLE.color, bold: true } : { color: OK_STYLE.color })}>{`${message.error ? '✗' : '✓'} ${message.text}`}</Text>
        ) : (
          <Text> </Text>
        )}
      </Box>
    </Box>
  );
}
