// The command tree. Each top-level command lives in its own module under src/commands and is imported
// only when it runs (or when its help is asked for): `lapor --version` and `lapor --help` load none.

import { Command, Help, Option, type Argument } from 'commander';
import { exitCodesHelp } from '../io/errors.js';
import { detectLang, parseLang, t, type Lang, type MessageKey } from '../io/i18n.js';
import { commandWords, type CommandModule } from '../cmdutil/command.js';
import type { Deps } from '../cmdutil/deps.js';

interface Entry {
  /** Absent for a hidden command (never listed in the help). */
  summary?: `cmd.${string}` & MessageKey;
  aliases?: readonly string[];
  load: () => Promise<CommandModule>;
}

/** Top-level commands in help order. */
export const COMMANDS: Record<string, Entry> = {
  cases: { summary: 'cmd.cases', load: () => import('../commands/cases/index.js') },
  triage: { summary: 'cmd.triage', load: () => import('../commands/triage/triage.js') },
  bulk: { summary: 'cmd.bulk', load: () => import('../commands/bulk/index.js') },
  templates: { summary: 'cmd.templates', load: () => import('../commands/templates/index.js') },
  sla: { summary: 'cmd.sla', load: () => import('../commands/sla/index.js') },
  import: { summary: 'cmd.import', load: () => import('../commands/import/index.js') },
  export: { summary: 'cmd.export', load: () => import('../commands/export/index.js') },
  stats: { summary: 'cmd.stats', load: () => import('../commands/stats/index.js') },
  audit: { summary: 'cmd.audit', load: () => import('../commands/audit/index.js') },
  events: { summary: 'cmd.events', load: () => import('../commands/events/index.js') },
  tokens: { summary: 'cmd.tokens', load: () => import('../commands/tokens/index.js') },
  institutions: { summary: 'cmd.institutions', aliases: ['inst'], load: () => import('../commands/institutions/index.js') },
  categories: { summary: 'cmd.categories', load: () => import('../commands/categories/index.js') },
  calendar: { summary: 'cmd.calendar', load: () => import('../commands/calendar/index.js') },
  login: { summary: 'cmd.login', load: () => import('../commands/auth/login.js') },
  logout: { summary: 'cmd.logout', load: () => import('../commands/auth/logout.js') },
  whoami: { summary: 'cmd.whoami', load: () => import('../commands/auth/whoami.js') },
  config: { summary: 'cmd.config', load: () => import('../commands/config/index.js') },
  serve: { summary: 'cmd.serve', load: () => import('../commands/serve/serve.js') },
  daemon: { summary: 'cmd.daemon', load: () => import('../commands/daemon/index.js') },
  seed: { summary: 'cmd.seed', load: () => import('../commands/seed/seed.js') },
  demo: { summary: 'cmd.demo', load: () => import('../commands/demo/demo.js') },
  completion: { summary: 'cmd.completion', load: () => import('../commands/completion/completion.js') },
  // what the completion scripts call at every TAB (cobra's protocol)
  __complete: { load: () => import('../commands/completion/complete.js') },
};

/** Every top-level command's module, loaded, in help order (Deps.commandModules: shell completion's tree); or only those named. */
export function loadAllCommands(names?: readonly string[]): Promise<CommandModule[]> {
  const named = ([name, entry]: [string, Entry]) => names === undefined || names.includes(name) || !!entry.aliases?.some((a) => names.includes(a));
  return Promise.all(Object.entries(COMMANDS).filter(named).map(([, entry]) => entry.load()));
}

/** The language flag must be known before the help text is built, so it is read from argv first. */
export function langFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--') break;
    if (argv[i] === '--lang') return argv[i + 1];
    if (argv[i].startsWith('--lang=')) return argv[i].slice('--lang='.length);
  }
  return undefined;
}

/**
 * The language of this run: --lang, else LC_ALL/LC_MESSAGES/LANG. An unknown --lang value falls back to the
 * environment's language here, so that the parser can report it as a usage error (exit 2) in that language.
 */
export function resolveLang(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Lang {
  const flag = langFlag(argv);
  return flag !== undefined && parseLang(flag) !== null ? detectLang(flag, env) : detectLang(undefined, env);
}

/** The first argument that is not a global option: the command to load. */
export function commandName(argv: readonly string[]): string | undefined {
  const [first, second] = commandWords(argv);
  return first === 'help' ? second : first;
}

export function rootHelpEpilogue(lang: Lang): string {
  return [
    '',
    exitCodesHelp(lang),
    t(lang, 'help.environment'),
    '',
    t(lang, 'help.examples'),
    '  $ lapor demo',
    '  $ lapor cases list --status submitted --overdue verify',
    '  $ lapor cases show LPR-2025-0000123',
    '  $ lapor export cases --year 2024 --dialect excel-id -o laporan-2024.csv',
    '  $ lapor login --api https://lapor.example.go.id --profile provinsi',
  ].join('\n');
}

/**
 * Commander's help in the user's language: section titles, the [options]/[command] placeholders and the
 * "(choices: …, default: …)" notes (booleans' default false is left out). Every command inherits it.
 */
export function localizedHelp(lang: Lang): Partial<Help> {
  const base = new Help();
  const titles: Record<string, string> = {
    'Usage:': t(lang, 'help.usageTitle'),
    'Options:': t(lang, 'help.optionsTitle'),
    'Global Options:': t(lang, 'help.globalOptionsTitle'),
    'Commands:': t(lang, 'help.commandsTitle'),
    'Arguments:': t(lang, 'help.argumentsTitle'),
  };
  const placeholders = (text: string) =>
    text
      .replace(/\[options\]/g, t(lang, 'help.optionsPlaceholder'))
      .replace(/\[command\]/g, t(lang, 'help.commandPlaceholder'));
  const notes = (description: string, choices: readonly string[] | undefined, shownDefault: string | undefined) => {
    const extra: string[] = [];
    if (choices) extra.push(t(lang, 'help.choices', { choices: choices.join(', ') }));
    if (shownDefault !== undefined) extra.push(t(lang, 'help.default', { value: shownDefault }));
    if (extra.length === 0) return description;
    if (!description) return `(${extra.join('; ')})`;
    // "status (one or more)" + choices → "status (one or more; choices: …)"
    return description.endsWith(')') ? `${description.slice(0, -1)}; ${extra.join('; ')})` : `${description} (${extra.join('; ')})`;
  };
  // a default that is nothing (no value, a boolean flag's false, an empty list or text) is not shown:
  // `--where` starts as [] so that its action always gets a list, which is no default to tell anyone about
  const defaultText = (value: unknown, description: string | undefined): string | undefined => {
    if (description) return description;
    if (value === undefined || typeof value === 'boolean') return undefined;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    return text.trim() === '' ? undefined : text;
  };
  return {
    showGlobalOptions: true,
    styleTitle: (title: string) => titles[title] ?? title,
    commandUsage: (cmd: Command) => placeholders(base.commandUsage(cmd)),
    subcommandTerm: (cmd: Command) => placeholders(base.subcommandTerm(cmd)),
    visibleGlobalOptions: (cmd: Command) => {
      const out: Option[] = [];
      for (let up = cmd.parent; up; up = up.parent) out.push(...up.options.filter((o) => !o.hidden && o.long !== '--version'));
      return out;
    },
    optionDescription: (option: Option) =>
      notes(option.description, option.argChoices, defaultText(option.defaultValue, option.defaultValueDescription)),
    argumentDescription: (argument: Argument) =>
      notes(argument.description, argument.argChoices, defaultText(argument.defaultValue, argument.defaultValueDescription)),
  };
}

export async function createProgram(deps: Deps, argv: readonly string[]): Promise<Command> {
  const { lang, io } = deps;
  const program = new Command('lapor')
    .description(t(lang, 'help.root'))
    .version(deps.version, '-V, --version', t(lang, 'help.version'))
    .helpOption('-h, --help', t(lang, 'help.help'))
    .helpCommand(false)
    .addOption(new Option('--lang <lang>', t(lang, 'help.lang')).choices(['id', 'en']))
    .option('--api <url>', t(lang, 'help.api'))
    .option('--profile <name>', t(lang, 'help.profile'))
    .option('--debug', t(lang, 'help.debug'))
    .option('--no-pager', t(lang, 'help.noPager'))
    .showSuggestionAfterError(true)
    .configureHelp(localizedHelp(lang))
    // `lapor help cases`, `lapor cases help list`, described in the user's language (the nouns inherit it)
    .helpCommand('help [command]', t(lang, 'help.helpCommand'))
    .configureOutput({
      writeOut: (s) => io.out.write(s),
      writeErr: (s) => io.err.write(s),
      // Parse errors are not printed here: reportError (cli/main.ts) shows them in the user's language.
      outputError: () => {},
    })
    .exitOverride()
    .addHelpText('after', rootHelpEpilogue(lang));

  program.hook('preAction', (_root, action) => {
    const opts = action.optsWithGlobals<{ api?: string; profile?: string; debug?: boolean; pager?: boolean }>();
    deps.globals.api = opts.api;
    deps.globals.profile = opts.profile;
    deps.globals.debug = opts.debug === true;
    if (opts.pager === false) deps.io.disablePager();
  });

  const wanted = commandName(argv);
  for (const [name, entry] of Object.entries(COMMANDS)) {
    if (name === wanted || (wanted !== undefined && entry.aliases?.includes(wanted))) {
      await (await entry.load()).register(program, deps, argv);
    } else if (entry.summary) {
      // listed in the root help; never run (the real module is loaded when this name is asked for)
      program.command(name).description(t(lang, entry.summary as 'cmd.cases'));
    }
  }
  return program;
}
