// What triage shows: the case card, the choice lists of its questions and the closing summary. Pure: data and
// a render context in, text or choices out.

import { clockView } from '../../domain/clocks.js';
import type { Case, Category, Institution } from '../../domain/types.js';
import { displayWidth, sanitizeText, type RenderContext } from '../../io/format.js';
import { classificationName, fieldHeader, statusName, t, type Lang } from '../../io/i18n.js';
import type { Choice } from '../../io/prompter.js';
import { clockCell, relativeTime } from '../../io/time.js';

/** Reference data the card and the questions need, fetched once per run. */
export interface TriageReference {
  institutions: readonly Institution[];
  categories: readonly Category[];
  /** Channel id → display name in the run's language. */
  channels: ReadonlyMap<string, string>;
}

/** At most this many lines of the body are shown; the rest is counted. */
export const BODY_LINES = 6;

export function categoryLabel(lang: Lang, category: Category): string {
  return lang === 'en' && category.nameEn ? category.nameEn : category.name;
}

/** "Jalan dan jembatan (infrastruktur.jalan)", or the bare id when the category is unknown. */
export function categoryText(lang: Lang, categoryId: string | null, ref: TriageReference): string | null {
  if (categoryId === null) return null;
  const found = ref.categories.find((c) => c.id === categoryId);
  return found ? `${categoryLabel(lang, found)} (${found.id})` : categoryId;
}

export function institutionText(id: string, ref: TriageReference): string {
  const found = ref.institutions.find((i) => i.id === id);
  return found ? `${found.name} (${found.id})` : id;
}

/**
 * The usual institution of a category: its own `institutionHint`, else the nearest ancestor's. Null when no
 * category on the way up names one.
 */
export function usualInstitution(categoryId: string | null, categories: readonly Category[]): string | null {
  const seen = new Set<string>();
  for (let id = categoryId; id !== null && !seen.has(id); ) {
    seen.add(id);
    const c = categories.find((x) => x.id === id);
    if (!c) return null;
    if (c.institutionHint) return c.institutionHint;
    id = c.parentId;
  }
  return null;
}

/** Greedy word wrap to `width` terminal columns; words longer than a line are cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const push = () => {
    lines.push(line);
    line = '';
  };
  for (let word of text.split(/ +/).filter((w) => w !== '')) {
    while (displayWidth(word) > width) {
      if (line !== '') push();
      let head = '';
      for (const ch of word) {
        if (displayWidth(head + ch) > width) break;
        head += ch;
      }
      lines.push(head);
      word = word.slice(head.length);
    }
    if (line === '') line = word;
    else if (displayWidth(`${line} ${word}`) <= width) line = `${line} ${word}`;
    else {
      push();
      line = word;
    }
  }
  if (line !== '') push();
  return lines;
}

/**
 * The body as at most BODY_LINES lines of `width` columns, paragraphs kept, terminal escapes removed. When
 * cut, the last line says how many characters were left out and how to read them all.
 */
export function bodyLines(c: Case, width: number, ctx: RenderContext): string[] {
  if (c.body === null) return [];
  const paragraphs = c.body
    .split(/\r?\n/)
    .map((p) => sanitizeText(p).trim())
    .filter((p) => p !== '');
  const all: { text: string; chars: number }[] = [];
  for (const p of paragraphs) for (const line of wrap(p, width)) all.push({ text: line, chars: [...line].length });
  if (all.length <= BODY_LINES) return all.map((l) => l.text);
  const shown = all.slice(0, BODY_LINES - 1);
  const total = paragraphs.reduce((n, p) => n + [...p].length, 0);
  const shownChars = shown.reduce((n, l) => n + l.chars, 0);
  const more = t(ctx.lang, 'triage.card.bodyMore', { n: Math.max(1, total - shownChars), id: c.trackingId });
  return [...shown.map((l) => l.text), ctx.color.dim(more)];
}

function sanitizeOrNull(s: string | null): string | null {
  return s === null ? null : sanitizeText(s);
}

function locationText(c: Case): string | null {
  const parts = [c.village, c.district, c.regency, c.province].filter((p): p is string => p !== null && p !== '');
  return parts.length > 0 ? parts.map((p) => sanitizeText(p)).join(', ') : null;
}

function flagsText(c: Case, ctx: RenderContext): string | null {
  const flags: string[] = [];
  if (c.anonymous) flags.push(ctx.color.yellow(t(ctx.lang, 'triage.card.anonymous')));
  if (c.confidential) flags.push(ctx.color.red(t(ctx.lang, 'triage.card.confidential')));
  return flags.length > 0 ? flags.join(', ') : null;
}

/**
 * One case as triage shows it: a rule with the position, tracking ID and status; the title and the body
 * (cut to BODY_LINES); then the verify clock first, and the classification, category, channel, location,
 * submission time, flags and the institution it is addressed to (when it is).
 */
export function renderCaseCard(c: Case, position: number, ref: TriageReference, ctx: RenderContext): string {
  const { lang, color } = ctx;
  const width = Math.max(40, ctx.width);
  const head = ` ${t(lang, 'triage.card.position', { n: position })} · ${c.trackingId} · ${statusName(lang, c.status)} `;
  const rule = `──${head}${'─'.repeat(Math.max(2, width - displayWidth(head) - 2))}`;
  const lines: string[] = [color.bold(rule)];

  if (c.title === null && c.body === null) {
    lines.push(color.dim(t(lang, 'triage.card.redacted')));
  } else {
    lines.push(color.bold(c.title === null ? t(lang, 'triage.card.noTitle') : sanitizeText(c.title)));
    for (const l of bodyLines(c, width - 2, ctx)) lines.push(`  ${l}`);
  }

  const dash = color.dim('–');
  const verify = clockView(c, 'verify', ctx.now.toISOString());
  const rows: [string, string | null][] = [
    [t(lang, 'column.clock.verify'), clockCell(verify, ctx.now, lang, color)],
    [fieldHeader(lang, 'classification'), classificationName(lang, c.classification)],
    [fieldHeader(lang, 'categoryId'), sanitizeOrNull(categoryText(lang, c.categoryId, ref))],
    [fieldHeader(lang, 'channel'), sanitizeText(ref.channels.get(c.channel) ?? c.channel)],
    [t(lang, 'triage.card.location'), locationText(c)],
    [fieldHeader(lang, 'submittedAt'), relativeTime(c.submittedAt, ctx.now, lang)],
    [t(lang, 'triage.card.flags'), flagsText(c, ctx)],
  ];
  if (c.institutionId !== null) rows.push([t(lang, 'triage.card.target'), sanitizeText(institutionText(c.institutionId, ref))]);
  const labelWidth = Math.max(...rows.map(([label]) => displayWidth(label) + 1));
  lines.push('');
  for (const [label, value] of rows) {
    const text = `${label}:`;
    lines.push(`${color.bold(text)}${' '.repeat(labelWidth - displayWidth(text) + 1)}${value ?? dash}`);
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- choices

/** True when every word of the search term occurs in the text (case-insensitive). */
export function matchesTerm(text: string, term: string | undefined): boolean {
  const words = (term ?? '').toLowerCase().split(/\s+/).filter((w) => w !== '');
  const hay = text.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/**
 * The institutions a case may be disposed to, matching the search term: the category's usual institution
 * first (marked with a star and described), then the others in tree order, then "Back" (value null) so the question can be left.
 */
export function institutionChoices(
  term: string | undefined,
  candidates: readonly Institution[],
  suggestedId: string | null,
  lang: Lang,
): Choice<string | null>[] {
  const matching = candidates.filter((i) => matchesTerm(`${i.id} ${i.name}`, term));
  const suggested = matching.find((i) => i.id === suggestedId);
  const rest = matching.filter((i) => i !== suggested);
  const choice = (i: Institution, mark: boolean): Choice<string | null> =>
    mark
      ? { name: `★ ${sanitizeText(i.name)} (${i.id})`, value: i.id, description: t(lang, 'triage.choice.suggested') }
      : { name: `${sanitizeText(i.name)} (${i.id})`, value: i.id };
  return [
    ...(suggested ? [choice(suggested, true)] : []),
    ...rest.map((i) => choice(i, false)),
    { name: t(lang, 'triage.choice.back'), value: null },
  ];
}

/** The categories matching the search term, except the case's current one, then "Back" (value null). */
export function categoryChoices(
  term: string | undefined,
  categories: readonly Category[],
  currentId: string | null,
  lang: Lang,
): Choice<string | null>[] {
  const matching = categories.filter((c) => c.id !== currentId && matchesTerm(`${c.id} ${c.name} ${c.nameEn ?? ''}`, term));
  return [
    ...matching.map((c) => ({ name: `${sanitizeText(categoryLabel(lang, c))} (${c.id})`, value: c.id })),
    { name: t(lang, 'triage.choice.back'), value: null },
  ];
}

// ---------------------------------------------------------------- summary

export interface TriageCounts {
  disposed: number;
  postponed: number;
  archived: number;
  edited: number;
  skipped: number;
  /** Cases someone else handled before a decision could be applied (never overwritten). */
  changed: number;
}

export function emptyCounts(): TriageCounts {
  return { disposed: 0, postponed: 0, archived: 0, edited: 0, skipped: 0, changed: 0 };
}

/** The closing lines: the counts, the cases handled by others (when any), and a word on a cancel. */
export function renderSummary(counts: TriageCounts, lang: Lang, cancelled: boolean): string {
  const lines = [t(lang, 'triage.summary.counts', counts)];
  if (counts.changed > 0) lines.push(t(lang, 'triage.summary.changed', { n: counts.changed }));
  if (cancelled) lines.push(t(lang, 'triage.summary.cancelled'));
  return `${lines.join('\n')}\n`;
}
