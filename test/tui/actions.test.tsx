// Keys that change data go through the core, as the CLI does: the database changes, or the rules refuse
// with the CLI's own one-line message and nothing changes.
import { describe, expect, it } from 'vitest';
import { addBlock } from '../../src/core/availability-rules';
import { book, reschedule } from '../../src/core/booking';
import { addClient } from '../../src/core/clients';
import { complete, confirm, setNotes, WITHDRAWN_REASON } from '../../src/core/lifecycle';
import { buildReport } from '../../src/core/report';
import { addService, editService } from '../../src/core/services';
import { openSqliteStore } from '../../src/db/sqlite-store';
import type { Env } from '../../src/core/env';
import { errorLine } from '../../src/errors';
import { refused } from '../helpers';
import { cell, KEY, freshOffice, openTui, wait } from './office';

const o = freshOffice();

const booking = (id: number) => o.env.store.read((tx) => tx.bookingById(id)!);
const iso = (ms: number) => new Date(ms).toISOString();
/** Everything an action could touch. */
const snapshot = () => o.env.store.read((tx) => ({ bookings: tx.listBookings({}), events: tx.listBookings({}).map((b) => tx.events(b.id)) }));
/** The status line's message, joined again where the frame wrapped it. */
const message = (frame: string) => frame.slice(Math.max(frame.lastIndexOf('✓ '), frame.lastIndexOf('✗ '))).replace(/\s+/g, ' ').trim();

/** A change made by another process (its own connection), then time for the calendar's live poll to see it. */
async function elsewhere<T>(change: (env: Env) => T): Promise<T> {
  const store = openSqliteStore(o.env.store.path, o.env.now);
  try {
    return change({ store, now: o.env.now, actor: 'elsewhere' });
  } finally {
    store.close();
    await wait(300);
  }
}
const outbox = (id: number) => o.env.store.read((tx) => tx.listMessages({ bookingId: id })).map((m) => `${m.kind}:${m.recipientRole}:${m.status}`).sort();

describe('book at the cursor', () => {
  it('says how many clients the list has above and below what it shows', async () => {
    for (let i = 0; i < 12; i++) addClient(o.env, { name: `Zed ${String(i).padStart(2, '0')}`, email: `zed${i}@example.com` });
    const ui = await openTui(o.env);
    await ui.press('b', ...Array(10).fill(KEY.down));
    const f = ui.frame();
    expect(f).toMatch(/\((\d+) more above\)/);
    expect(f).toMatch(/\((\d+) more below\)/);
  });

  it('finds the client by typing, chooses the service, confirms, and books through the core; u withdraws it again', async () => {
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
    expect(booking(made.id)).toMatchObject({ status: 'cancelled', cancelReason: WITHDRAWN_REASON, lateChange: false });
    expect(ui.frame()).toContain(`✓ undone: withdrew booking ${made.id}`);
    expect(cell(ui.frame(), '10:00', 3).trim()).toBe('');
    await ui.press('u');
    expect(ui.frame()).toContain('nothing to undo in this session');
  });

  it('keeps the client chosen when another terminal adds a client above it while the form is open', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'l', 'j', 'j', 'b', KEY.down, KEY.down);
    expect(ui.frame()).toMatch(/▶ ?Chloé Dubois/);
    await elsewhere((env) => addClient(env, { name: 'Aaron Aardvark', email: 'aaron@example.com' }));
    expect(ui.frame()).toContain('Aaron Aardvark');
    expect(ui.frame()).toMatch(/▶ ?Chloé Dubois/);
    await ui.press(KEY.enter, KEY.enter);
    expect(ui.frame()).toContain('Book Chloé Dubois for');
  });

  it('in a zone a quarter hour off, a half hour drawn free books from where the hours begin in it', async () => {
    // Alice's 09:00 in Paris is 13:45 in Kathmandu: the 13:30 row is drawn free (mostly working time).
    const ui = await openTui(o.env, { tz: 'Asia/Kathmandu' });
    await ui.press('l', 'l');
    expect(ui.frame()).toContain('Thu 3 Dec 13:30  free working time');
    await ui.press('b');
    expect(ui.frame()).toContain('Book alice at Thu 3 Dec 13:45 (Asia/Kathmandu)');
    await ui.type('ben\r');
    await ui.press(KEY.enter, 'y');
    expect(message(ui.frame())).toMatch(/^✓ booked booking \d+: Ben Okafor with alice, Coaching, Thu 3 Dec 13:45-14:15 Asia\/Kathmandu/);
    expect(snapshot().bookings.some((b) => b.startAt === Date.parse('2026-12-03T08:00:00Z') && b.status === 'scheduled')).toBe(true);
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

  it('u withdraws a booking made here as made in error: not a late cancellation, no mail, not in reports', async () => {
    const ui = await openTui(o.env);
    // Wednesday 10:00, a day ahead: inside the 24 h cancellation notice.
    await ui.press('l', 'j', 'j', 'b');
    await ui.type('chl\r');
    await ui.press(KEY.enter, 'y');
    const made = snapshot().bookings.find((b) => b.startAt === Date.parse('2026-12-02T09:00:00Z'))!;
    expect(outbox(made.id)).toEqual(['confirmation:client:pending', 'confirmation:staff:pending', 'reminder:client:pending', 'reminder:client:pending']);
    await ui.press('u');
    expect(booking(made.id)).toMatchObject({ status: 'cancelled', cancelReason: WITHDRAWN_REASON, lateChange: false });
    expect(o.env.store.read((tx) => tx.events(made.id)).map((e) => e.kind)).toEqual(['booked', 'withdrawn']);
    // Nothing goes to the client: no confirmation of a session that is gone, no cancellation of one never heard of.
    expect(outbox(made.id)).toEqual(['confirmation:client:skipped', 'confirmation:staff:skipped', 'reminder:client:skipped', 'reminder:client:skipped']);
    const day = buildReport(o.env, { from: '2026-12-02', to: '2026-12-02', staff: 'alice' }).total;
    expect(day).toMatchObject({ booked: 1, cancelled: 0, lateCancelled: 0 });
  });

  it('u after the confirmation went out withdraws it and tells client and staff it is cancelled', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'l', 'j', 'j', 'b');
    await ui.type('chl\r');
    await ui.press(KEY.enter, 'y');
    const made = snapshot().bookings.find((b) => b.startAt === Date.parse('2026-12-03T09:00:00Z'))!;
    // The daemon sends the confirmation in the meantime.
    o.env.store.write((tx) => {
      for (const m of tx.listMessages({ bookingId: made.id })) if (m.kind === 'confirmation') tx.updateMessage(m.id, { status: 'sent', sentAt: o.env.now() });
    });
    await ui.press('u');
    expect(message(ui.frame())).toBe(`✓ undone: withdrew booking ${made.id}: Chloé Dubois with alice, Coaching, Thu 3 Dec 10:00-10:30 Europe/Paris (cancelled); its confirmation had gone out, so client and staff are told it is cancelled`);
    expect(outbox(made.id)).toEqual(['cancellation:client:pending', 'cancellation:staff:pending', 'confirmation:client:sent', 'confirmation:staff:sent', 'reminder:client:skipped', 'reminder:client:skipped']);
  });

  it('u refuses, and changes nothing, when the booking was changed elsewhere since (confirmed in another terminal)', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'l', 'j', 'j', 'b');
    await ui.type('chl\r');
    await ui.press(KEY.enter, 'y');
    const made = snapshot().bookings.find((b) => b.startAt === Date.parse('2026-12-03T09:00:00Z'))!;
    // Another terminal, within the same millisecond of the frozen clock: only the status tells.
    confirm(o.env, made.id);
    const before = snapshot();
    const mail = outbox(made.id);
    await ui.press('u');
    expect(message(ui.frame())).toBe(`✗ booking ${made.id} was changed since it was booked (now confirmed, Thu 3 Dec 10:00): left as it is (see sched show ${made.id})`);
    expect(snapshot()).toEqual(before);
    expect(outbox(made.id)).toEqual(mail);
    // The entry is used up: it can never apply again.
    await ui.press('u');
    expect(ui.frame()).toContain('nothing to undo in this session');
    expect(booking(made.id).status).toBe('confirmed');
  });

  it('the form keeps the service chosen, not its place, when the list changes elsewhere; a service gone is chosen again', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'l', 'j', 'j', 'b');
    await ui.type('ana\r');
    await ui.press(KEY.down, KEY.enter);
    expect(ui.frame()).toContain('Book Ana Lima for Intake interview (60 min)');
    // Coaching, first in the list, is withdrawn from offer in another terminal: intake moves up to first place.
    await elsewhere((env) => editService(env, 'coaching', { active: false }));
    await ui.press('y');
    const made = snapshot().bookings.find((b) => b.startAt === Date.parse('2026-12-03T09:00:00Z'))!;
    expect(made.serviceId).toBe(o.env.store.read((tx) => tx.serviceByCode('intake')!.id));

    // Now the chosen service itself goes while the form is open: drawing does not fail, and y asks for another.
    await elsewhere((env) => editService(env, 'coaching', { active: true }));
    await ui.press('j', 'j', 'j', 'b');
    await ui.type('ben\r');
    await ui.press(KEY.down, KEY.enter);
    expect(ui.frame()).toContain('Book Ben Okafor for Intake interview (60 min)');
    const before = snapshot();
    await elsewhere((env) => editService(env, 'intake', { active: false }));
    expect(ui.frame()).toContain('service intake is no longer offered (changed elsewhere)');
    await ui.press('y');
    expect(message(ui.frame())).toBe('✗ service intake is no longer offered: choose another');
    expect(ui.frame()).toMatch(/▶ Coaching \(coaching\)/);
    expect(snapshot()).toEqual(before);
  });

  it('Esc leaves the form step by step without booking', async () => {
    const ui = await openTui(o.env);
    const before = snapshot();
    await ui.press('b');
    await ui.type('ben\r');
    await ui.press(KEY.enter);
    expect(ui.frame()).toContain('Book Ben Okafor for Coaching (30 min) with alice on Tue 1 Dec at 09:00 Europe/Paris?');
    await ui.press(KEY.esc);
    // Back to the service, then to the client (the search kept), then out of the form, into the week.
    expect(ui.frame()).toMatch(/client: Ben Okafor\s+service \(↑↓ choose, Enter\):/);
    expect(ui.frame()).toMatch(/▶ Coaching \(coaching\)/);
    await ui.press(KEY.esc);
    expect(ui.frame()).toMatch(/client \(type a name or email, ↑↓ choose, Enter\): ben▏/);
    expect(ui.frame()).toContain('▶ Ben Okafor <ben@example.com>');
    await ui.press(KEY.esc);
    await wait(50);
    expect(ui.frame()).not.toContain('Book alice');
    expect(ui.frame()).toContain('Tue 1 Dec 09:00  free working time');
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

  it('x and r on a session that is over refuse at once, before asking anything', async () => {
    const ui = await openTui(o.env);
    const before = snapshot();
    await ui.type('hjjjjj');
    expect(ui.frame()).toContain(`#${o.ids.monCompleted} ✓ completed`);
    await ui.press('x');
    expect(message(ui.frame())).toBe(`✗ booking ${o.ids.monCompleted} is completed: it cannot be cancelled`);
    expect(ui.frame()).not.toContain('Cancel booking');
    await ui.press('r');
    expect(message(ui.frame())).toBe(`✗ booking ${o.ids.monCompleted} is completed: it can no longer be rescheduled`);
    expect(ui.frame()).not.toContain('MOVING');
    expect(snapshot()).toEqual(before);
  });

  it('a long note keeps its end and the cursor in view as it is typed', async () => {
    const ui = await openTui(o.env);
    await ui.press('j', 'j', 'E');
    const text = `${'word '.repeat(30)}the very end`;
    await ui.type(text);
    const line = ui.lines().find((l) => l.startsWith('note: '))!;
    expect(line.trimEnd()).toMatch(/^note: …(word )+the very end▏$/);
    await ui.press(KEY.enter);
    expect(o.env.store.read((tx) => tx.events(o.ids.tueConfirmed)).filter((e) => e.kind === 'note').map((e) => e.text)).toEqual([text]);
  });

  it('Backspace takes off a whole character (an emoji too), and a paste past the limit says what it left out', async () => {
    const ui = await openTui(o.env);
    await ui.press('j', 'j', 'E');
    await ui.type('ok😀');
    await ui.press(KEY.backspace);
    expect(ui.frame()).toContain('note: ok▏');
    await ui.type('é👍🏽');
    await ui.press(KEY.backspace);
    await ui.press(KEY.enter);
    expect(o.env.store.read((tx) => tx.events(o.ids.tueConfirmed)).filter((e) => e.kind === 'note').map((e) => e.text)).toEqual(['oké']);

    // As long as sched note --text takes (10,000 characters), and a word when a paste goes past it.
    await ui.press('E');
    await ui.type('x'.repeat(9_998));
    await ui.type('END');
    expect(message(ui.frame())).toBe('✗ a note can be at most 10,000 characters: the rest was left out');
    await ui.press(KEY.enter);
    const last = o.env.store.read((tx) => tx.events(o.ids.tueConfirmed)).filter((e) => e.kind === 'note').at(-1)!.text!;
    expect([last.length, last.endsWith('xEN')]).toEqual([10_000, true]);
  });

  it('a paste is text: its line break stays in a note, becomes a space in a reason, and its letters never act as keys', async () => {
    const paste = (text: string) => `\u001b[200~${text}\u001b[201~`;
    const ui = await openTui(o.env);
    await ui.press('j', 'j', 'E');
    await ui.type(paste('Call back Monday\nconfirmed by phone'));
    await ui.press(KEY.enter);
    expect(o.env.store.read((tx) => tx.events(o.ids.tueConfirmed)).filter((e) => e.kind === 'note').map((e) => e.text)).toEqual(['Call back Monday\nconfirmed by phone']);
    await ui.press('x');
    await ui.type(paste('client has not replied\nyet, will call'));
    expect(booking(o.ids.tueConfirmed).status).toBe('confirmed');
    expect(ui.frame()).toContain('client has not replied yet, will call');
    await ui.press(KEY.esc);
    // Outside a field being typed in, a paste does nothing at all.
    const before = snapshot();
    await ui.type(paste('xy'));
    expect(message(ui.frame())).toBe('✗ a paste goes into a field being typed in (a note, a reason, a search): nothing was done');
    expect(snapshot()).toEqual(before);
  });

  it('E adds an internal note to the history and leaves the notes as they are', async () => {
    const ui = await openTui(o.env);
    await ui.press('j', 'j', 'E');
    expect(ui.frame()).toContain(`Internal note on booking #${o.ids.tueConfirmed} (Ana Lima`);
    await ui.type('bring the form');
    await ui.press(KEY.enter);
    const notes = o.env.store.read((tx) => tx.events(o.ids.tueConfirmed)).filter((e) => e.kind === 'note');
    expect(notes.map((e) => e.text)).toEqual(['bring the form']);
    expect(booking(o.ids.tueConfirmed).notes).toBeNull();
    expect(ui.frame()).toContain(`✓ noted on booking ${o.ids.tueConfirmed}`);
    expect(ui.frame()).toMatch(/notes\s+internal: bring the form/);
    await ui.press('u');
    expect(message(ui.frame())).toBe('✗ a note stays in the history; add another with E to correct it (u again undoes the step before it)');
  });

  it('u passes a step it cannot undo (a note) and goes on to the one before it (the booking made here)', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'l', 'j', 'j', 'b');
    await ui.type('chl');
    await ui.press(KEY.enter, KEY.down, KEY.enter, 'y');
    const made = snapshot().bookings.find((b) => b.startAt === Date.parse('2026-12-03T09:00:00Z') && b.status !== 'cancelled')!;
    await ui.press('E');
    await ui.type('called to confirm the room');
    await ui.press(KEY.enter);
    await ui.press('u');
    expect(message(ui.frame())).toMatch(/^✗ a note stays in the history/);
    await ui.press('u');
    expect(ui.frame()).toContain(`✓ undone: withdrew booking ${made.id}`);
    expect(booking(made.id)).toMatchObject({ status: 'cancelled', cancelReason: WITHDRAWN_REASON });
  });

  it('e edits the notes, prefilled; Enter saves through setNotes and the history keeps the old text; u puts it back', async () => {
    setNotes(o.env, o.ids.tueConfirmed, 'first visit');
    const ui = await openTui(o.env);
    await ui.press('j', 'j', 'e');
    expect(ui.frame()).toContain(`Notes of booking #${o.ids.tueConfirmed} (Ana Lima`);
    expect(ui.frame()).toContain('notes: first visit▏');
    await ui.press(KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace);
    await ui.type('call, bring ID');
    expect(ui.frame()).toContain('notes: first call, bring ID▏');
    await ui.press(KEY.enter);
    expect(booking(o.ids.tueConfirmed).notes).toBe('first call, bring ID');
    const history = o.env.store.read((tx) => tx.events(o.ids.tueConfirmed)).filter((e) => e.kind === 'notes');
    expect(history.at(-1)!.text).toBe('notes replaced; they were: first visit');
    expect(message(ui.frame())).toMatch(new RegExp(`^✓ notes set on booking ${o.ids.tueConfirmed}: Ana Lima .* \\(u puts the old ones back\\)$`));
    expect(ui.frame()).not.toContain('Notes of booking');
    expect(ui.frame()).toMatch(/notes\s+first call, bring ID/);

    await ui.press('u');
    expect(booking(o.ids.tueConfirmed).notes).toBe('first visit');
    expect(message(ui.frame())).toMatch(new RegExp(`^✓ undone: notes put back on booking ${o.ids.tueConfirmed}`));
    await ui.press('u');
    expect(ui.frame()).toContain('nothing to undo in this session');
  });

  it('e saving refuses, with the core message, when another terminal changed the notes meanwhile; their text stays', async () => {
    setNotes(o.env, o.ids.tueConfirmed, 'first visit');
    const ui = await openTui(o.env);
    await ui.press('j', 'j', 'e');
    await ui.type(' (late)');
    await elsewhere((env) => setNotes(env, o.ids.tueConfirmed, 'moved to room 2'));
    const before = snapshot();
    await ui.press(KEY.enter);
    const expected = errorLine(refused(() => setNotes(o.env, o.ids.tueConfirmed, 'first visit (late)', { notes: 'first visit' })));
    expect(expected).toMatch(/changed elsewhere/);
    expect(message(ui.frame())).toBe(`✗ ${expected}`);
    expect(booking(o.ids.tueConfirmed).notes).toBe('moved to room 2');
    expect(snapshot()).toEqual(before);
    await ui.press('u');
    expect(ui.frame()).toContain('nothing to undo in this session');
  });

  it('u does not put edited notes back once they changed elsewhere', async () => {
    const ui = await openTui(o.env);
    await ui.press('j', 'j', 'e');
    await ui.type('bring the form\r');
    expect(booking(o.ids.tueConfirmed).notes).toBe('bring the form');
    await elsewhere((env) => setNotes(env, o.ids.tueConfirmed, 'bring two forms'));
    await ui.press('u');
    expect(message(ui.frame())).toMatch(/^✗ the notes of booking \d+ were changed elsewhere meanwhile/);
    expect(booking(o.ids.tueConfirmed).notes).toBe('bring two forms');
  });

  it('e then Esc leaves the notes as they were; e and E on an empty cell say there is no booking', async () => {
    setNotes(o.env, o.ids.tueConfirmed, 'first visit');
    const ui = await openTui(o.env);
    const before = snapshot();
    await ui.press('j', 'j', 'e');
    await ui.type('xyz');
    await ui.press(KEY.backspace, KEY.esc);
    expect(message(ui.frame())).toBe(`✓ the notes of booking ${o.ids.tueConfirmed} stay as they were`);
    expect(ui.frame()).not.toContain('Notes of booking');
    expect(snapshot()).toEqual(before);
    await ui.press('k', 'e');
    expect(message(ui.frame())).toBe('✗ no booking here: move the cursor onto one');
    await ui.press('E');
    expect(message(ui.frame())).toBe('✗ no booking here: move the cursor onto one');
    expect(snapshot()).toEqual(before);
  });

  it('acts on the agenda selection too', async () => {
    const ui = await openTui(o.env);
    await ui.press('a', 'j', 'c');
    expect(booking(o.ids.bobTue).status).toBe('confirmed');
  });

  it('the agenda selection is its session from the start, before any move', async () => {
    const ui = await openTui(o.env);
    await ui.press('a');
    expect(ui.frame()).toContain(`#${o.ids.tueConfirmed} ● confirmed`);
    await elsewhere((env) => book(env, { staff: 'alice', client: 'ben@example.com', service: 'coaching', at: '2026-12-01 09:30' }));
    expect(ui.frame()).toMatch(/Tue 1 Dec\s+09:30-10:00 alice\s+Ben Okafor/);
    await ui.press('x');
    expect(ui.frame()).toContain(`Cancel booking #${o.ids.tueConfirmed} (Ana Lima`);
  });

  it('the agenda selection stays on its session when one is added above it elsewhere', async () => {
    const ui = await openTui(o.env);
    await ui.press('a', 'j');
    expect(ui.frame()).toContain(`#${o.ids.bobTue} ○ scheduled`);
    // Another terminal books Tuesday 12:00 Paris: between the first session (10:00) and the selected one (16:00).
    const other = await elsewhere((env) => book(env, { staff: 'alice', client: 'chloe@example.com', service: 'intake', at: '2026-12-01 12:00' }).bookings[0]!);
    expect(ui.frame()).toMatch(/12:00-13:00 alice\s+Chloé Dubois/);
    await ui.press('c');
    expect(booking(o.ids.bobTue).status).toBe('confirmed');
    expect(booking(other.id).status).toBe('scheduled');
    // Once the selected session leaves the list (filtered out), its place is taken by the next one.
    await ui.press('f');
    expect(ui.frame()).toContain('filter: scheduled');
    await ui.press('j', 'c');
    expect(booking(o.ids.wedScheduled).status).toBe('confirmed');
    expect(ui.frame()).toContain(`#${other.id} ○ scheduled`);
  });
});

describe('several bookings in one half hour', () => {
  it('g chooses which one the keys act on; the pane says which (2 of 3)', async () => {
    addService(o.env, 'group', { name: 'Group workshop', duration: '60', capacity: '3' });
    const seat = (client: string) => book(o.env, { staff: 'alice', client, service: 'group', at: '2026-12-03 14:00' }).bookings[0]!.id;
    const [ana, ben, chloe] = [seat('ana@example.com'), seat('ben@example.com'), seat('chloe@example.com')];
    const ui = await openTui(o.env);
    await ui.type('lljjjjjjjjjj');
    // However narrow the cell, the group's "+2" stays: the name is what gets cut.
    expect(cell(ui.frame(), '14:00', 3)).toBe('○14:00 A… +2');
    expect(ui.frame()).toContain(`#${ana} ○ scheduled  Thu 3 Dec 14:00-15:00  with alice  1 of 3 in this half hour (g: next)`);
    await ui.press('g');
    expect(ui.frame()).toContain(`#${ben} ○ scheduled  Thu 3 Dec 14:00-15:00  with alice  2 of 3 in this half hour (g: next)`);
    expect(ui.frame()).toContain('Ben Okafor <ben@example.com>');
    await ui.press('c');
    expect([ana, ben, chloe].map((id) => booking(id).status)).toEqual(['scheduled', 'confirmed', 'scheduled']);
    // The choice stays on Ben after the change, and on the next row of the same block.
    await ui.press('j');
    expect(ui.frame()).toContain(`#${ben} ● confirmed`);
    await ui.press('k', 'g');
    expect(ui.frame()).toContain(`3 of 3 in this half hour`);
    await ui.press(KEY.enter);
    expect(ui.frame()).toContain(`booking ${chloe}  ○ scheduled`);
    await ui.press(KEY.esc, 'x');
    await ui.type('moved abroad\r');
    await ui.press('y');
    expect([ana, ben, chloe].map((id) => booking(id).status)).toEqual(['scheduled', 'confirmed', 'cancelled']);
    // Chloé's seat is gone from the cell: the choice falls back to the first.
    expect(ui.frame()).toContain(`#${ana} ○ scheduled  Thu 3 Dec 14:00-15:00  with alice  1 of 2 in this half hour (g: next)`);
    await ui.press('g', 'g');
    expect(ui.frame()).toContain(`#${ana} ○ scheduled`);
  });

  it('b into a group session that half hour already has: the keys then act on the new booking', async () => {
    addService(o.env, 'group', { name: 'Group workshop', duration: '60', capacity: '3' });
    const ana = book(o.env, { staff: 'alice', client: 'ana@example.com', service: 'group', at: '2026-12-03 14:00' }).bookings[0]!.id;
    const ui = await openTui(o.env);
    await ui.type('lljjjjjjjjjj');
    await ui.press('b');
    await ui.type('ben\r');
    for (let i = 0; i < 3 && !/▶ ?Group workshop/.test(ui.frame()); i++) await ui.press('j');
    await ui.press(KEY.enter, 'y');
    const ben = snapshot().bookings.find((b) => b.clientId === 2 && b.status !== 'cancelled' && b.startAt === Date.parse('2026-12-03T13:00:00Z'))!.id;
    expect(ui.frame()).toContain(`#${ben} ○ scheduled  Thu 3 Dec 14:00-15:00  with alice  2 of 2 in this half hour (g: next)`);
    await ui.press('c');
    expect([ana, ben].map((id) => booking(id).status)).toEqual(['scheduled', 'confirmed']);
  });

  it('g with one booking, or none, says so', async () => {
    const ui = await openTui(o.env);
    await ui.press('g');
    expect(ui.frame()).toContain('✗ no booking here: move the cursor onto one');
    await ui.press('j', 'j', 'g');
    expect(ui.frame()).toContain(`✓ booking ${o.ids.tueConfirmed} is the only one in this half hour`);
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

  it('u moves a session back once its old time is inside the minimum notice (neither forced nor late), never into the past', async () => {
    editService(o.env, 'intake', { minNotice: '2h' });
    const ui = await openTui(o.env);
    await ui.press('l', 'r');
    await ui.type('jjjj');
    await ui.press(KEY.enter);
    expect(iso(booking(o.ids.wedScheduled).startAt)).toBe('2026-12-02T10:00:00.000Z');
    o.env.setNow('2026-12-02T06:30:00Z'); // Wednesday 07:30 in Paris: the old 09:00 is inside the 2 h notice
    await ui.press('u');
    expect(booking(o.ids.wedScheduled)).toMatchObject({ startAt: Date.parse('2026-12-02T08:00:00Z'), lateChange: false });
    expect(o.env.store.read((tx) => tx.events(o.ids.wedScheduled)).at(-1)!.text).toBeNull();
    expect(message(ui.frame())).toMatch(/^✓ undone: rescheduled/);

    await ui.type('kkkk');
    await ui.press('r');
    await ui.type('jjjj');
    await ui.press(KEY.enter);
    expect(iso(booking(o.ids.wedScheduled).startAt)).toBe('2026-12-02T10:00:00.000Z');
    o.env.setNow('2026-12-02T08:30:00Z'); // 09:30: the old time has begun
    const before = snapshot();
    await ui.press('u');
    expect(message(ui.frame())).toMatch(/^✗ Wed 2 Dec 09:00 is in the past/);
    expect(snapshot()).toEqual(before);
  });

  it('u does not move a session back into a block added at its old time since', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'r');
    await ui.type('jjjj');
    await ui.press(KEY.enter);
    await elsewhere((env) => addBlock(env, 'alice', { from: '2026-12-02 09:00', to: '2026-12-02 10:00', reason: 'training' }));
    const before = snapshot();
    await ui.press('u');
    expect(message(ui.frame())).toMatch(/^✗ alice is away Wed 2 Dec 09:00 - Wed 2 Dec 10:00 \(training\)/);
    expect(snapshot()).toEqual(before);
  });

  it('u steps back through this session\'s own changes: two moves, then a booking and its move', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'r');
    await ui.type('jjjj');
    await ui.press(KEY.enter, 'r');
    await ui.type('jj');
    await ui.press(KEY.enter);
    expect(iso(booking(o.ids.wedScheduled).startAt)).toBe('2026-12-02T11:00:00.000Z');
    await ui.press('u', 'u');
    expect(iso(booking(o.ids.wedScheduled).startAt)).toBe('2026-12-02T08:00:00.000Z');
    expect(message(ui.frame())).toMatch(/^✓ undone: rescheduled/);

    // Thursday 10:00: book, move to 11:00, then undo both: the booking is withdrawn.
    await ui.press('t', 'l', 'l', 'j', 'j', 'b');
    await ui.type('chl\r');
    await ui.press(KEY.enter, 'y', 'r');
    await ui.type('jj');
    await ui.press(KEY.enter);
    const made = snapshot().bookings.find((b) => b.startAt === Date.parse('2026-12-03T10:00:00Z') && b.status !== 'cancelled')!;
    await ui.press('u', 'u');
    expect(booking(made.id)).toMatchObject({ status: 'cancelled', cancelReason: WITHDRAWN_REASON, startAt: Date.parse('2026-12-03T09:00:00Z') });
    expect(message(ui.frame())).toMatch(/^✓ undone: withdrew/);
  });

  it('u does not step back past a change made elsewhere in between (confirmed in another terminal)', async () => {
    const ui = await openTui(o.env);
    await ui.press('t', 'l', 'l', 'j', 'j', 'b');
    await ui.type('chl\r');
    await ui.press(KEY.enter, 'y');
    const made = snapshot().bookings.find((b) => b.startAt === Date.parse('2026-12-03T09:00:00Z') && b.status !== 'cancelled')!;
    await elsewhere((env) => confirm(env, made.id));
    await ui.press('r');
    await ui.type('jj');
    await ui.press(KEY.enter, 'u');
    expect(booking(made.id)).toMatchObject({ status: 'confirmed', startAt: Date.parse('2026-12-03T09:00:00Z') });
    await ui.press('u');
    expect(message(ui.frame())).toMatch(/^✗ booking \d+ was changed since it was booked/);
    expect(booking(made.id).status).toBe('confirmed');
  });

  it('while moving, the action keys do not act on the booking under the cursor', async () => {
    const before = snapshot();
    const ui = await openTui(o.env);
    // Wednesday 09:00 is moved over Tuesday's 10:00 session; c, x, u and b there are refused.
    await ui.press('l', 'r', 'h', 'j', 'j');
    for (const key of ['c', 'x', 'u', 'b', 'd']) {
      await ui.press(key);
      expect(message(ui.frame())).toBe(`✗ moving booking ${o.ids.wedScheduled}: move the cursor, Enter places it there, Esc leaves it`);
    }
    expect(ui.frame()).toContain(`MOVING #${o.ids.wedScheduled}`);
    expect(snapshot()).toEqual(before);
    await ui.press(KEY.esc);
    expect(snapshot()).toEqual(before);
  });

  it('a session at a quarter past keeps its minutes where it goes; Enter where it is changes nothing', async () => {
    reschedule(o.env, { id: o.ids.wedScheduled, at: '2026-12-02 09:15' });
    const before = snapshot();
    const ui = await openTui(o.env);
    await ui.press('l', 'r', KEY.enter);
    expect(message(ui.frame())).toBe(`✓ booking ${o.ids.wedScheduled} stays where it was`);
    expect(snapshot()).toEqual(before);
    await ui.press('r');
    await ui.type('jj');
    await ui.press(KEY.enter);
    expect(iso(booking(o.ids.wedScheduled).startAt)).toBe('2026-12-02T09:15:00.000Z');
  });

  it('u does not move back a booking changed elsewhere since the move (confirmed in another terminal)', async () => {
    const ui = await openTui(o.env);
    await ui.press('l', 'r');
    await ui.type('jjjj');
    await ui.press(KEY.enter);
    expect(iso(booking(o.ids.wedScheduled).startAt)).toBe('2026-12-02T10:00:00.000Z');
    confirm(o.env, o.ids.wedScheduled);
    const before = snapshot();
    await ui.press('u');
    expect(message(ui.frame())).toBe(`✗ booking ${o.ids.wedScheduled} was changed since it was last seen (now confirmed, Wed 2 Dec 11:00): left as it is (see sched show ${o.ids.wedScheduled})`);
    expect(snapshot()).toEqual(before);
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

describe('the night clocks go back', () => {
  // 01:00-02:00 happens twice in New York on Sunday 1 November 2026: 05:00-06:00 UTC, then 06:00-07:00 UTC.
  const night = async () => {
    const { setWeeklyHours } = await import('../../src/core/availability-rules');
    setWeeklyHours(o.env, 'bob', { days: 'sun', from: '00:00', to: '04:00' }, true);
    o.env.setNow('2026-10-30T12:00:00Z');
    const first = book(o.env, { staff: 'bob', client: 'ana@example.com', service: 'coaching', at: '2026-11-01 01:30' }).bookings[0]!;
    const ui = await openTui(o.env, { staff: 'bob', week: '2026-11-01' });
    return { first, ui };
  };
  // Sunday's column; the rows: 00:00 00:30 01:00 01:30 01:00 01:30 02:00 ... 09:00 (where the cursor opens).
  const up = (n: number) => 'k'.repeat(n);

  it('has a row for each time round; b on the second 01:30 books the second one', async () => {
    const { first, ui } = await night();
    expect(iso(first.startAt)).toBe('2026-11-01T05:30:00.000Z');
    const times = ui.lines().map((l) => l.slice(0, 5)).filter((t) => /^0[0-2]:[03]0$/.test(t));
    expect(times).toEqual(['00:00', '00:30', '01:00', '01:30', '01:00', '01:30', '02:00', '02:30']);
    await ui.type(up(15));
    expect(ui.frame()).toContain('Sun 1 Nov 01:30 (UTC-5)');
    await ui.press('b');
    expect(ui.frame()).toContain('Book bob at Sun 1 Nov 01:30 (UTC-5) (America/New_York)');
    await ui.type('ben\r');
    await ui.press(KEY.enter);
    expect(ui.frame()).toContain('Book Ben Okafor for Coaching (30 min) with bob on Sun 1 Nov at 01:30 (UTC-5) America/New_York?');
    await ui.press('y');
    const made = snapshot().bookings.find((b) => b.clientId !== first.clientId && b.startAt < Date.parse('2026-11-02T00:00:00Z'))!;
    expect(iso(made.startAt)).toBe('2026-11-01T06:30:00.000Z');
    // Both sessions are drawn, each in its own row.
    const rows = ui.lines().filter((l) => l.startsWith('01:30'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('01:30 Ana');
    expect(rows[1]).toContain('01:30 Ben');
  });

  it('opens on the second time round when it is now; b on a day that has that half hour once is refused', async () => {
    const { setWeeklyHours } = await import('../../src/core/availability-rules');
    setWeeklyHours(o.env, 'bob', { days: 'sat,sun', from: '00:00', to: '04:00' }, true);
    o.env.setNow('2026-11-01T06:40:00Z'); // 01:40 New York, the second time round
    const ui = await openTui(o.env, { staff: 'bob' });
    expect(ui.frame()).toContain('Sun 1 Nov 01:30 (UTC-5)');
    // Saturday's second 01:30 row: Saturday has 01:30 once.
    await ui.press('h');
    expect(ui.frame()).toContain('this half hour comes round only once on this day');
    const before = snapshot();
    await ui.press('b');
    expect(message(ui.frame())).toBe('✗ this half hour comes round only once on this day: its row is the first of the two');
    expect(snapshot()).toEqual(before);
  });

  it('r moves a session from the first time round to the second, and back with u', async () => {
    const { first, ui } = await night();
    await ui.type(up(17));
    await ui.press('r');
    await ui.type('jj');
    await ui.press(KEY.enter);
    expect(iso(booking(first.id).startAt)).toBe('2026-11-01T06:30:00.000Z');
    expect(message(ui.frame())).toContain('Sun 1 Nov 01:30 (UTC-5)-02:00');
    await ui.press('u');
    expect(iso(booking(first.id).startAt)).toBe('2026-11-01T05:30:00.000Z');
  });
});
