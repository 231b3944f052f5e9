// Institutions and categories are trees. A materialised path ('/national/bali/bali.dinkes/') makes
// "in the subtree of" a prefix test, both here and in SQL.

export interface TreeNode {
  id: string;
  parentId: string | null;
}

export class TreeError extends Error {}

/** Paths for every node; throws on an unknown parent or a cycle, naming the node. */
export function computePaths(nodes: readonly TreeNode[]): Map<string, string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const paths = new Map<string, string>();
  const resolve = (id: string, seen: Set<string>): string => {
    const known = paths.get(id);
    if (known) return known;
    const node = byId.get(id);
    if (!node) throw new TreeError(`unknown node ${id}`);
    // '/' separates path segments: an id holding one would forge a subtree ('bali/x' inside 'bali').
    if (id === '' || id.includes('/')) throw new TreeError(`invalid node id "${id}": must be non-empty, without "/"`);
    if (seen.has(id)) throw new TreeError(`cycle at ${id}`);
    seen.add(id);
    if (node.parentId !== null && !byId.has(node.parentId)) {
      throw new TreeError(`${id}: parent ${node.parentId} does not exist`);
    }
    const path = (node.parentId === null ? '/' : resolve(node.parentId, seen)) + `${id}/`;
    paths.set(id, path);
    return path;
  };
  for (const n of nodes) resolve(n.id, new Set());
  return paths;
}

export function isWithinPath(nodePath: string, rootPath: string): boolean {
  return nodePath.startsWith(rootPath);
}

export interface TreeRow<T> {
  node: T;
  depth: number;
}

const collator = new Intl.Collator('en');

/** Depth-first order (children sorted by `key`), for printing a tree. */
export function depthFirst<T extends TreeNode>(nodes: readonly T[], key: (n: T) => string = (n) => n.id): TreeRow<T>[] {
  const children = new Map<string | null, T[]>();
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) {
    const parent = n.parentId !== null && ids.has(n.parentId) ? n.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(n);
    children.set(parent, list);
  }
  const out: TreeRow<T>[] = [];
  const walk = (parent: string | null, depth: number) => {
    // A fixed collation, so the order does not depend on the machine's locale (golden files).
    const list = (children.get(parent) ?? []).slice().sort((a, b) => collator.compare(key(a), key(b)));
    for (const n of list) {
      out.push({ node: n, depth });
      walk(n.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
