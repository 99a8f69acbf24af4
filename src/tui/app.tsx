// The interactive calendar: header, the view (week, month, agenda, a booking, help), the pane under it
// (the booking at the cursor, or a form) and the status line. Keys go one at a time through handleKey.
import { Box, useApp, useInput } from 'ink';
import { useRef, useState, type ReactElement } from 'react';
import { AgendaView } from './agenda';
import { Header, StatusLine, statusOverflow } from './chrome';
import { handleKey } from './controller';
import type { TuiData } from './data';
import { detailLines, paneLines } from './detail';
import { dayLabel, monthLabel, periodLabel, wallLabel } from './format';
import { bookLines, cancelLines, noteLines, notesLines } from './forms';
import { helpPage } from './help';
import { HINTS, PASTE_END, PASTE_START, splitKeys } from './keys';
import { monthWeeks, screenRooms } from './layout';
import { Lines, type Span } from './line';
import { MonthView } from './month';
import { agendaFilter, agendaIndex, agendaViews, cellChoice, currentStaff, initialState, weekModel, zoneOf, type Start, type UiState, type WeekModel } from './state';
import { useLive } from './use-live';
import { useSize } from './use-size';
import { WeekView } from './week';

export interface AppProps {
  data: TuiData;
  start: Start;
  /** How often to look for changes made elsewhere. */
  pollMs?: number;
}

export function App({ data, start, pollMs = 500 }: AppProps) {
  const { exit } = useApp();
  const size = useSize();
  const [state, setState] = useState<UiState>(() => initialState(start));
  const latest = useRef(state);
  const [, setTick] = useState(0);
  useLive(data, pollMs, () => setTick((t) => t + 1));

  const pasting = useRef(false);
  useInput((input, key) => {
    // Between the terminal's paste marks, what arrives is one piece of text, however it is split into reads.
    if (input === PASTE_START || input === PASTE_END) {
      pasting.current = input === PASTE_START;
      return;
    }
    let s = latest.current;
    for (const k of pasting.current ? [{ input, key: { paste: true } }] : splitKeys(input, key)) {
      try {
        s = handleKey(s, k, { data, columns: size.columns, rows: size.rows });
      } catch (e) {
        // A bug must not take the screen down with it: say what happened and go on.
        s = { ...s, message: { text: `internal error: ${(e as Error)?.message ?? String(e)}`, error: true } };
      }
      if (s.quit) break;
    }
    latest.current = s;
    setState(s);
    if (s.quit) exit();
  });

  const staff = currentStaff(data, state);
  const zone = zoneOf(state, staff);
  const now = data.env.now();
  // A long message takes lines from the view rather than being cut.
  const rooms = screenRooms(size.rows);
  const mainHeight = Math.max(1, rooms.main - statusOverflow(state.message, size.columns));
  const m = state.mode;

  let period = '';
  let main: Span[][] | ReactElement;
  let pane: Span[][] | undefined;
  let hints = HINTS[state.view];
  let week: WeekModel | undefined;

  if (state.view === 'week') {
    week = weekModel(data, state, size.columns);
    period = periodLabel(week.dates);
    main = <WeekView model={week} now={now} columns={size.columns} height={mainHeight} moving={m.kind === 'move' ? m.id : undefined} />;
    pane = cellPane(data, week, state);
  } else if (state.view === 'month') {
    const dates = monthWeeks(state.cursor.date).flat();
    const counts = data.dayCounts(staff, dates, zone, state.showCancelled);
    period = monthLabel(state.cursor.date);
    main = <MonthView cursor={state.cursor.date} counts={counts} now={now} zone={zone} columns={size.columns} height={mainHeight} />;
    const n = counts.get(state.cursor.date) ?? 0;
    pane = [[{ text: `${dayLabel(state.cursor.date)}: ${n} session${n === 1 ? '' : 's'} with ${staff.handle}`, bold: true }, { text: '   Enter opens the week', dim: true }]];
  } else {
    const views = agendaViews(data, state);
    period = `coming sessions, all staff, ${views.length} shown`;
    const index = agendaIndex(state, views);
    main = <AgendaView views={views} index={index} height={mainHeight} columns={size.columns} filter={agendaFilter(state).label} />;
    const v = views[index];
    const d = v && data.detail(v.booking.id, zone);
    pane = d ? paneLines(d) : [];
  }

  if (m.kind === 'book') pane = bookLines(m, data, staff, zone, rooms.pane, size.columns);
  if (m.kind === 'cancel') pane = cancelLines(m, data, zone, size.columns);
  if (m.kind === 'note') pane = noteLines(m, data, zone, size.columns);
  if (m.kind === 'notes') pane = notesLines(m, data, zone, size.columns);
  if (m.kind === 'cancel' || m.kind === 'note' || m.kind === 'notes' || m.kind === 'move') hints = HINTS[m.kind];
  if (m.kind === 'cancel' && m.step === 'confirm') hints = HINTS.cancelConfirm;
  if (m.kind === 'book') hints = m.step === 'client' ? HINTS.book : m.step === 'service' ? HINTS.bookService : HINTS.bookConfirm;
  if (m.kind === 'detail') {
    const d = data.detail(m.id, zone);
    main = d ? detailLines(d, mainHeight + rooms.pane) : [[{ text: `booking ${m.id} is gone`, color: 'red' }]];
    pane = undefined;
    hints = HINTS.detail;
  }
  if (m.kind === 'help') {
    main = helpPage(size.columns, mainHeight + rooms.pane, m.offset).lines;
    pane = undefined;
    hints = HINTS.help;
  }

  return (
    // The whole screen, always: Ink then redraws a frame as tall as the terminal from its top corner, so nothing of a
    // frame drawn before a resize (which the terminal re-wraps) can stay above or below the new one.
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <Header office={data.basics().officeName} staff={staff} period={period} zone={zone} state={state} />
      {Array.isArray(main) ? <Lines lines={main} /> : main}
      {pane && (
        <Box flexDirection="column" height={rooms.pane}>
          <Lines lines={pane.slice(0, rooms.pane)} />
        </Box>
      )}
      <StatusLine hints={hints} message={state.message} columns={size.columns} />
    </Box>
  );
}

/** The pane under the week: the booking at the cursor, else what the cursor's half hour is. */
function cellPane(data: TuiData, w: WeekModel, s: UiState): Span[][] {
  const cell = w.cell;
  if (!cell) return [];
  const choice = cellChoice(cell, s.cellId);
  if (choice) {
    const d = data.detail(choice.id, w.zone);
    if (d) return paneLines(d, choice);
  }
  const row = w.rows[w.row]!;
  const when = `${dayLabel(s.cursor.date)} ${wallLabel(s.cursor.date, row.minute, row.second, w.zone)}`;
  const what = {
    free: [{ text: 'free working time', color: 'green' }, { text: '   b books here', dim: true }],
    off: [{ text: 'outside working hours' }, { text: '   b asks (the booking rules decide)', dim: true }],
    blocked: [{ text: `blocked${blockReason(w, cell.start, cell.end)}`, color: 'yellow' }],
    gap: [{ text: 'this half hour does not exist (daylight saving time)' }],
    once: [{ text: 'this half hour comes round only once on this day (another day shown has it twice)' }],
    booking: [],
  }[cell.kind] as Span[];
  return [[{ text: `${when}  `, bold: true }, ...what]];
}

function blockReason(w: WeekModel, start: number, end: number): string {
  const b = w.week.blocks.find((x) => x.start < end && start < x.end);
  return b?.reason ? `: ${b.reason}` : '';
}
