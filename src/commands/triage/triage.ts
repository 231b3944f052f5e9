// lapor triage: walks the verification queue (submitted cases in the token's scope, most urgent verify clock
// first) one case at a time and applies each decision at once with If-Match. A case someone else changed
// meanwhile is fetched again and shown again, never overwritten. Interactive only: without a terminal it
// refuses before any request, and it has no --yes (scripts use the single and bulk action verbs).
//
// Streams: the case cards, notices and prompts go to stderr (where the prompts draw); the closing summary
// is the run's result and goes to stdout. Ctrl-C at any question ends the run with exit 130 after the
// summary; what was applied stays applied.

import { Command, Option } from 'commander';
import {
  ConflictError,
  NotFoundError,
  PreconditionError,
  ValidationError,
} from '../../api/errors.js';
import type { ApiClient, CaseWithVersion } from '../../api/types.js';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import { ACTION_RULES } from '../../domain/actions.js';
import type { Actor, Case, Institution } from '../../domain/types.js';
import { CancelledError, NotAllowedError, UsageError } from '../../io/errors.js';
import type { RenderContext } from '../../io/format.js';
import { roleName, statusName, t, type Lang } from '../../io/i18n.js';
import { sanitizeText } from '../../io/text.js';
import { fmtDecimal } from '../../io/numbers.js';
import type { SimilarCase } from '../../domain/schemas.js';
import { problemText } from '../../io/problems.js';
import { parsePositiveInt } from '../../cmdutil/flags.js';
import { resolveFilterNames } from '../../cmdutil/names.js';
import { decide, type DecideContext } from './decide.js';
import { emptyCounts, renderCaseCard, renderSummary, type TriageCounts, type TriageReference } from './render.js';

export interface TriageOptions {
  /** Only cases addressed to this institution or below it. */
  institution?: string;
  /** Only cases of this category or below it. */
  category?: string;
  /** Stop after this many cases. */
  limit?: number;
}

/** Cases fetched a page at a time: the first card shows at once, however long the queue. */
export const QUEUE_PAGE = 50;
const MAX_LIMIT = 1_000_000;

export function register(program: Command, deps: Deps): void {
  attach(program, createTriageCommand(deps));
}

export function createTriageCommand(deps: Deps, runF: (opts: TriageOptions, deps: Deps) => Promise<void> = triageRun): Command {
  const { lang } = deps;
  return new Command('triage')
    .description(t(lang, 'cmd.triage'))
    .option('--institution <code>', t(lang, 'flag.institution'))
    .option('--category <id>', t(lang, 'flag.category'))
    .option('-L, --limit <n>', t(lang, 'triage.flag.limit'), parsePositiveInt(MAX_LIMIT, lang))
    // not a real option: accepted only to explain why triage has none (see triage.help.interactive)
    .addOption(new Option('-y, --yes').hideHelp())
    .addHelpText(
      'after',
      `\n${t(lang, 'triage.help.interactive')}\n${examples(lang, [
        'lapor triage',
        'lapor triage --institution badung --limit 20',
        'lapor triage --category kesehatan',
      ])}`,
    )
    .action(async (raw: TriageOptions & { yes?: boolean }) => {
      if (raw.yes === true) {
        throw new UsageError((l) => t(l, 'triage.error.noYes'), { hint: (l) => t(l, 'triage.hint.scripted') });
      }
      assertInteractive(deps);
      await runF({ institution: raw.institution, category: raw.category, limit: raw.limit }, deps);
    });
}

/** Triage asks a question per case: without a terminal it is a usage error, before any request. */
export function assertInteractive(deps: Pick<Deps, 'io'>): void {
  if (!deps.io.canPrompt()) {
    throw new UsageError((l) => t(l, 'triage.error.notInteractive'), { hint: (l) => t(l, 'triage.hint.scripted') });
  }
}

export async function triageRun(opts: TriageOptions, deps: Deps): Promise<void> {
  assertInteractive(deps);
  const { io, lang } = deps;
  const api = await deps.api();
  const counts = emptyCounts();
  let session: Session | null = null;
  let cancelled = false;
  try {
    const [actor, institutions, categories, channels] = await Promise.all([
      api.whoami(),
      api.institutions(),
      api.categories(),
      api.channels(),
    ]);
    if (!ACTION_RULES.dispose.roles.includes(actor.role)) {
      throw new NotAllowedError((l) => t(l, 'triage.error.notAdmin', { role: roleName(l, actor.role) }));
    }
    const ref: TriageReference = {
      institutions,
      categories,
      channels: new Map(channels.map((ch) => [ch.id, lang === 'en' ? ch.nameEn : ch.name])),
    };
    session = new Session(api, deps, ref, counts, {
      prompter: deps.prompter,
      lang,
      ref,
      disposeTargets: disposeTargets(institutions, actor),
    });
    // --institution and --category by code or name (cmdutil/names.ts), before the queue is read
    const filters = await resolveFilterNames({ institution: opts.institution, category: opts.category }, api, deps, ref);
    await session.walk({ ...opts, ...filters });
  } catch (err) {
    cancelled = err instanceof CancelledError;
    throw err;
  } finally {
    // the summary is the result of a run that reached the queue (not of one refused at the start)
    if (session?.started) io.out.write(renderSummary(counts, lang, cancelled));
  }
}

/** Active institutions inside the token's subtree (all active ones for a national token), in tree order. */
export function disposeTargets(institutions: readonly Institution[], actor: Actor): Institution[] {
  if (actor.institutionId === null) return institutions.filter((i) => i.active);
  const parent = new Map(institutions.map((i) => [i.id, i.parentId]));
  const within = (id: string): boolean => {
    for (let cur: string | null | undefined = id; cur; cur = parent.get(cur)) if (cur === actor.institutionId) return true;
    return false;
  };
  return institutions.filter((i) => i.active && within(i.id));
}

/** Likely duplicates shown under a case and offered as originals. */
const SIMILAR_SHOWN = 5;

/** "May duplicate:" and one line per likely original: its ID, score and title. */
function renderSimilar(items: readonly SimilarCase[], lang: Lang): string {
  const lines = items.map((s) => `  ${s.trackingId}  ${fmtDecimal(lang, s.score, 2)}  ${sanitizeText(s.title ?? '–')}`);
  return `${t(lang, 'triage.similar.header')}\n${lines.join('\n')}\n`;
}

/** 'passed': the case had left the queue before it could be shown (it is not counted against --limit). */
type CaseOutcome = 'next' | 'passed' | 'quit';

/** One run over the queue: shows each case, asks, applies, and keeps the counts. */
class Session {
  private readonly err: Deps['io']['err'];
  /** The queue answered: from here on the run ends with a summary. */
  started = false;

  constructor(
    private readonly api: ApiClient,
    private readonly deps: Deps,
    private readonly ref: TriageReference,
    private readonly counts: TriageCounts,
    private readonly questions: DecideContext,
  ) {
    this.err = deps.io.err;
  }

  async walk(opts: TriageOptions): Promise<void> {
    const { lang } = this.deps;
    const queue = this.api.iterateCases({
      status: 'submitted',
      institution: opts.institution,
      category: opts.category,
      sort: 'verifyDueAt',
      limit: Math.min(opts.limit ?? QUEUE_PAGE, QUEUE_PAGE),
    });
    let position = 0;
    for await (const listed of queue) {
      this.started = true;
      this.checkSignal();
      const outcome = await this.triageCase(listed, position + 1);
      if (outcome === 'quit') return;
      if (outcome === 'passed') continue;
      position += 1;
      if (opts.limit !== undefined && position >= opts.limit) {
        this.notice(t(lang, 'triage.notice.limitReached', { n: opts.limit }));
        return;
      }
    }
    this.started = true;
    this.notice(t(lang, position === 0 ? 'triage.notice.emptyQueue' : 'triage.notice.queueDone'));
  }

  private async triageCase(listed: Case, position: number): Promise<CaseOutcome> {
    const { lang } = this.deps;
    const id = listed.trackingId;
    // the listing may be minutes old: decide on the case as it is now
    let current = await this.fetch(id);
    if (current === null) return 'passed';
    if (current.case.status !== 'submitted') {
      this.passOver(current.case, position, false);
      return 'passed';
    }
    let notice: string | null = null;
    const similar = await this.similarOf(id);
    for (;;) {
      this.err.write(`\n${renderCaseCard(current.case, position, this.ref, this.context())}`);
      if (similar.length > 0) this.err.write(renderSimilar(similar, this.deps.lang));
      if (notice !== null) this.warn(notice);
      const decision = await decide(current.case, { ...this.questions, similar });
      if (decision.kind === 'skip') {
        this.counts.skipped += 1;
        return 'next';
      }
      if (decision.kind === 'quit') return 'quit';
      try {
        const result = await this.api.act(id, current.version, decision.request);
        this.counts[decision.counter] += 1;
        this.err.write(`${this.deps.io.errColor.green(decision.done)}\n`);
        if (decision.request.action !== 'edit') return 'next';
        // an edit keeps the case in the queue: show it as it is now and ask again
        current = { case: result.case, version: result.case.version, etag: `"${result.case.version}"` };
        notice = null;
      } catch (err) {
        if (err instanceof PreconditionError || err instanceof ConflictError) {
          const seen = current.version;
          const again = await this.fetch(id);
          if (again === null) return 'next';
          if (again.case.status !== 'submitted') {
            this.passOver(again.case, position, true);
            return 'next';
          }
          notice = t(lang, 'triage.notice.stale', { id, seen, current: again.version });
          current = again;
        } else if (err instanceof NotFoundError) {
          this.gone(id);
          return 'next';
        } else if (err instanceof ValidationError) {
          notice = t(lang, 'triage.notice.refused', { detail: problemText(lang, err) });
        } else {
          throw err;
        }
      }
    }
  }

  /** Likely duplicates of the case (desk work, issue #20); none when the server cannot say (an older API). */
  private async similarOf(id: string): Promise<SimilarCase[]> {
    try {
      return (await this.api.similarCases(id, { limit: SIMILAR_SHOWN })).items;
    } catch (err) {
      if (err instanceof NotFoundError) return [];
      throw err;
    }
  }

  /** The case as it is now, or null (after saying so) when it is no longer visible. */
  private async fetch(id: string): Promise<CaseWithVersion | null> {
    try {
      return await this.api.getCase(id);
    } catch (err) {
      if (err instanceof NotFoundError) {
        this.gone(id);
        return null;
      }
      throw err;
    }
  }

  /** Someone else took the case out of the queue: say so (showing it when it had been shown) and move on. */
  private passOver(c: Case, position: number, show: boolean): void {
    if (show) this.err.write(`\n${renderCaseCard(c, position, this.ref, this.context())}`);
    const { lang } = this.deps;
    this.warn(t(lang, 'triage.notice.handledElsewhere', { id: c.trackingId, status: statusName(lang, c.status) }));
    this.counts.changed += 1;
  }

  private gone(id: string): void {
    this.warn(t(this.deps.lang, 'triage.notice.gone', { id }));
    this.counts.changed += 1;
  }

  private checkSignal(): void {
    if (this.deps.signal.aborted) throw new CancelledError();
  }

  private context(): RenderContext {
    const { io, lang } = this.deps;
    return { lang, now: this.deps.now(), tty: io.isErrTTY, color: io.errColor, width: io.width };
  }

  private warn(text: string): void {
    this.err.write(`${this.deps.io.errColor.yellow(text)}\n`);
  }

  private notice(text: string): void {
    this.err.write(`\n${this.deps.io.errColor.dim(text)}\n`);
  }
}
