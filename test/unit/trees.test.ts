import { describe, expect, it } from 'vitest';
import { computePaths, depthFirst, isWithinPath, TreeError, type TreeNode } from '../../src/domain/trees.js';

const n = (id: string, parentId: string | null): TreeNode => ({ id, parentId });

// listed children-first on purpose: the order of the input must not matter
const INSTITUTIONS: TreeNode[] = [
  n('bali.dinkes', 'bali'),
  n('bali.rsud', 'bali'),
  n('bali2', 'national'),
  n('bali', 'national'),
  n('national', null),
  n('ntb.dinkes', 'ntb'),
  n('ntb', 'national'),
  n('kemenkes', null),
];

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`threw a non-error: ${String(e)}`);
  }
  throw new Error('did not throw');
}

describe('computePaths', () => {
  it('gives every node its path from the root, ending in "/"', () => {
    expect(Object.fromEntries(computePaths(INSTITUTIONS))).toEqual({
      national: '/national/',
      bali: '/national/bali/',
      bali2: '/national/bali2/',
      'bali.dinkes': '/national/bali/bali.dinkes/',
      'bali.rsud': '/national/bali/bali.rsud/',
      ntb: '/national/ntb/',
      'ntb.dinkes': '/national/ntb/ntb.dinkes/',
      kemenkes: '/kemenkes/',
    });
  });

  it('handles a deep chain', () => {
    const chain = Array.from({ length: 200 }, (_, i) => n(`u${i}`, i === 0 ? null : `u${i - 1}`)).reverse();
    expect(computePaths(chain).get('u199')?.split('/').length).toBe(202);
  });

  it('names the node and the parent when the parent is unknown', () => {
    const e = thrown(() => computePaths([n('national', null), n('bali.dinkes', 'bali')]));
    expect(e).toBeInstanceOf(TreeError);
    expect(e.message).toContain('bali.dinkes');
    expect(e.message).toContain('bali');
  });

  it('names a node of the cycle', () => {
    const e = thrown(() => computePaths([n('national', null), n('a', 'b'), n('b', 'c'), n('c', 'a')]));
    expect(e).toBeInstanceOf(TreeError);
    expect(e.message).toMatch(/cycle at [abc]$/);
    const self = thrown(() => computePaths([n('loop', 'loop')]));
    expect(self).toBeInstanceOf(TreeError);
    expect(self.message).toContain('loop');
  });

  it('reports a cycle hanging below a valid root', () => {
    // x → y → x is unreachable from national even though national is fine
    expect(() => computePaths([n('national', null), n('x', 'y'), n('y', 'x'), n('z', 'national')])).toThrow(TreeError);
  });

  it('refuses ids that would forge a path segment', () => {
    const e = thrown(() => computePaths([n('bali', null), n('bali/x', null)]));
    expect(e).toBeInstanceOf(TreeError);
    expect(e.message).toContain('bali/x');
    expect(() => computePaths([n('', null)])).toThrow(TreeError);
  });
});

describe('isWithinPath', () => {
  const p = computePaths(INSTITUTIONS);
  const path = (id: string) => {
    const v = p.get(id);
    if (v === undefined) throw new Error(`no path for ${id}`);
    return v;
  };

  it('a node is within itself', () => {
    expect(isWithinPath(path('bali'), path('bali'))).toBe(true);
  });

  it('descendants are within their ancestors', () => {
    expect(isWithinPath(path('bali.dinkes'), path('bali'))).toBe(true);
    expect(isWithinPath(path('bali.dinkes'), path('national'))).toBe(true);
  });

  it('an ancestor is not within its descendant', () => {
    expect(isWithinPath(path('bali'), path('bali.dinkes'))).toBe(false);
    expect(isWithinPath(path('national'), path('bali'))).toBe(false);
  });

  it('a sibling whose id starts alike is not within', () => {
    expect(isWithinPath(path('bali2'), path('bali'))).toBe(false);
    expect(isWithinPath('/national/bali2/', '/national/bali/')).toBe(false);
    expect(isWithinPath(path('ntb.dinkes'), path('bali'))).toBe(false);
    expect(isWithinPath(path('bali.dinkes'), path('kemenkes'))).toBe(false);
  });
});

describe('depthFirst', () => {
  it('lists parents before children, children sorted by id, with depths', () => {
    expect(depthFirst(INSTITUTIONS).map((r) => `${r.depth}:${r.node.id}`)).toEqual([
      '0:kemenkes',
      '0:national',
      '1:bali',
      '2:bali.dinkes',
      '2:bali.rsud',
      '1:bali2',
      '1:ntb',
      '2:ntb.dinkes',
    ]);
  });

  it('does not depend on the input order', () => {
    const rows = (nodes: TreeNode[]) => depthFirst(nodes).map((r) => r.node.id);
    expect(rows([...INSTITUTIONS].reverse())).toEqual(rows(INSTITUTIONS));
  });

  it('sorts by the given key', () => {
    const named = [
      { id: 'b', parentId: null, name: 'Provinsi Bali' },
      { id: 'j', parentId: null, name: 'Kementerian Kesehatan' },
      { id: 'a', parentId: null, name: 'Aceh' },
    ];
    expect(depthFirst(named, (x) => x.name).map((r) => r.node.id)).toEqual(['a', 'j', 'b']);
  });

  it('shows a node whose parent is missing as a root', () => {
    expect(depthFirst([n('bali.dinkes', 'bali'), n('aceh', null)]).map((r) => [r.node.id, r.depth])).toEqual([
      ['aceh', 0],
      ['bali.dinkes', 0],
    ]);
  });

  it('returns nothing for nothing', () => {
    expect(depthFirst([])).toEqual([]);
  });
});
