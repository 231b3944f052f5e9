// `lapor templates …`: answer templates with named variables (#20; domain/templates.ts), kept per institution
// subtree. One verb a file.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { addVerbs, attach, examples, type Verb } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';

const VERBS: readonly Verb[] = [
  { name: 'list', aliases: ['ls'], load: async () => (await import('./list.js')).createListCommand },
  { name: 'show', aliases: ['view'], load: async () => (await import('./show.js')).createShowCommand },
  { name: 'add', aliases: ['create'], load: async () => (await import('./add.js')).createAddCommand },
  { name: 'edit', load: async () => (await import('./edit.js')).createEditCommand },
  { name: 'export', load: async () => (await import('./export.js')).createExportCommand },
  { name: 'import', load: async () => (await import('./import.js')).createImportCommand },
  { name: 'remove', aliases: ['rm'], load: async () => (await import('./remove.js')).createRemoveCommand },
];

export async function register(program: Command, deps: Deps, argv?: readonly string[]): Promise<void> {
  const noun = new Command('templates')
    .description(t(deps.lang, 'cmd.templates'))
    .addHelpText(
      'after',
      `\n${t(deps.lang, 'templates.help.scope')}\n\n${t(deps.lang, 'templates.help.variables')}\n${examples(deps.lang, [
        'lapor templates list',
        'lapor templates show diterima --institution badung.dinkes',
        'lapor cases respond LPR-2025-0000123 --template diterima --dry-run',
      ])}`,
    );
  await addVerbs(noun, VERBS, deps, argv);
  attach(program, noun);
}
