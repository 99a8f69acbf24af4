// Typed errors: code throws them, the single exit point in main.ts prints one line and sets the exit code.

export type ErrorKind = 'invalid' | 'not_found' | 'illegal' | 'not_bookable' | 'usage' | 'failed' | 'busy';

export const EXIT_CODES: Record<ErrorKind, number> = {
  invalid: 1,
  not_found: 1,
  illegal: 1,
  usage: 2,
  not_bookable: 3,
  /** Something outside us refused (the mail server, the file system). */
  failed: 1,
  /** The database stayed locked by another process: nothing was wrong with the command; try again (EX_TEMPFAIL). */
  busy: 75,
};

/**
 * Marks our errors by a registered symbol rather than by class: `sched tui` runs in its own bundle
 * (dist/tui), with its own copy of this class, and its errors must still reach the exit point as ours.
 */
const SCHED_ERROR = Symbol.for('sched.error');

export class SchedError extends Error {
  readonly [SCHED_ERROR] = true;
  readonly kind: ErrorKind;
  readonly hint?: string;
  readonly details?: unknown;

  constructor(kind: ErrorKind, message: string, hint?: string, details?: unknown) {
    super(message);
    this.name = 'SchedError';
    this.kind = kind;
    this.hint = hint;
    this.details = details;
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }
}

/** Bad input: names the field and what would be right. */
export const invalid = (message: string, hint?: string) => new SchedError('invalid', message, hint);
/** The command line itself is wrong (an unknown KIND, a missing option): exit 2, as commander's own errors. */
export const usage = (message: string, hint?: string) => new SchedError('usage', message, hint);
export const notFound = (message: string, hint?: string) => new SchedError('not_found', message, hint);
/** A life-cycle step that the booking's state does not allow. */
export const illegal = (message: string, hint?: string) => new SchedError('illegal', message, hint);
export const notBookable = (message: string, hint?: string, details?: unknown) =>
  new SchedError('not_bookable', message, hint, details);

export const isSchedError = (e: unknown): e is SchedError => typeof e === 'object' && e !== null && (e as { [SCHED_ERROR]?: boolean })[SCHED_ERROR] === true;

/** Messages quote what the user typed; a line break in it (say, a header injected into an email) is shown escaped, so an error stays one line. */
export const oneLine = (text: string) =>
  text.replace(/[\u0000-\u001f\u007f]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The one line a refusal is shown as, by the CLI (after "sched: ") and the interactive calendar alike. */
export const errorLine = (e: SchedError) => `${oneLine(e.message)}${e.hint ? ` (${oneLine(e.hint)})` : ''}`;

/** The problems an error stands for: several when it was raised by `fieldReader`, else itself. */
export const problemsOf = (e: SchedError): SchedError[] => (e.details as { problems?: SchedError[] } | undefined)?.problems ?? [e];

export type FieldReader = ReturnType<typeof fieldReader>;

/**
 * Reads several fields each by itself and reports every bad one at once: a CSV row lists all its problems,
 * a command line all its bad flags (on one line). A field that failed reads as undefined: `done()` throws
 * before such a value can be used, so code between them must not depend on a field that may have failed.
 */
export function fieldReader() {
  const found: SchedError[] = [];
  function read<T>(readField: () => T): T {
    try {
      return readField();
    } catch (e) {
      if (!isSchedError(e)) throw e;
      found.push(...problemsOf(e));
      return undefined as T;
    }
  }
  return {
    read,
    /** A problem found without reading anything (an empty required cell). */
    problem: (e: SchedError) => void found.push(e),
    /** `read` of one given value (narrowed by the caller's `!== undefined`). */
    field: <V, T>(value: V, readField: (value: V) => T): T => read(() => readField(value)),
    done(): void {
      if (found.length === 1) throw found[0]!;
      if (found.length > 1) throw new SchedError(found[0]!.kind, found.map(errorLine).join('; '), undefined, { problems: found });
    },
  };
}
