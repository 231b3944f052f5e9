// The command tree. Each top-level command lives in its own module under src/commands and is imported
// only when it runs (or when its help is asked for): `lapor --version` and `lapor --help` load none.

import { Command, Option } from 'commander';
import { exitCodesHelp } from '../io/errors.js';
import { t, type Lang, type MessageKey } from '../io/i18n.js';
import type { Deps } from './deps.js';

export interface CommandModule {
  register(program: Command, deps: Deps): void;
}

interface Entry {
  summary: `cmd.${string}` & MessageKey;
  load: () => Promise<CommandModule>;
}

/** Top-level commands in help order. */
export const COMMANDS: Record<string, Entry> = {
  cases: { summary: 'cmd.cases', load: () => import('../commands/cases/index.js') },
  institutions: { summary: 'cmd.institutions', load: () => import('../commands/institutions/index.js') },
  categories: { summary: 'cmd.categories', load: () => import('../commands/categories/index.js') },
  calendar: { summary: 'cmd.calendar', load: () => import('../commands/calendar/index.js') },
  login: { summary: 'cmd.login', load: () => import('../commands/auth/login.js') },
  logout: { summary: 'cmd.logout', load: () => import('../commands/auth/logout.js') },
  whoami: { summary: 'cmd.whoami', load: () => import('../commands/auth/whoami.js') },
  config: { summary: 'cmd.config', load: () => import('../commands/config/index.js') },
  serve: { summary: 'cmd.serve', load: () => import('../commands/serve/serve.js') },
  seed: { summary: 'cmd.seed', load: () => import('../commands/seed/seed.js') },
  demo: { summary: 'cmd.demo', load: () => import('../commands/demo/demo.js') },
  completion: { summary: 'cmd.completion', load: () => import('../commands/completion/completion.js') },
};

/** The language flag must be known before the help text is built, so it is read from argv first. */
export function langFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--') break;
    if (argv[i] === '--lang') return argv[i + 1];
    if (argv[i].startsWith('--lang=')) return argv[i].slice('--lang='.length);
  }
  return undefined;
}

/** The first argument that is not a global option: the command to load. */
export function commandName(argv: readonly string[]): string | undefined {
  const withValue = new Set(['--lang', '--api', '--profile']);
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (withValue.has(a)) {
      i += 1;
      continue;
    }
    if (a.startsWith('-')) continue;
    return a === 'help' ? argv[i + 1] : a;
  }
  return undefined;
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
    '  $ lapor cases show LPR2024000123',
    '  $ lapor login --api https://lapor.example.go.id --profile provinsi',
    '',
  ].join('\n');
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
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.out.write(s),
      writeErr: (s) => io.err.write(s),
      outputError: (s, write) => write(io.errColor.red(s)),
    })
    .exitOverride()
    .addHelpText('after', rootHelpEpilogue(lang));

  program.hook('preAction', (_root, action) => {
    const opts = action.optsWithGlobals<{ api?: string; profile?: string; debug?: boolean }>();
    deps.globals.api = opts.api;
    deps.globals.profile = opts.profile;
    deps.globals.debug = opts.debug === true;
  });

  const wanted = commandName(argv);
  for (const [name, entry] of Object.entries(COMMANDS)) {
    if (name === wanted) {
      (await entry.load()).register(program, deps);
    } else {
      // listed in the root help; never run (the real module is loaded when this name is asked for)
      program.command(name).description(t(lang, entry.summary as 'cmd.cases'));
    }
  }
  return program;
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
  return `\n${t(lang, 'help.examples')}\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}
