// One definition of text length and one text policy (issue 17), kept by CI on the source text: the limits of
// the case's text columns live only in src/domain/caseColumns.ts (TEXT_LIMITS, in code points) and are
// checked only through src/domain/text.ts. A second table of limits, a z.string().max() or .trim() on a free
// text, or a limit of its own anywhere else fails here.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEXT_LIMITS } from '../../src/domain/caseColumns.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The files that define the limits and the policy. */
const HOMES = new Set(['src/domain/caseColumns.ts', 'src/domain/text.ts']);

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sources(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Every line of src/ outside the homes, with its place. */
function lines(): { where: string; text: string }[] {
  return sources('src')
    .filter((f) => !HOMES.has(f))
    .flatMap((f) =>
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .map((text, i) => ({ where: `${relative(ROOT, join(ROOT, f))}:${i + 1}`, text })),
    );
}

/** The text columns whose limit is a length (the others hold fixed words, checked as such). */
const LIMITED = Object.keys(TEXT_LIMITS).filter((c) => !['classification', 'status', 'closedBy', 'archiveReason', 'reporterNik'].includes(c));
/** The free texts: those columns but the ids and references, and the texts of actions. */
const FREE_COLUMNS = LIMITED.filter((c) => !['trackingId', 'categoryId', 'institutionId', 'channel'].includes(c));
const FREE_TEXT = [...FREE_COLUMNS, 'note', 'message'].join('|');
/** Their limits as numbers (500, 20000, 20_000, …). */
const LIMIT_NUMBERS = [...new Set(FREE_COLUMNS.map((c) => TEXT_LIMITS[c as keyof typeof TEXT_LIMITS]))]
  .filter((n) => n >= 100)
  .flatMap((n) => [String(n), n.toLocaleString('en').replace(/,/g, '_')])
  .join('|');

const RULES: { why: string; re: RegExp }[] = [
  { why: 'a limit of a text column outside caseColumns.ts (TEXT_LIMITS)', re: new RegExp(`\\b(${LIMITED.join('|')})\\s*:\\s*\\d[\\d_]*\\s*[,}]`) },
  { why: 'a second table or constant of text limits', re: /\b(MAX_TEXT|MAX_LENGTH|MAX_(TITLE|BODY|NOTE)(_LENGTH)?|TEXT_LIMITS)\s*(:[^=]+)?=[^=]/ },
  { why: 'a free text limited by z.string().max() (no policy): use textSchema', re: new RegExp(`\\b(${FREE_TEXT})\\s*:\\s*z\\s*\\.\\s*string\\(\\)[^\\n]*\\.max\\(`) },
  { why: 'a length compared with a limit by hand (UTF-16 units): use codePointLength and TEXT_LIMITS', re: new RegExp(`\\.length\\s*[<>]=?\\s*(${LIMIT_NUMBERS})\\b`) },
  { why: 'a free text trimmed (texts are kept as sent; isBlank tells an empty one)', re: /\b(title|body|note|message)\b\s*(\?\.|\.)\s*trim\(\)/ },
];

describe('one definition of text length, one text policy', () => {
  const all = lines();
  it.each(RULES)('no $why', ({ re }) => {
    expect(all.filter((l) => re.test(l.text)).map((l) => `${l.where}: ${l.text.trim()}`)).toEqual([]);
  });

  it('the rules find what they forbid (checked on examples of the old code)', () => {
    const old = [
      "  title: z.string().trim().min(1).max(500),",
      "export const MAX_TEXT = 20_000;",
      "  province: 200,",
      "  province: z.string().max(200).nullable().optional(),",
      "    else if (v.length > 500) bad('title', 'too_long', null);",
      "    request: { action: 'postpone', note: note.trim() },",
    ];
    for (const line of old) expect(RULES.some(({ re }) => re.test(line)), line).toBe(true);
  });
});
