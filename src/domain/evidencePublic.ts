// The public (publishable) evidence pack: the full report with small-cell suppression (suppression.ts),
// as the annual report's public form does (statsPublic.ts). Pure.
//
// Cells: every count of every row. Lines: within a row, followed up + not = disposed, within + not = responded,
// responded + not = disposed, completed + not = received; across rows, a subtree total is the institution's
// own count plus its children's subtree totals (a child without units under it has no subtree row: its own
// count is its total). A share is hidden when a count it derives from is hidden; the median and p90 when
// they rest on fewer than k first follow-ups. Last activity is an institution's own conduct and no count:
// it is published. The own rows are ranked again on what they show.

import { rankEvidence, type EvidenceCount, type EvidenceRow, type StatsInstitutionsReport } from './evidence.js';
import { ProblemBuilder, suppress } from './suppression.js';

export function publicEvidenceReport(report: StatsInstitutionsReport, k: number): StatsInstitutionsReport {
  const b = new ProblemBuilder();
  const hasSubtree = new Set(report.subtrees.map((r) => r.institutionId));
  const own = (id: string) => `institution.${id}.`;
  const total = (id: string) => (hasSubtree.has(id) ? `subtree.${id}.` : own(id));

  const rowCells = (p: string, r: EvidenceRow) => {
    const c = (f: EvidenceCount) => b.cell(`${p}${f}`, r[f] ?? 0);
    const [R, D, F, W, C, N] = [c('received'), c('disposed'), c('followedUp'), c('within'), c('completed'), c('responded')];
    c('breaches');
    c('escalations');
    b.line([F, b.cell(`~${p}notFollowedUp`, (r.disposed ?? 0) - (r.followedUp ?? 0))], D);
    b.line([W, b.cell(`~${p}notWithin`, (r.responded ?? 0) - (r.within ?? 0))], N);
    b.line([N, b.cell(`~${p}notResponded`, (r.disposed ?? 0) - (r.responded ?? 0))], D);
    b.line([C, b.cell(`~${p}notCompleted`, (r.received ?? 0) - (r.completed ?? 0))], R);
  };
  for (const r of report.institutions) rowCells(own(r.institutionId), r);
  for (const r of report.subtrees) rowCells(`subtree.${r.institutionId}.`, r);
  const children = new Map<string, string[]>();
  for (const r of report.institutions) {
    if (r.parentId === null || !hasSubtree.has(r.parentId)) continue;
    children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.institutionId]);
  }
  const fields: EvidenceCount[] = ['received', 'disposed', 'followedUp', 'within', 'completed', 'responded', 'breaches', 'escalations'];
  for (const s of report.subtrees) {
    for (const f of fields) {
      const parts = [own(s.institutionId), ...(children.get(s.institutionId) ?? []).map(total)].map((p) => b.cell(`${p}${f}`, valueOf(b, `${p}${f}`)));
      b.line(parts, b.cell(`subtree.${s.institutionId}.${f}`, s[f] ?? 0));
    }
  }

  const { suppressed: hidden } = suppress(b.problem(), k);
  const out: string[] = [];
  const isHidden = (name: string) => {
    const i = b.indexOf(name);
    return i !== undefined && hidden[i];
  };
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

/** The value of a registered cell (every row's cells are registered before the subtree lines). */
function valueOf(b: ProblemBuilder, name: string): number {
  const i = b.indexOf(name);
  if (i === undefined) throw new RangeError(`no cell ${name}`);
  return b.values[i];
}
