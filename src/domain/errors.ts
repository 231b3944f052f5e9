// Cancellation, the one error every layer shares: the API client's aborted request or wait, a prompt's
// Ctrl-C (a declined confirmation is an answer, not a cancellation: io/errors.ts DeclinedError). Callers test one class, and the CLI maps it to exit 130 in one place
// (cli/main.ts#reportError).

/** The request under way when the caller aborted: its method and URL path (no query string, no credentials). */
export interface CancelTarget {
  method: string;
  path: string;
}

/** Why, in the user's language (the languages of io/i18n.ts). */
export type CancelReason = (lang: 'id' | 'en') => string;

/** The caller cancelled: Ctrl-C during a request, a wait or a prompt. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  /** As Node's own AbortError. */
  readonly code = 'ABORT_ERR';
  readonly method: string | null;
  readonly path: string | null;
  /** Why, when a caller says more than "cancelled"; null for a plain cancellation. */
  readonly reason: CancelReason | null;

  /** `new CancelledError(target)` from the API client; `new CancelledError(reason?)` from the CLI. */
  constructor(about?: CancelTarget | CancelReason | null, options: { cause?: unknown } = {}) {
    const target = about !== null && typeof about === 'object' ? about : null;
    const reason = typeof about === 'function' ? about : null;
    const message = target ? `cancelled (${target.method} ${target.path})` : reason ? reason('en') : 'cancelled';
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.method = target?.method ?? null;
    this.path = target?.path ?? null;
    this.reason = reason;
  }
}
