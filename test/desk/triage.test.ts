// Issue #20 item 1: `lapor triage` offers the likely duplicates of each case (GET /v1/cases/{id}/similar), shown
// under the case and chosen as its original; with none found, the menu is the one it always was.

import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { SimilarResponse } from '../../src/domain/schemas.js';
import { createTriageDeps } from '../triage/sample.js';

describe('lapor triage: likely duplicates', () => {
  it('shows them under the case, offers “Duplicate of…” last, and marks the case a duplicate of the chosen one', async () => {
    const deps = createTriageDeps({
      answers: [
        { message: 'Decision for LAP-1?', select: 'duplicate' },
        { message: 'Original case', select: 'LAP-2' },
        { message: 'Decision for LAP-2?', select: 'quit' },
      ],
    });
    const asked: string[] = [];
    deps.fake.similarCases = async (id): Promise<SimilarResponse> => {
      asked.push(id);
      return id !== 'LAP-1'
        ? { method: 'jaccard', items: [] }
        : { method: 'jaccard', items: [{ trackingId: 'LAP-2', title: 'Jalan berlubang di Gatot Subroto', status: 'submitted', institutionId: null, submittedAt: '2024-01-01T00:00:00.000Z', version: 1, score: 0.8125 }] };
    };
    expect(await runCli(['triage'], deps)).toBe(0);
    deps.prompter.assertDone();
    const [first, , second] = deps.prompter.questions;
    expect(first.choices.at(-1)).toEqual({ name: 'Duplicate of…', value: 'duplicate' });
    expect(second.choices.map((c) => c.value)).not.toContain('duplicate');
    expect(deps.fake.acts).toEqual([{ trackingId: 'LAP-1', version: 1, request: { action: 'duplicate', originalId: 'LAP-2' }, status: 200 }]);
    expect(deps.fake.cases.get('LAP-1')).toMatchObject({ status: 'archived', archiveReason: 'duplicate' });
    const err = deps.io.errText();
    expect(err).toContain('May duplicate:\n  LAP-2  0.81  Jalan berlubang di Gatot Subroto\n');
    expect(err).toContain('✓ LAP-1 marked a duplicate of LAP-2 (archived)');
    expect(asked).toEqual(['LAP-1', 'LAP-2']);
    expect(deps.io.outText()).toBe('Triage: 0 disposed · 0 postponed · 1 archived · 0 edited · 0 skipped\n');
  });
});
