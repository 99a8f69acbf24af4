// Typed errors: code throws them, the single exit point in main.ts prints one line and sets the exit code.

export type ErrorKind = 'invalid' | 'not_found' | 'illegal' | 'not_bookable' | 'usage' | 'failed';

export const EXIT_CODES: Record<ErrorKind, number> = {
  invalid: 1,
  not_found: 1,
  illegal: 1,
  usage: 2,
  not_bookable: 3,
  /** Something outside us refused (the mail server, the file system). */
  failed: 1,
};

export class SchedError extends Error {
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
export const notFound = (message: string, hint?: string) => new SchedError('not_found', message, hint);
/** A life-cycle step that the booking's state does not allow. */
export const illegal = (message: string, hint?: string) => new SchedError('illegal', message, hint);
export const notBookable = (message: string, hint?: string, details?: unknown) =>
  new SchedError('not_bookable', message, hint, details);

export const isSchedError = (e: unknown): e is SchedError => e instanceof SchedError;
