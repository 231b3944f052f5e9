import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { addVerbs, attach, examples, type Verb } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';

const VERBS: readonly Verb[] = [
  { name: 'list', aliases: ['ls'], load: async () => (await import('./list.js')).createListCommand },
  { name: 'show', aliases: ['view'], load: async () => (await import('./show.js')).createShowCommand },
  { name: 'history', load: async () => (await import('./history.js')).createHistoryCommand },
  // actions: one case by ID, several by IDs or --where (plan, confirm, journal; see lapor bulk)
  { name: 'dispose', load: async () => (await import('./dispose.js')).createDisposeCommand },
  { name: 'redispose', load: async () => (await import('./redispose.js')).createRedisposeCommand },
  { name: 'return', load: async () => (await import('./return.js')).createReturnCommand },
  { name: 'postpone', load: async () => (await import('./postpone.js')).createPostponeCommand },
  { name: 'resume', load: async () => (await import('./resume.js')).createResumeCommand },
  { name: 'archive', load: async () => (await import('./archive.js')).createArchiveCommand },
  { name: 'respond', load: async () => (await import('./respond.js')).createRespondCommand },
  { name: 'close', load: async () => (await import('./close.js')).createCloseCommand },
  { name: 'reopen', load: async () => (await import('./reopen.js')).createReopenCommand },
  { name: 'edit', load: async () => (await import('./edit.js')).createEditCommand },
  // desk work (issue #20): duplicates, copies (tembusan), internal notes, likely duplicates
  { name: 'duplicate', load: async () => (await import('./duplicate.js')).createDuplicateCommand },
  { name: 'copy', load: async () => (await import('./copy.js')).createCopyCommand },
  { name: 'uncopy', load: async () => (await import('./uncopy.js')).createUncopyCommand },
  { name: 'note', load: async () => (await import('./note.js')).createNoteCommand },
  { name: 'similar', load: async () => (await import('./similar.js')).createSimilarCommand },
  // reviewed replies (#20): the review queue, and the admin's two answers to a draft
  { name: 'drafts', load: async () => (await import('./drafts.js')).createDraftsCommand },
  { name: 'approve', load: async () => (await import('./approve.js')).createApproveCommand },
  { name: 'send-back', load: async () => (await import('./send-back.js')).createSendBackCommand },
];

export async function register(program: Command, deps: Deps, argv?: readonly string[]): Promise<void> {
  const cases = new Command('cases')
    .description(t(deps.lang, 'cmd.cases'))
    .addHelpText('after', examples(deps.lang, ['lapor cases list --status submitted', 'lapor cases show LPR-2025-0000123']));
  await addVerbs(cases, VERBS, deps, argv);
  attach(program, cases);
}
