// Typed CLI errors. Every layer below src/cli throws these; only src/cli/main.ts maps them to text and exit
// codes. A message is either plain text or a function of the language, so an error thrown deep down (where
// the language is not known) can still be shown in Indonesian or English by the one reporter.

import { t, type Lang } from './i18n.js';

/** The exit-code contract (documented in `lapor --help`). Never change the code of a path that used to succeed. */
export const EXIT_CODES = {
  ok: 0,
  error: 1,
  usage: 2,
  partial: 3,
  auth: 4,
  busy: 75,
  cancelled: 130,
} as const;
export type ExitCodeName = keyof typeof EXIT_CODES;
export type ExitCode = (typeof EXIT_CODES)[ExitCodeName];

/** Text that can be shown in either language: a literal string, or `(lang) => t(lang, key, params)`. */
export type Text = string | ((lang: Lang) => string);

export interface CliErrorOptions {
  /** What to do next, shown on its own line after the message. */
  hint?: Text;
  cause?: unknown;
}

function render(text: Text, lang: Lang): string {
  return typeof text === 'string' ? text : text(lang);
}

/** A failure the user can act on. `message` is the English text (for logs); show `localizedMessage(lang)`. */
export class CliError extends Error {
  override name = 'CliError';
  /** Stable per class (LAPOR_ERR_…), as undici's error codes. */
  readonly code: string = 'LAPOR_ERR_CLI';
  readonly exitCode: ExitCode = EXIT_CODES.error;
  private readonly text: Text;
  private readonly hintText: Text | undefined;

  constructor(message: Text, options: CliErrorOptions = {}) {
    super(render(message, 'en'), options.cause === undefined ? undefined : { cause: options.cause });
    this.text = message;
    this.hintText = options.hint;
  }

  get hint(): string | undefined {
    return this.localizedHint('en');
  }

  localizedMessage(lang: Lang): string {
    return render(this.text, lang);
  }

  localizedHint(lang: Lang): string | undefined {
    return this.hintText === undefined ? undefined : render(this.hintText, lang);
  }
}

/** Bad flags or arguments: exit 2. Thrown before any network call. */
export class UsageError extends CliError {
  override name = 'UsageError';
  override readonly code = 'LAPOR_ERR_USAGE';
  override readonly exitCode = EXIT_CODES.usage;
}

/** Some items of a bulk operation failed and the rest were applied: exit 3. */
export class PartialFailureError extends CliError {
  override name = 'PartialFailureError';
  override readonly code = 'LAPOR_ERR_PARTIAL';
  override readonly exitCode = EXIT_CODES.partial;
  readonly failed: number;
  readonly succeeded: number;

  constructor(message: Text, counts: { failed: number; succeeded: number }, options: CliErrorOptions = {}) {
    super(message, options);
    this.failed = counts.failed;
    this.succeeded = counts.succeeded;
  }
}

/** The CLI refuses before asking the API: the caller's role may not use this command (exit 4, as a 401/403). */
export class NotAllowedError extends CliError {
  override name = 'NotAllowedError';
  override readonly code = 'LAPOR_ERR_NOT_ALLOWED';
  override readonly exitCode = EXIT_CODES.auth;
}

/** A lock is held or the server keeps asking to retry later: exit 75 (EX_TEMPFAIL). */
export class BusyError extends CliError {
  override name = 'BusyError';
  override readonly code = 'LAPOR_ERR_BUSY';
  override readonly exitCode = EXIT_CODES.busy;

  constructor(message: Text = (lang) => t(lang, 'error.busy'), options: CliErrorOptions = {}) {
    super(message, options);
  }
}


/**
 * The user answered "no" to a confirmation: nothing was changed, and that is an answer, not a failure. The one
 * reporter shows it as a quiet notice (no error prefix, no colour) on stderr and exits 0.
 */
export class DeclinedError extends CliError {
  override name = 'DeclinedError';
  override readonly code = 'LAPOR_ERR_DECLINED';
  override readonly exitCode = EXIT_CODES.ok;

  constructor(message: Text = (lang) => t(lang, 'confirm.declined')) {
    super(message);
  }
}

/** The user pressed Ctrl-C at a prompt (exit 130): the one CancelledError of every layer. */
export { CancelledError } from '../domain/errors.js';

/** The exit-code table for the root `--help` epilogue, one code a line, in EXIT_CODES order. */
export function exitCodesHelp(lang: Lang): string {
  const lines = (Object.keys(EXIT_CODES) as ExitCodeName[]).map(
    (name) => `  ${String(EXIT_CODES[name]).padStart(3)}  ${t(lang, `exit.${name}`)}`,
  );
  return `${t(lang, 'exit.title')}\n${lines.join('\n')}\n`;
}
