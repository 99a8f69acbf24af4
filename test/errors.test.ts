import { describe, expect, it, vi } from 'vitest';
import { isSchedError, SchedError } from '../src/errors';

describe('isSchedError', () => {
  it('knows an error made by another copy of the module (sched tui runs in its own bundle)', async () => {
    vi.resetModules();
    const other = await import('../src/errors');
    const theirs = other.notBookable('alice is already booked', 'pick another time');
    expect(theirs).not.toBeInstanceOf(SchedError);
    expect(isSchedError(theirs)).toBe(true);
    expect(theirs.exitCode).toBe(3);
  });

  it('is false for other errors and values', () => {
    expect(isSchedError(new Error('boom'))).toBe(false);
    expect(isSchedError({ kind: 'invalid', message: 'forged' })).toBe(false);
    expect(isSchedError(null)).toBe(false);
    expect(isSchedError('invalid')).toBe(false);
  });
});
