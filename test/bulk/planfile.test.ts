// Plan files: checked whole, every problem with its line (the line a row starts on, also after quoted
// multi-line cells and blank lines) and column; a good file gives one request per row.

import { describe, expect, it } from 'vitest';
import { parsePlanFile, planFileError, renderProblems } from '../../src/bulk/planfile.js';
import { CATEGORIES, INSTITUTIONS } from '../helpers/reference.js';

const ref = { institutions: INSTITUTIONS, categories: CATEGORIES };
const problemsOf = (text: string) => renderProblems(parsePlanFile(text, ref).problems, 'en').split('\n');

describe('plan files', () => {
  it('turns a good file into requests, mixing actions, with optional versions', () => {
    const { rows, problems } = parsePlanFile(
      [
        'trackingId,action,version,institution,reason,message,note,title,category,classification,anonymous,confidential',
        'LAP-1,dispose,,pekerjaan umum,,,,,,,,',
        'LAP-2,close,7,,,,"Selesai, terima kasih",,,,,',
        'LAP-3,archive,,,duplicate,,sama dengan LAP-1,,,,,',
        'LAP-4,respond,,,,"Sudah ditinjau\nminggu depan diperbaiki",,,,,,',
        'LAP-5,edit,,,,,,,lingkungan,aspiration,ya,false',
        'LAP-6,RESUME,,,,,,,,,,',
      ].join('\n'),
      ref,
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 2, trackingId: 'LAP-1', request: { action: 'dispose', institutionId: 'badung.dpupr' } },
      { line: 3, trackingId: 'LAP-2', request: { action: 'close', note: 'Selesai, terima kasih' }, version: 7 },
      { line: 4, trackingId: 'LAP-3', request: { action: 'archive', reason: 'duplicate', note: 'sama dengan LAP-1' } },
      { line: 5, trackingId: 'LAP-4', request: { action: 'respond', message: 'Sudah ditinjau\nminggu depan diperbaiki' } },
      {
        line: 7,
        trackingId: 'LAP-5',
        request: { action: 'edit', changes: { categoryId: 'lingkungan', classification: 'aspiration', anonymous: true, confidential: false } },
      },
      { line: 8, trackingId: 'LAP-6', request: { action: 'resume' } },
    ]);
  });

  it('sends notes, messages and titles as written (never trimmed); a blank one is none', () => {
    const { rows, problems } = parsePlanFile(
      ['trackingId,action,message,note,title', 'LAP-1,respond,"  =1+1\t",,', 'LAP-2,close,, ,', 'LAP-3,edit,,, Judul baru '].join('\n'),
      ref,
    );
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.request)).toEqual([
      { action: 'respond', message: '  =1+1\t' },
      { action: 'close' },
      { action: 'edit', changes: { title: ' Judul baru ' } },
    ]);
  });

  it('needs only trackingId and action columns, in any order and letter case, with a BOM', () => {
    const { rows, problems } = parsePlanFile('\ufeffACTION,TrackingID\nclose,LAP-1\n', ref);
    expect(problems).toEqual([]);
    expect(rows).toEqual([{ line: 2, trackingId: 'LAP-1', request: { action: 'close' } }]);
  });

  it('reports every bad row with its line and column, and returns no rows', () => {
    const text = [
      'trackingId,action,version,institution,reason,note',
      'LAP-1,close,,,,', //                        2: fine
      'LAP-2,closee,,,,', //                       3: unknown action
      'LAP-3,dispose,,,,', //                      4: institution missing
      'LAP-4,dispose,,dinas kesehatan,,', //       5: ambiguous
      'LAP-5,dispose,,kementerian agama,,', //     6: unknown institution
      'LAP-1,close,,,,', //                        7: duplicate of line 2
      '',
      'LAP-6,archive,0,,lost,', //                 9: bad version, bad reason
      'LAP 7,close,,,,', //                       10: bad tracking id
      'LAP-8,close,,,spam,', //                   11: reason not used by close
      'LAP-9,return,,,,', //                      12: note required
      'LAP-10,close,,', //                        13: too few cells
      ',close,,,,', //                            14: tracking id missing
      'LAP-11,postpone,,,,"  "', //               15: note required (blank)
    ].join('\n');
    const { rows, problems } = parsePlanFile(text, ref);
    expect(rows).toEqual([]);
    expect(renderProblems(problems, 'en').split('\n')).toEqual([
      '  line 3, column action: unknown action "closee"; allowed: dispose, redispose, return, postpone, resume, archive, respond, close, reopen, edit, duplicate, copy, uncopy, note, approve, send_back, escalate',
      '  line 4, column institution: required for dispose',
      '  line 5, column institution: "dinas kesehatan" matches 3 institutions (bali.dinkes, badung.dinkes, denpasar.dinkes); use its code',
      '  line 6, column institution: unknown institution "kementerian agama"',
      '  line 7, column trackingId: LAP-1 already appears on line 2',
      '  line 9, column version: version "0" must be a whole number ≥ 1',
      '  line 9, column reason: "lost" is not valid; allowed: duplicate, incomplete, not_public_service, spam, no_reporter_response, other',
      '  line 10, column trackingId: invalid tracking ID "LAP 7"',
      '  line 11, column reason: not used by close; leave it empty',
      '  line 12, column note: required for return',
      '  line 13: expected 6 cells, got 4',
      '  line 14, column trackingId: required',
      '  line 15, column note: required for postpone',
    ]);
  });

  it('checks the header: unknown, repeated and missing columns', () => {
    expect(problemsOf('trackingId,acton,note,note\nLAP-1,close,,\n')).toEqual([
      '  line 1: unknown column "acton"; columns: trackingId, action, version, institution, reason, message, note, title, category, classification, anonymous, confidential, original',
      '  line 1, column note: this column appears twice',
      '  line 1, column action: required column missing',
    ]);
    expect(problemsOf('trackingId,action\n')).toEqual(['  line 1: a header row and no cases']);
    expect(problemsOf('')).toEqual(['  line 1: empty file']);
    expect(problemsOf('trackingId,action\n"LAP-1,close\n')[0]).toMatch(/^ {2}line \d+: not valid CSV: /);
  });

  it('checks edit rows: a change is needed, categories must exist, flags are yes/no', () => {
    expect(
      problemsOf(['trackingId,action,category,anonymous,classification,note', 'LAP-1,edit,,,,only a note', 'LAP-2,edit,hukum,maybe,gossip,'].join('\n')),
    ).toEqual([
      '  line 2: edit needs one of the columns: title, category, classification, anonymous, confidential',
      '  line 3, column category: unknown category "hukum"',
      '  line 3, column classification: "gossip" is not valid; allowed: complaint, aspiration, information_request',
      '  line 3, column anonymous: "maybe" is not yes/no (true/false)',
    ]);
  });

  it('counts lines from where a row starts, across quoted line breaks', () => {
    const text = 'trackingId,action,message\nLAP-1,respond,"a\nb\nc"\nLAP-2,respond,\n';
    expect(problemsOf(text)).toEqual(['  line 5, column message: required for respond']);
  });

  it('is a usage error listing the problems, at most 50 of them', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `LAP-${i},explode`);
    const { problems } = parsePlanFile(['trackingId,action', ...rows].join('\n'), ref);
    const err = planFileError('rencana.csv', problems);
    expect(err.exitCode).toBe(2);
    const lines = err.localizedMessage('en').split('\n');
    expect(lines[0]).toBe('rencana.csv: 60 problems; nothing was sent');
    expect(lines).toHaveLength(1 + 50 + 1);
    expect(lines[51]).toBe('  … and 10 more');
    expect(err.localizedMessage('id').split('\n')[1]).toMatch(/^ {2}baris 2, kolom action: tindakan "explode" tidak dikenal/);
  });
});
