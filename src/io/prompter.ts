// Prompts go only through a Prompter, and only when `io.canPrompt()`; every prompt has an equivalent flag.
// The real one draws on stderr (stdout stays for results) with @inquirer/prompts, imported lazily so that
// non-interactive runs never load it. Ctrl-C (inquirer's ExitPromptError) and an aborted prompt become
// CancelledError (exit 130).

import { styleText } from 'node:util';
import { CancelledError, UsageError } from './errors.js';
import { t, type Lang, type MessageKey } from './i18n.js';

export { CancelledError } from './errors.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export interface InputOptions {
  default?: string;
  required?: boolean;
  /** true when valid, else the message to show. */
  validate?: (value: string) => true | string;
}

export type SearchSource<T> = (term: string | undefined) => readonly Choice<T>[] | Promise<readonly Choice<T>[]>;

export interface Prompter {
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
  select<T>(message: string, choices: readonly Choice<T>[]): Promise<T>;
  input(message: string, options?: InputOptions): Promise<string>;
  password(message: string): Promise<string>;
  search<T>(message: string, source: SearchSource<T>): Promise<T>;
}

export interface PrompterStreams {
  input: NodeJS.ReadableStream;
  /** Where the prompt is drawn: stderr. */
  output: NodeJS.WritableStream;
}

/** True for the errors inquirer throws when the user leaves a prompt (Ctrl-C) or it is aborted. */
export function isPromptExit(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError');
}

async function mapCancel<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isPromptExit(err)) throw new CancelledError(undefined, { cause: err });
    throw err;
  }
}

/** inquirer's key-hint actions, in the session's language (an action not listed here is shown as inquirer names it). */
const KEY_ACTIONS: Record<string, MessageKey> = {
  navigate: 'prompt.key.navigate',
  select: 'prompt.key.select',
  'toggle visibility': 'prompt.key.toggleVisibility',
};

/**
 * inquirer's theme in the session's language: the confirmation's words (typing the start of either word, or
 * y/yes/n/no, answers; the answer is echoed as the word), its error, the key hints under select, search and
 * password, and the disabled-choice error. The texts inquirer hard-codes (required input, an empty search)
 * are replaced where the prompts are called.
 */
export function promptThemes(lang: Lang) {
  const keysHelpTip = (keys: [key: string, action: string][]) =>
    keys
      .map(([key, action]) => {
        const shown = Object.hasOwn(KEY_ACTIONS, action) ? t(lang, KEY_ACTIONS[action]) : action;
        return `${styleText('bold', key)} ${styleText('dim', shown)}`;
      })
      .join(styleText('dim', ' • '));
  return {
    confirm: {
      keywords: {
        yes: t(lang, 'prompt.yes'),
        no: t(lang, 'prompt.no'),
        error: ({ yes, no }: { yes: string; no: string }) => t(lang, 'prompt.yesOrNo', { yes, no }),
      },
    },
    select: { style: { keysHelpTip }, i18n: { disabledError: t(lang, 'prompt.disabled') } },
    search: { style: { keysHelpTip } },
    password: { style: { keysHelpTip } },
  };
}

/** The interactive Prompter over @inquirer/prompts, speaking the session's language. */
export function createInquirerPrompter(streams: PrompterStreams, lang: Lang): Prompter {
  const context = { input: streams.input, output: streams.output, clearPromptOnDone: false };
  const load = () => import('@inquirer/prompts');
  const themes = promptThemes(lang);
  return {
    confirm: (message, defaultValue) =>
      mapCancel(async () => (await load()).confirm({ message, default: defaultValue, theme: themes.confirm }, context)),
    select: <T>(message: string, choices: readonly Choice<T>[]) =>
      mapCancel(async () => (await load()).select<T>({ message, choices: [...choices], theme: themes.select }, context)),
    input: (message, options = {}) =>
      mapCancel(async () =>
        (await load()).input(
          {
            message,
            default: options.default,
            // inquirer's own `required` answers in English: the same check, in the session's language
            validate: (value: string) => {
              if (options.required && value === '') return t(lang, 'prompt.required');
              return options.validate?.(value) ?? true;
            },
          },
          context,
        ),
      ),
    password: (message) => mapCancel(async () => (await load()).password({ message, mask: true, theme: themes.password }, context)),
    search: <T>(message: string, source: SearchSource<T>) =>
      mapCancel(async () => {
        const { search, Separator } = await load();
        return search<T>(
          {
            message,
            theme: themes.search,
            // an empty result would show inquirer's English "No results found": say it as a line instead
            source: async (term) => {
              const found = [...(await source(term))];
              return found.length === 0 && term ? [new Separator(t(lang, 'prompt.noResults'))] : found;
            },
          },
          context,
        );
      }),
  };
}

/** A Prompter for non-interactive runs: every question is a usage error that names it. */
export function createNoPrompter(): Prompter {
  const refuse = (message: string): Promise<never> =>
    Promise.reject(
      new UsageError((lang: Lang) => t(lang, 'prompt.notInteractive', { message }), {
        hint: (lang: Lang) => t(lang, 'prompt.notInteractiveHint'),
      }),
    );
  return {
    confirm: (message) => refuse(message),
    select: (message) => refuse(message),
    input: (message) => refuse(message),
    password: (message) => refuse(message),
    search: (message) => refuse(message),
  };
}

// ---------------------------------------------------------------- scripted prompter for tests

/** Matches the question asked: the exact message, or a pattern. Omit to accept any message. */
type MessageMatcher = { message?: string | RegExp };

/**
 * One scripted answer, in the order the questions are expected. For select and search the answer is a
 * choice's value (compared with ===) or, as `{ choose: name }`, a choice's name; search may give the
 * `term` it types first. `{ cancel: true }` answers any question with Ctrl-C.
 */
export type ScriptedAnswer = MessageMatcher &
  (
    | { confirm: boolean }
    | { select: unknown }
    | { select: { choose: string } }
    | { input: string }
    | { password: string }
    | { search: unknown; term?: string }
    | { cancel: true }
  );

export interface ScriptedPrompter extends Prompter {
  /** The messages asked so far, in order. */
  readonly asked: readonly string[];
  /** Throws when scripted answers were left unused. */
  assertDone(): void;
}

type Kind = 'confirm' | 'select' | 'input' | 'password' | 'search';

function kindOf(answer: ScriptedAnswer): Kind | 'cancel' {
  if ('cancel' in answer) return 'cancel';
  if ('confirm' in answer) return 'confirm';
  if ('select' in answer) return 'select';
  if ('input' in answer) return 'input';
  if ('password' in answer) return 'password';
  return 'search';
}

function describe(answer: ScriptedAnswer): string {
  const m = answer.message === undefined ? '' : ` ${String(answer.message)}`;
  return `${kindOf(answer)}${m}`;
}

function pick<T>(message: string, choices: readonly Choice<T>[], wanted: unknown): T {
  const byName =
    typeof wanted === 'object' && wanted !== null && 'choose' in wanted && typeof wanted.choose === 'string'
      ? choices.find((c) => c.name === wanted.choose)
      : undefined;
  const found = byName ?? choices.find((c) => c.value === wanted);
  if (found === undefined) {
    throw new Error(
      `scripted prompter: answer ${JSON.stringify(wanted)} is not a choice of "${message}" ` +
        `(choices: ${choices.map((c) => c.name).join(', ')})`,
    );
  }
  return found.value;
}

/**
 * A Prompter that answers from a script and fails loudly (a plain Error naming the question) on any
 * question it was not told to expect: an extra question, a different kind, or a different message.
 */
export function createScriptedPrompter(answers: readonly ScriptedAnswer[]): ScriptedPrompter {
  const queue = [...answers];
  const asked: string[] = [];

  function next(kind: Kind, message: string): ScriptedAnswer {
    asked.push(message);
    const answer = queue.shift();
    if (answer === undefined) throw new Error(`scripted prompter: unexpected ${kind} "${message}" (no answers left)`);
    const matcher = answer.message;
    const matches =
      matcher === undefined || (typeof matcher === 'string' ? matcher === message : matcher.test(message));
    const answerKind = kindOf(answer);
    if (!matches || (answerKind !== kind && answerKind !== 'cancel')) {
      throw new Error(`scripted prompter: asked ${kind} "${message}", but the script expected ${describe(answer)}`);
    }
    if (answerKind === 'cancel') throw new CancelledError();
    return answer;
  }

  return {
    asked,
    assertDone() {
      if (queue.length > 0) {
        throw new Error(`scripted prompter: ${queue.length} answer(s) not used: ${queue.map(describe).join('; ')}`);
      }
    },
    async confirm(message) {
      const a = next('confirm', message);
      return 'confirm' in a ? a.confirm : unreachable();
    },
    async select<T>(message: string, choices: readonly Choice<T>[]) {
      const a = next('select', message);
      return 'select' in a ? pick(message, choices, a.select) : unreachable();
    },
    async input(message, options = {}) {
      const a = next('input', message);
      if (!('input' in a)) return unreachable();
      const verdict = options.validate?.(a.input) ?? true;
      if (verdict !== true) throw new Error(`scripted prompter: input "${a.input}" for "${message}" is invalid: ${verdict}`);
      return a.input;
    },
    async password(message) {
      const a = next('password', message);
      return 'password' in a ? a.password : unreachable();
    },
    async search<T>(message: string, source: SearchSource<T>) {
      const a = next('search', message);
      if (!('search' in a)) return unreachable();
      return pick(message, await source(a.term), a.search);
    },
  };
}

function unreachable(): never {
  throw new Error('scripted prompter: internal error');
}
