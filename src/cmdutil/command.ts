// How a command module adds its commands to the program: the module contract, lazily loaded verbs, the
// settings every command inherits, and the examples block of a command's help.

import type { Command } from 'commander';
import { t, type Lang } from '../io/i18n.js';
import type { Deps } from './deps.js';

export interface CommandModule {
  /** Adds the command under `program`; a noun given the command line adds only the verb that runs (addVerbs). */
  register(program: Command, deps: Deps, argv?: readonly string[]): void | Promise<void>;
}

/** The arguments that are neither options nor a global option's value, up to `--`: `cases list …`. */
export function commandWords(argv: readonly string[]): string[] {
  const withValue = new Set(['--lang', '--api', '--profile']);
  const words: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--') break;
    if (withValue.has(a)) {
      i += 1;
      continue;
    }
    if (!a.startsWith('-')) words.push(a);
  }
  return words;
}

/** One verb of a noun: its name and aliases, and its command factory, loaded only when it is needed. */
export interface Verb {
  name: string;
  aliases?: readonly string[];
  load: () => Promise<(deps: Deps) => Command>;
}

/**
 * Adds a noun's verbs in help order. Given the command line, only the verb that runs is loaded (`lapor cases
 * list …` loads list.ts and what it imports, not the other twelve verbs); every verb is loaded when the line
 * names none of them: the noun's help, `help`, completion, or a misspelt verb that Commander suggests a name for.
 */
export async function addVerbs(noun: Command, verbs: readonly Verb[], deps: Deps, argv?: readonly string[]): Promise<void> {
  const [first, word] = argv === undefined ? [] : commandWords(argv);
  const wanted = first === 'help' ? undefined : verbs.find((v) => v.name === word || v.aliases?.includes(word ?? ''));
  const factories = await Promise.all((wanted ? [wanted] : verbs).map((v) => v.load()));
  for (const create of factories) noun.addCommand(create(deps));
}

/** Adds a noun's command tree under `parent`, giving every command the parent's output and exit settings. */
export function attach(parent: Command, cmd: Command): void {
  const adopt = (c: Command, from: Command) => {
    c.copyInheritedSettings(from);
    for (const sub of c.commands) adopt(sub, c);
  };
  adopt(cmd, parent);
  parent.addCommand(cmd);
}

/** Shared examples block for a command's --help. */
export function examples(lang: Lang, lines: readonly string[]): string {
  return `\n${t(lang, 'help.examples')}\n${lines.map((l) => `  $ ${l}`).join('\n')}`;
}
