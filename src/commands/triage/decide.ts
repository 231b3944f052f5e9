// The questions triage asks about one case, turned into one decision. Asks only through the Prompter; sends
// nothing. Every sub-question offers "Back" to the main question of the same case.

import type { ActionRequest, SimilarCase } from '../../domain/schemas.js';
import { isBlank } from '../../domain/text.js';
import { ARCHIVE_REASONS, CLASSIFICATIONS, type Case, type Classification, type Institution } from '../../domain/types.js';
import { archiveReasonName, classificationName, t, yesNo, type Lang } from '../../io/i18n.js';
import { fmtDecimal } from '../../io/numbers.js';
import { sanitizeText } from '../../io/text.js';
import type { Choice, Prompter } from '../../io/prompter.js';
import {
  categoryChoices,
  categoryText,
  institutionChoices,
  institutionText,
  usualInstitution,
  type TriageCounts,
  type TriageReference,
} from './render.js';

/** What to do with the case: apply one action (and count it), pass it over, or end the session. */
export type Decision =
  | { kind: 'act'; request: ActionRequest; counter: Exclude<keyof TriageCounts, 'skipped' | 'changed'>; done: string }
  | { kind: 'skip' }
  | { kind: 'quit' };

export interface DecideContext {
  prompter: Prompter;
  lang: Lang;
  ref: TriageReference;
  /** The institutions this token may dispose to (active, inside its subtree), in tree order. */
  disposeTargets: readonly Institution[];
  /** Likely duplicates of the case (GET /v1/cases/{id}/similar): offered as originals when there are any. */
  similar?: readonly SimilarCase[];
}

type MainChoice = 'dispose' | 'postpone' | 'archive' | 'edit' | 'skip' | 'quit' | 'duplicate';

/** Asks what to do with `c` until a decision is made ("Back" in a sub-question returns here). */
export async function decide(c: Case, ctx: DecideContext): Promise<Decision> {
  const { prompter, lang } = ctx;
  const id = c.trackingId;
  const choices: Choice<MainChoice>[] = [
    { name: t(lang, 'triage.choice.dispose'), value: 'dispose' },
    { name: t(lang, 'triage.choice.postpone'), value: 'postpone' },
    { name: t(lang, 'triage.choice.archive'), value: 'archive' },
    { name: t(lang, 'triage.choice.edit'), value: 'edit' },
    { name: t(lang, 'triage.choice.skip'), value: 'skip' },
    { name: t(lang, 'triage.choice.quit'), value: 'quit' },
    // last, so that the other choices keep their places whether or not likely duplicates were found
    ...(ctx.similar?.length ? [{ name: t(lang, 'triage.choice.duplicate'), value: 'duplicate' as const }] : []),
  ];
  for (;;) {
    const choice = await prompter.select(t(lang, 'triage.prompt.action', { id }), choices);
    let decision: Decision | null;
    switch (choice) {
      case 'dispose':
        decision = await askDispose(c, ctx);
        break;
      case 'postpone':
        decision = await askPostpone(c, ctx);
        break;
      case 'archive':
        decision = await askArchive(c, ctx);
        break;
      case 'edit':
        decision = await askEdit(c, ctx);
        break;
      case 'skip':
        return { kind: 'skip' };
      case 'quit':
        return { kind: 'quit' };
      case 'duplicate':
        decision = await askDuplicate(c, ctx);
        break;
    }
    if (decision !== null) return decision;
  }
}

async function askDispose(c: Case, ctx: DecideContext): Promise<Decision | null> {
  const { lang } = ctx;
  const suggested = usualInstitution(c.categoryId, ctx.ref.categories);
  const target = await ctx.prompter.search<string | null>(t(lang, 'triage.prompt.institution', { id: c.trackingId }), (term) =>
    institutionChoices(term, ctx.disposeTargets, suggested, lang),
  );
  if (target === null) return null;
  return {
    kind: 'act',
    request: { action: 'dispose', institutionId: target },
    counter: 'disposed',
    done: t(lang, 'triage.done.dispose', { id: c.trackingId, institution: institutionText(target, ctx.ref) }),
  };
}

async function askPostpone(c: Case, ctx: DecideContext): Promise<Decision | null> {
  const { lang } = ctx;
  const note = await ctx.prompter.input(t(lang, 'triage.prompt.postponeNote'), {
    required: true,
    validate: (v) => (isBlank(v) ? t(lang, 'triage.validate.noteRequired') : true),
  });
  return {
    kind: 'act',
    // sent as typed (domain/text.ts: never trimmed)
    request: { action: 'postpone', note },
    counter: 'postponed',
    done: t(lang, 'triage.done.postpone', { id: c.trackingId }),
  };
}

async function askArchive(c: Case, ctx: DecideContext): Promise<Decision | null> {
  const { lang } = ctx;
  const reason = await ctx.prompter.select(t(lang, 'triage.prompt.archiveReason', { id: c.trackingId }), [
    ...ARCHIVE_REASONS.map((r) => ({ name: archiveReasonName(lang, r), value: r })),
    { name: t(lang, 'triage.choice.back'), value: null },
  ]);
  if (reason === null) return null;
  const note = await ctx.prompter.input(t(lang, 'triage.prompt.archiveNote'));
  return {
    kind: 'act',
    request: isBlank(note) ? { action: 'archive', reason } : { action: 'archive', reason, note },
    counter: 'archived',
    done: t(lang, 'triage.done.archive', { id: c.trackingId, reason: archiveReasonName(lang, reason) }),
  };
}

/** Desk work (issue #20): mark the case a duplicate of one of its likely originals (it is archived: counted so). */
async function askDuplicate(c: Case, ctx: DecideContext): Promise<Decision | null> {
  const { lang } = ctx;
  const original = await ctx.prompter.select<string | null>(t(lang, 'triage.ask.original'), [
    ...(ctx.similar ?? []).map((s) => ({ name: `${s.trackingId}  ${fmtDecimal(lang, s.score, 2)}  ${sanitizeText(s.title ?? '–')}`, value: s.trackingId })),
    { name: t(lang, 'triage.choice.back'), value: null },
  ]);
  if (original === null) return null;
  return {
    kind: 'act',
    request: { action: 'duplicate', originalId: original },
    counter: 'archived',
    done: t(lang, 'triage.done.duplicate', { id: c.trackingId, original }),
  };
}

type EditField = 'classification' | 'category' | 'anonymous' | 'confidential';

async function askEdit(c: Case, ctx: DecideContext): Promise<Decision | null> {
  const { lang, prompter } = ctx;
  const id = c.trackingId;
  const flag = (key: 'triage.edit.anonymous' | 'triage.edit.confidential', value: boolean) =>
    t(lang, key, { from: yesNo(lang, value), to: yesNo(lang, !value) });
  const field = await prompter.select<EditField | null>(t(lang, 'triage.prompt.editField', { id }), [
    { name: t(lang, 'triage.edit.classification', { value: classificationName(lang, c.classification) }), value: 'classification' },
    { name: t(lang, 'triage.edit.category', { value: categoryText(lang, c.categoryId, ctx.ref) ?? '–' }), value: 'category' },
    { name: flag('triage.edit.anonymous', c.anonymous), value: 'anonymous' },
    { name: flag('triage.edit.confidential', c.confidential), value: 'confidential' },
    { name: t(lang, 'triage.choice.back'), value: null },
  ]);
  const edit = (changes: Extract<ActionRequest, { action: 'edit' }>['changes'], what: string): Decision => ({
    kind: 'act',
    request: { action: 'edit', changes },
    counter: 'edited',
    done: t(lang, 'triage.done.edit', { id, fields: what }),
  });
  switch (field) {
    case null:
      return null;
    case 'classification': {
      const value = await prompter.select<Classification | null>(t(lang, 'triage.prompt.classification'), [
        ...CLASSIFICATIONS.filter((k) => k !== c.classification).map((k) => ({ name: classificationName(lang, k), value: k })),
        { name: t(lang, 'triage.choice.back'), value: null },
      ]);
      if (value === null) return null;
      return edit({ classification: value }, t(lang, 'triage.edit.classification', { value: classificationName(lang, value) }));
    }
    case 'category': {
      const value = await prompter.search<string | null>(t(lang, 'triage.prompt.category'), (term) =>
        categoryChoices(term, ctx.ref.categories, c.categoryId, lang),
      );
      if (value === null) return null;
      return edit({ categoryId: value }, t(lang, 'triage.edit.category', { value: categoryText(lang, value, ctx.ref) ?? value }));
    }
    case 'anonymous':
      return edit({ anonymous: !c.anonymous }, flag('triage.edit.anonymous', c.anonymous));
    case 'confidential':
      return edit({ confidential: !c.confidential }, flag('triage.edit.confidential', c.confidential));
  }
}
