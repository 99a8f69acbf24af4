// Keys that change data go through the core, as the CLI does: the database changes, or the rules refuse
// with the CLI's own one-line message and nothing changes.
import { describe, expect, it } from 'vitest';
import { book, reschedule } from '../../src/core/booking';
import { complete } from '../../src/core/lifecycle';
import { errorLine } from '../../src/errors';
import { refused } from '../helpers';
import { cell, KEY, freshOffice, openTui } from './office';

const o = freshOffice();

const booking = (id: number) => o.env.store.read((tx) => tx.bookingById(id)!);
const iso = (ms: number) => new Date(ms).toISOString();
/** Everything an action could touch. */
const snapshot = () => o.env.store.read((tx) => ({ bookings: tx.listBookings({}), events: tx.listBookings({}).map((b) => tx.events(b.id)) }));
/** The status line's message, joined again where the frame wrapped it. */
const message = (frame: string) => frame.slice(Math.max(frame.lastIndexOf('✓ '), frame.lastIndexOf('✗ '))).replace(/\s+/g, ' ').trim();

describe('book at the cursor', () => {
  it('finds the client by typing, chooses the service, confirms, and books through the core; u cancels it again', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'l', 'j', 'j', 'b');
    expect(ui.frame()).toContain('Book alice at Thu 3 Dec 10:00 (Europe/Paris)');
    await ui.type('chl');
    expect(ui.frame()).toContain('Chloé Dubois <chloe@example.com>');
    expect(ui.frame()).not.toContain('Ana Lima <ana@example.com>');
    await ui.press(KEY.enter, KEY.down, KEY.enter);
    expect(ui.frame()).toContain('Book Chloé Dubois for Intake interview (60 min) with alice on Thu 3 Dec at 10:00 Europe/Paris?');
    await ui.press('y');
    const made = snapshot().bookings.find((b) => b.startAt === Date.parse('2026-12-03T09:00:00Z') && b.status !== 'cancelled')!;
    expect(made).toMatchObject({ status: 'scheduled', tz: 'Europe/Paris' });
    expect(message(ui.frame())).toBe(`✓ booked booking ${made.id}: Chloé Dubois with alice, Intake interview, Thu 3 Dec 10:00-11:00 Europe/Paris (scheduled) (u undoes)`);
    expect(cell(ui.frame(), '10:00', 3)).toBe('○10:00 Chlo…');

    await ui.press('u');
    expect(booking(made.id)).toMatchObject({ status: 'cancelled', cancelReason: 'undone in sched tui' });
    expect(ui.frame()).toContain(`✓ undone: cancelled booking ${made.id}`);
    expect(cell(ui.frame(), '10:00', 3).trim()).toBe('');
    await ui.press('u');
    expect(ui.frame()).toContain('nothing to undo in this session');
  });

  it('refuses a slot the rules refuse, with the CLI message, and books nothing', async () => {
    const ui = await openTui(o.env);
    const before = snapshot();
    const expected = errorLine(refused(() => book(o.env, { staff: 'alice', client: 'ana@example.com', service: 'coaching', at: '2026-12-05 10:00' })));
    expect(expected).toMatch(/outside alice's working hours/);
    // Saturday: outside Alice's hours. The first service (by code) is coaching.
    await ui.press('l', 'l', 'l', 'l', 'j', 'j', 'b');
    await ui.type('ana\r');
    await ui.press(KEY.enter, 'y');
    expect(message(ui.frame())).toBe(`✗ ${expected}`);
    expect(snapshot()).toEqual(before);
  });

  it('Esc leaves the form step by step without booking', async () => {
    const ui = await openTui(o.env);
    const before = snapshot();
    await ui.press('b');
    await ui.type('ben\r');
    await ui.press(KEY.esc);
    await ui.press(KEY.esc);
    await ui.press(KEY.esc);
    await new Promise((r) => setTimeout(r, 50));
    expect(ui.frame()).not.toContain('Book alice');
    expect(snapshot()).toEqual(before);
  });
});

describe('life cycle keys', () => {
  it('c confirms; u then says a confirmation cannot be undone', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'c');
    expect(booking(o.ids.wedScheduled).status).toBe('confirmed');
    expect(message(ui.frame())).toBe(`✓ confirmed booking ${o.ids.wedScheduled}: Ben Okafor with alice, Intake interview, Wed 2 Dec 09:00-10:00 Europe/Paris (confirmed)`);
    expect(cell(ui.frame(), '09:00', 2)).toBe('●09:00 Ben …');
    await ui.press('u');
    expect(ui.frame()).toContain('✗ a confirmation cannot be undone');
    expect(booking(o.ids.wedScheduled).status).toBe('confirmed');
  });

  it('d marks a started session done, o a no-show (a correction once done)', async () => {
    const ui = await openTui(o.env);
    await ui.press('h', 'j', 'j', 'd');
    expect(booking(o.ids.monConfirmed).status).toBe('completed');
    expect(cell(ui.frame(), '10:00', 0)).toBe('✓10:00 Ana …');
    await ui.press('o');
    expect(booking(o.ids.monConfirmed).status).toBe('no_show');
    expect(ui.frame()).toContain(`✓ no-show: booking ${o.ids.monConfirmed}`);
    await ui.type('jjjjjjjj');
    await ui.press('o');
    expect(booking(o.ids.monLater).status).toBe('no_show');
  });

  it('a step the rules refuse shows the CLI message (message and hint) and changes nothing', async () => {
    const ui = await openTui(o.env);
    const before = snapshot();
    const expected = errorLine(refused(() => complete(o.env, o.ids.tueConfirmed)));
    await ui.press('j', 'j', 'd');
    expect(message(ui.frame())).toBe(`✗ ${expected}`);
    expect(snapshot()).toEqual(before);
    // A scheduled session must be confirmed first: the hint comes along.
    await ui.press('l', 'k', 'k', 'o');
    expect(message(ui.frame())).toBe(`✗ booking ${o.ids.wedScheduled} is still scheduled: confirm it before it can be marked a no-show (sched confirm ${o.ids.wedScheduled})`);
    expect(snapshot()).toEqual(before);
  });

  it('x asks for a reason and a confirmation, then cancels; Esc keeps the booking', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'x', KEY.esc);
    await new Promise((r) => setTimeout(r, 50));
    expect(booking(o.ids.wedScheduled).status).toBe('scheduled');
    await ui.press('x');
    await ui.type('client ill');
    await ui.press(KEY.enter);
    expect(ui.frame()).toContain(`Cancel booking #${o.ids.wedScheduled} (Ben Okafor, Wed 2 Dec 09:00-10:00), reason: client ill?`);
    await ui.press('y');
    expect(booking(o.ids.wedScheduled)).toMatchObject({ status: 'cancelled', cancelReason: 'client ill' });
    expect(ui.frame()).toContain(`✓ cancelled booking ${o.ids.wedScheduled}`);
    expect(cell(ui.frame(), '09:00', 2).trim()).toBe('');
  });

  it('e adds a note to the history', async () => {
    const ui = await openTui(o.env);
    await ui.press('j', 'j', 'e');
    await ui.type('bring the form');
    await ui.press(KEY.enter);
    const notes = o.env.store.read((tx) => tx.events(o.ids.tueConfirmed)).filter((e) => e.kind === 'note');
    expect(notes.map((e) => e.text)).toEqual(['bring the form']);
    expect(ui.frame()).toContain(`✓ noted on booking ${o.ids.tueConfirmed}`);
    expect(ui.frame()).toMatch(/notes\s+bring the form/);
  });

  it('acts on the agenda selection too', async () => {
    const ui = await openTui(o.env);
    await ui.press('a', 'j', 'c');
    expect(booking(o.ids.bobTue).status).toBe('confirmed');
  });
});

describe('reschedule', () => {
  it('r, move the cursor, Enter: moved through the core; u moves it back', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'r');
    expect(ui.frame()).toContain(`MOVING #${o.ids.wedScheduled}`);
    await ui.type('jjjj');
    expect(cell(ui.frame(), '11:00', 2)).toContain(`→ #${o.ids.wedScheduled} here`);
    await ui.press(KEY.enter);
    expect(iso(booking(o.ids.wedScheduled).startAt)).toBe('2026-12-02T10:00:00.000Z');
    expect(ui.frame()).toContain(`✓ rescheduled booking ${o.ids.wedScheduled}: Ben Okafor with alice, Intake interview, Wed 2 Dec 11:00-12:00 Europe/Paris`);
    expect(cell(ui.frame(), '11:00', 2)).toBe('○11:00 Ben …');
    await ui.press('u');
    expect(iso(booking(o.ids.wedScheduled).startAt)).toBe('2026-12-02T08:00:00.000Z');
    expect(ui.frame()).toContain('✓ undone: rescheduled');
  });

  it('a move into blocked time is refused with the CLI message; the booking stays and another time can be tried', async () => {
    const ui = await openTui(o.env);
    const before = snapshot();
    const expected = errorLine(refused(() => reschedule(o.env, { id: o.ids.wedScheduled, at: '2026-12-02 14:00' })));
    await ui.press('l', 'r');
    await ui.type('jjjjjjjjjj');
    await ui.press(KEY.enter);
    expect(message(ui.frame())).toBe(`✗ ${expected}`);
    expect(snapshot()).toEqual(before);
    expect(ui.frame()).toContain(`MOVING #${o.ids.wedScheduled}`);
    await ui.press(KEY.esc);
    await new Promise((r) => setTimeout(r, 50));
    expect(ui.frame()).not.toContain('MOVING');
    expect(snapshot()).toEqual(before);
  });
});
