// Small-cell suppression for published aggregate tables. Pure: a problem in, a suppression pattern out.
//
// A problem is a list of non-negative integer cells and a list of additive lines: each line says that the
// sum of some cells equals another cell (its total), e.g. the channels of a year sum to the cases received,
// an institution's completed and not-completed cases sum to its received, the subcategories of a category
// sum to that category. Cells that are never printed but follow from printed ones (received − completed)
// are cells too, so that a small difference is protected like a small count.
//
// 1. Primary suppression: every cell with 0 < value < k is hidden. A zero is published: it describes no one.
// 2. Secondary suppression: a line with exactly one hidden member gives that member away (total minus the
//    rest), so while some line has exactly one hidden member, a second member of that line is hidden: the
//    smallest non-zero published one (the least information lost), preferring cells over totals, then a
//    zero one. Hiding a cell can leave another line with one hidden member, so this repeats until no line
//    has exactly one. It ends: cells are only ever added.
// 3. Audit: the feasible interval of every primarily suppressed cell, given every published cell and every
//    line (x ≥ 0), is computed by linear programming (feasibleInterval). A cell whose interval is a single
//    value would be recoverable; the audit then hides a further member of one of its lines and repeats.
//    The audit runs on problems up to AUDIT_LIMIT hidden cells (the report's problems are smaller).

export interface SuppressionLine {
  /** Indexes of the cells that sum to the total. */
  cells: readonly number[];
  /** Index of the total cell. */
  total: number;
}

export interface SuppressionProblem {
  values: readonly number[];
  lines: readonly SuppressionLine[];
}

export interface SuppressionResult {
  /** Hidden cells (primary and secondary). */
  suppressed: boolean[];
  /** Cells hidden because they are small (0 < value < k). */
  primary: boolean[];
}

export const DEFAULT_K = 10;
const AUDIT_LIMIT = 500;

export function isSensitive(value: number, k: number): boolean {
  return value > 0 && value < k;
}

function checkProblem(p: SuppressionProblem, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer: ${k}`);
  p.values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`cell ${i}: not a non-negative integer: ${v}`);
  });
  p.lines.forEach((line, li) => {
    for (const i of [...line.cells, line.total]) {
      if (!Number.isInteger(i) || i < 0 || i >= p.values.length) throw new RangeError(`line ${li}: no cell ${i}`);
    }
    const sum = line.cells.reduce((a, i) => a + p.values[i], 0);
    if (sum !== p.values[line.total]) {
      throw new RangeError(`line ${li}: cells sum to ${sum}, total is ${p.values[line.total]}`);
    }
  });
}

/** The members of a line: its cells, then its total. */
function members(line: SuppressionLine): number[] {
  return [...line.cells, line.total];
}

/**
 * Picks the member of `line` to hide next (see the file header), or -1 when every member is hidden.
 * `fixes(i)`: hiding i would also give a second hidden member to another line that has exactly one.
 */
function complementOf(line: SuppressionLine, values: readonly number[], hidden: readonly boolean[], fixes: (i: number) => boolean = () => false): number {
  let best = -1;
  let bestScore = Infinity;
  const consider = (i: number, isTotal: boolean) => {
    if (hidden[i]) return;
    // non-zero before zero, then cells that close another open line, cells before totals, the smallest
    // value, the lowest index
    const score = (values[i] === 0 ? 4e15 : 0) + (fixes(i) ? 0 : 2e15) + (isTotal ? 1e15 : 0) + values[i] * 1e4 + Math.min(i, 9999);
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  };
  for (const i of line.cells) consider(i, false);
  consider(line.total, true);
  return best;
}

/** Hides further cells until no line has exactly one hidden member. */
function secondary(p: SuppressionProblem, hidden: boolean[]): void {
  const linesOf: number[][] = p.values.map(() => []);
  p.lines.forEach((line, li) => {
    for (const i of members(line)) linesOf[i].push(li);
  });
  const hiddenCount = p.lines.map((line) => members(line).filter((i) => hidden[i]).length);
  // first-in first-out, starting with the lines that hold a hidden cell
  const queue: number[] = [
    ...p.lines.map((_, li) => li).filter((li) => hiddenCount[li] > 0),
    ...p.lines.map((_, li) => li).filter((li) => hiddenCount[li] === 0),
  ];
  const hide = (i: number) => {
    if (hidden[i]) return;
    hidden[i] = true;
    for (const li of linesOf[i]) {
      // a cell listed twice in a line counts twice, like its value
      hiddenCount[li] += members(p.lines[li]).filter((m) => m === i).length;
      queue.push(li);
    }
  };
  for (let head = 0; head < queue.length; head += 1) {
    const li = queue[head];
    if (hiddenCount[li] !== 1) continue;
    const fixes = (i: number) => linesOf[i].some((other) => other !== li && hiddenCount[other] === 1);
    const next = complementOf(p.lines[li], p.values, hidden, fixes);
    if (next >= 0) hide(next);
  }
}

/** Applies primary, secondary and (for problems of moderate size) audited suppression; see the file header. */
export function suppress(problem: SuppressionProblem, k: number = DEFAULT_K): SuppressionResult {
  checkProblem(problem, k);
  const primary = problem.values.map((v) => isSensitive(v, k));
  const hidden = [...primary];
  secondary(problem, hidden);
  // audit: no primary cell may be pinned to one value by the published cells
  for (let round = 0; round < AUDIT_LIMIT; round += 1) {
    const pinned = problem.values.findIndex((_, i) => {
      if (!primary[i]) return false;
      const { min, max } = feasibleInterval(problem, hidden, i);
      return max - min < 1e-6;
    });
    if (pinned < 0) break;
    // hide the best complement in one of the pinned cell's lines that still has a published member
    let added = false;
    for (const line of problem.lines) {
      if (!members(line).includes(pinned)) continue;
      const next = complementOf(line, problem.values, hidden);
      if (next >= 0) {
        hidden[next] = true;
        added = true;
        break;
      }
    }
    if (!added) break;
    secondary(problem, hidden);
  }
  return { suppressed: hidden, primary };
}

// ---- feasible intervals by linear programming ----------------------------------------------------------

/**
 * The smallest and largest value hidden cell `target` can take, given the published cells, the lines and
 * every cell ≥ 0 (a linear-programming relaxation: the integer interval lies inside it). For a published
 * cell it is its value. `max` is Infinity when the cell is unbounded (no line bounds it).
 */
export function feasibleInterval(problem: SuppressionProblem, hidden: readonly boolean[], target: number): { min: number; max: number } {
  if (!hidden[target]) return { min: problem.values[target], max: problem.values[target] };
  // only the hidden cells linked to the target through lines matter; published cells are constants
  const component = new Set<number>([target]);
  const lines = new Set<SuppressionLine>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const line of problem.lines) {
      if (lines.has(line)) continue;
      const all = members(line);
      if (!all.some((i) => component.has(i))) continue;
      lines.add(line);
      for (const i of all) {
        if (hidden[i] && !component.has(i)) {
          component.add(i);
          grew = true;
        }
      }
    }
  }
  const vars = [...component].sort((a, b) => a - b);
  const column = new Map(vars.map((i, j) => [i, j]));
  const rows: number[][] = [];
  const rhs: number[] = [];
  for (const line of lines) {
    const coef = new Array<number>(vars.length).fill(0);
    let constant = 0;
    let touches = false;
    const add = (i: number, sign: number) => {
      const j = column.get(i);
      if (j === undefined) constant += sign * problem.values[i];
      else {
        coef[j] += sign;
        touches = true;
      }
    };
    for (const i of line.cells) add(i, 1);
    add(line.total, -1);
    if (!touches) continue;
    rows.push(coef);
    rhs.push(-constant); // Σ coef·x = −constant
  }
  const objective = new Array<number>(vars.length).fill(0);
  objective[column.get(target)!] = 1;
  const max = simplexMax(rows, rhs, objective);
  const min = -simplexMax(rows, rhs, objective.map((c) => -c));
  return { min, max };
}

const EPS = 1e-9;

/**
 * max c·x subject to A x = b, x ≥ 0, by the two-phase simplex method with Bland's rule (no cycling).
 * Returns Infinity when unbounded; throws when infeasible (the lines contradict the published cells).
 */
export function simplexMax(A: readonly (readonly number[])[], b: readonly number[], c: readonly number[]): number {
  const m = A.length;
  const n = c.length;
  if (m === 0) return c.some((v) => v > EPS) ? Infinity : 0;
  // tableau rows: [x (n) | artificial (m) | rhs]; make every rhs ≥ 0 first
  const width = n + m + 1;
  const T: number[][] = A.map((row, i) => {
    const sign = b[i] < 0 ? -1 : 1;
    const r = new Array<number>(width).fill(0);
    for (let j = 0; j < n; j += 1) r[j] = sign * row[j];
    r[n + i] = 1;
    r[width - 1] = sign * b[i];
    return r;
  });
  const basis = A.map((_, i) => n + i);

  const pivot = (row: number, col: number) => {
    const p = T[row][col];
    for (let j = 0; j < width; j += 1) T[row][j] /= p;
    for (let i = 0; i < m; i += 1) {
      if (i === row) continue;
      const f = T[i][col];
      if (Math.abs(f) < EPS) continue;
      for (let j = 0; j < width; j += 1) T[i][j] -= f * T[row][j];
    }
    basis[row] = col;
  };

  /** Maximises `cost` over the columns allowed; false when unbounded. */
  const optimise = (cost: readonly number[], allowed: (j: number) => boolean): boolean => {
    for (let guard = 0; guard < 50_000; guard += 1) {
      // reduced cost of column j: cost_j − Σ cost_basis · T[i][j]
      let entering = -1;
      for (let j = 0; j < width - 1; j += 1) {
        if (!allowed(j) || basis.includes(j)) continue;
        let reduced = cost[j];
        for (let i = 0; i < m; i += 1) reduced -= cost[basis[i]] * T[i][j];
        if (reduced > EPS) {
          entering = j; // Bland: the lowest index that improves
          break;
        }
      }
      if (entering < 0) return true;
      let leaving = -1;
      let best = Infinity;
      for (let i = 0; i < m; i += 1) {
        if (T[i][entering] > EPS) {
          const ratio = T[i][width - 1] / T[i][entering];
          if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && basis[i] < basis[leaving])) {
            best = ratio;
            leaving = i;
          }
        }
      }
      if (leaving < 0) return false;
      pivot(leaving, entering);
    }
    throw new Error('simplex: no convergence');
  };

  // phase 1: minimise the artificial variables (maximise their negative sum)
  const phase1 = new Array<number>(width - 1).fill(0);
  for (let i = 0; i < m; i += 1) phase1[n + i] = -1;
  optimise(phase1, () => true);
  let infeasibility = 0;
  for (let i = 0; i < m; i += 1) if (basis[i] >= n) infeasibility += T[i][width - 1];
  if (infeasibility > 1e-6) throw new RangeError('simplex: the constraints are infeasible');
  // drive artificial variables out of the basis where possible (degenerate rows)
  for (let i = 0; i < m; i += 1) {
    if (basis[i] < n) continue;
    const j = T[i].findIndex((v, col) => col < n && Math.abs(v) > EPS);
    if (j >= 0) pivot(i, j);
  }
  // phase 2: the real objective over the original columns only
  const cost = new Array<number>(width - 1).fill(0);
  for (let j = 0; j < n; j += 1) cost[j] = c[j];
  if (!optimise(cost, (j) => j < n)) return Infinity;
  let value = 0;
  for (let i = 0; i < m; i += 1) if (basis[i] < n) value += c[basis[i]] * T[i][width - 1];
  return value;
}

// ---- building problems -----------------------------------------------------------------------------------

/** Collects cells and lines, so callers can name cells instead of counting indexes. */
export class ProblemBuilder {
  readonly values: number[] = [];
  readonly lines: SuppressionLine[] = [];
  private readonly index = new Map<string, number>();

  /** Registers a cell under a unique name (a second call with the same name returns the same cell). */
  cell(name: string, value: number): number {
    const known = this.index.get(name);
    if (known !== undefined) {
      if (this.values[known] !== value) throw new RangeError(`cell ${name} registered with ${this.values[known]} and ${value}`);
      return known;
    }
    this.values.push(value);
    this.index.set(name, this.values.length - 1);
    return this.values.length - 1;
  }

  line(cells: readonly number[], total: number): void {
    if (cells.length > 0) this.lines.push({ cells, total });
  }

  problem(): SuppressionProblem {
    return { values: this.values, lines: this.lines };
  }

  /** After suppress(): whether the named cell is hidden. */
  indexOf(name: string): number | undefined {
    return this.index.get(name);
  }
}
