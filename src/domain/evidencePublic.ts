// The public (publishable) evidence pack: the full report with small-cell suppression (suppression.ts),
// as the annual report's public form does (statsPublic.ts). Pure.
//
// Cells: every count of every row. Lines: a subtree total is the institution's own count plus its children's
// subtree totals (a child without units under it has no subtree row: its own count is its total). Each count
// (received, disposed, …) is its own problem, a tree of lines: linking the counts of a row too (followed up +
// not = disposed, …) joins every problem into one whose audit by linear programming takes minutes for a few
// hundred institutions (measured: 4.7 s for two counts of 169 institutions, against 0.1 s for one). So a
// difference within a row (disposed − followed up) is not protected as the annual report protects it; a share
// is hidden when a count it derives from is hidden, the median and p90 when they rest on fewer than k first
// follow-ups. Last activity is an institution's own conduct and no count: it is published. The own rows are
// ranked again on what they show.

import { EVIDENCE_COUNTS, rankEvidence, type EvidenceCount, type EvidenceRow, type StatsInstitutionsReport } from './evidence.js';
import { ProblemBuilder, suppress } from './suppression.js';

export function publicEvidenceReport(report: StatsInstitutionsReport, k: number): StatsInstitutionsReport {
  const hasSubtree = new Set(report.subtrees.map((r) => r.institutionId));
  const own = (id: string) => `institution.${id}.`;
  const total = (id: string) => (hasSubtree.has(id) ? `subtree.${id}.` : own(id));

  const children = new Map<string, string[]>();
  for (const r of report.institutions) {
    if (r.parentId === null || !hasSubtree.has(r.parentId)) continue;
    children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.institutionId]);
  }
  const hiddenNames = new Set<string>();
  for (const f of EVIDENCE_COUNTS) {
    const b = new ProblemBuilder();
    for (const r of report.institutions) b.cell(`${own(r.institutionId)}${f}`, r[f] ?? 0);
    for (const r of report.subtrees) b.cell(`subtree.${r.institutionId}.${f}`, r[f] ?? 0);
    for (const s of report.subtrees) {
      const parts = [own(s.institutionId), ...(children.get(s.institutionId) ?? []).map(total)].map((p) => indexOf(b, `${p}${f}`));
      b.line(parts, indexOf(b, `subtree.${s.institutionId}.${f}`));
    }
    const { suppressed } = suppress(b.problem(), k);
    for (const r of [...report.institutions.map((x) => own(x.institutionId)), ...report.subtrees.map((x) => `subtree.${x.institutionId}.`)]) {
      if (suppressed[indexOf(b, `${r}${f}`)]) hiddenNames.add(`${r}${f}`);
    }
  }

  const out: string[] = [];
  const isHidden = (name: string) => hiddenNames.has(name);
  const shown = (p: string, r: EvidenceRow): EvidenceRow => {
    const cnt = (f: EvidenceCount): number | null => {
      if (r[f] === null || !isHidden(`${p}${f}`)) return r[f];
      out.push(`${p}${f}`);
      return null;
    };
    const derived = (f: keyof EvidenceRow, v: number | null, ok: boolean): number | null => {
      if (v === null || ok) return v;
      out.push(`${p}${f}`);
      return null;
    };
    const [received, disposed, followedUp, within, completed, responded] = [cnt('received'), cnt('disposed'), cnt('followedUp'), cnt('within'), cnt('completed'), cnt('responded')];
    const enough = responded !== null && responded >= k;
    return {
      ...r,
      received,
      disposed,
      followedUp,
      followUpShare: derived('followUpShare', r.followUpShare, followedUp !== null && disposed !== null),
      within,
      withinShare: derived('withinShare', r.withinShare, within !== null && disposed !== null),
      completed,
      completionRate: derived('completionRate', r.completionRate, completed !== null && received !== null),
      responded,
      medianWorkingDays: derived('medianWorkingDays', r.medianWorkingDays, enough),
      p90WorkingDays: derived('p90WorkingDays', r.p90WorkingDays, enough),
      breaches: cnt('breaches'),
      escalations: cnt('escalations'),
    };
  };
  const institutions = rankEvidence(
    report.institutions.map((r) => shown(own(r.institutionId), r)),
    report.rankingMinDisposed,
  );
  const subtrees = report.subtrees.map((r) => shown(`subtree.${r.institutionId}.`, r));
  return { ...report, public: true, k, suppressed: [...new Set(out)].sort(), institutions, subtrees };
}

/** The index of a registered cell (every row's cells are registered before the lines). */
function indexOf(b: ProblemBuilder, name: string): number {
  const i = b.indexOf(name);
  if (i === undefined) throw new RangeError(`no cell ${name}`);
  return i;
}
