// The one text policy: what a text field may hold, how long it may be, and the schema that checks it at
// intake and on actions (the import's checkRow applies the same functions). Pure: no IO.
//
// - Stored exactly as sent: no trimming, no normalisation, no replacement. What cannot be stored and given back
//   faithfully is refused with the field named: NUL (PostgreSQL text cannot hold it), lone surrogates and
//   invalid UTF-8 (not text; the JSON body parser refuses raw bytes, src/server/problem.ts), the C0 controls
//   other than tab, LF and CR and the noncharacters U+FFFE/U+FFFF (XML 1.0, hence XLSX, cannot carry them, and
//   no person types them). Tab, LF, CR and CRLF are kept and come back as sent.
// - A title, a body and a note must hold something besides white space (an all-blank text is refused as
//   empty); surrounding white space is kept.
// - Lengths are Unicode code points (what PostgreSQL's char_length counts, and what a person counts: one
//   emoji is one character), never UTF-16 units. The limits live in the column catalogue (TEXT_LIMITS).

import { z } from 'zod';
import { TEXT_LIMITS } from './caseColumns.js';
import type { FieldErrorCode } from './problems.js';

/** The longest note (an action's note, a follow-up message): as long as a body. */
export const NOTE_LIMIT = TEXT_LIMITS.body;

/** The number of Unicode code points of `text` (a surrogate pair counts once, a lone surrogate once). */
export function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n -= 1;
        i += 1;
      }
    }
  }
  return n;
}

/** The fault of a text that cannot be stored faithfully, as the field error code that names it. */
export type TextFault = Extract<FieldErrorCode, 'nul_character' | 'control_character' | 'not_unicode'>;

// in unicode mode \p{Cs} matches only a lone surrogate (a pair is one code point)
const FAULTY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/u;
/** The same characters and every surrogate, pairs too: a quicker first look (most texts hold none). */
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** What is wrong with `text` under the policy, or null when it can be stored and given back as it is. */
export function textFault(text: string): TextFault | null {
  if (!SUSPECT.test(text)) return null;
  const m = FAULTY.exec(text);
  if (m === null) return null;
  const c = m[0].charCodeAt(0);
  if (c === 0) return 'nul_character';
  return c < 0x20 ? 'control_character' : 'not_unicode';
}

/** The first faulty character of `text` as U+XXXX (for reports), or null. */
export function faultyCharacter(text: string): string | null {
  const m = FAULTY.exec(text);
  return m === null ? null : `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Whether `text` holds nothing but white space (or nothing at all). */
export function isBlank(text: string): boolean {
  // every white-space character is in the BMP: no unicode mode needed
  return !/\S/.test(text);
}

const FAULT_MESSAGES: Record<TextFault, string> = {
  nul_character: 'contains a NUL character (U+0000)',
  control_character: 'contains a control character (only tab, line feed and carriage return are kept)',
  not_unicode: 'is not valid Unicode text (a lone surrogate or a noncharacter)',
};

/**
 * A text field under the policy: at most `limit` code points, nothing that cannot be stored faithfully and,
 * with `nonBlank`, something besides white space. Never transformed. The document shows the limit as
 * maxLength (JSON Schema counts code points too).
 */
export function textSchema(limit: number, options: { nonBlank?: boolean } = {}) {
  return z
    .string()
    .superRefine((text, ctx) => {
      if (options.nonBlank && isBlank(text)) {
        ctx.addIssue({ code: 'custom', message: 'must hold more than white space', params: { fieldCode: 'empty' } });
        return;
      }
      const n = codePointLength(text);
      if (n > limit) {
        ctx.addIssue({ code: 'custom', message: `at most ${limit} characters (Unicode code points), got ${n}`, params: { fieldCode: 'too_big' } });
      }
      const fault = textFault(text);
      if (fault !== null) ctx.addIssue({ code: 'custom', message: FAULT_MESSAGES[fault], params: { fieldCode: fault } });
    })
    .meta(options.nonBlank ? { maxLength: limit, minLength: 1, pattern: '\\S' } : { maxLength: limit });
}
