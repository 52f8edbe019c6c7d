import { createHash } from 'node:crypto';

/**
 * An append-only Merkle tree as RFC 9162 §2.1 (Certificate Transparency 2.0) defines it, with a choice of hash: SM3
 * (GB/T 32905) for the platform's log, SHA-256 for RFC 9162/6962's reference vectors, through the same code. Leaves
 * and inner nodes are domain-separated: leaf = H(0x00 ‖ bytes), node = H(0x01 ‖ left ‖ right), the empty tree H("").
 */
export type LogHashAlgorithm = 'sm3' | 'sha256';

/** The platform's log hashes with SM3. */
export const LOG_HASH_ALGORITHM = 'sm3' satisfies LogHashAlgorithm;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function leafHash(bytes: Uint8Array | string, algorithm: LogHashAlgorithm = LOG_HASH_ALGORITHM): Buffer {
  // A string is hashed as its UTF-8 bytes (update's default) without a Buffer copy on the heap.
  return createHash(algorithm).update(LEAF_PREFIX).update(bytes).digest();
}

export function nodeHash(
  left: Uint8Array,
  right: Uint8Array,
  algorithm: LogHashAlgorithm = LOG_HASH_ALGORITHM,
): Buffer {
  return createHash(algorithm).update(NODE_PREFIX).update(left).update(right).digest();
}

export function emptyRoot(algorithm: LogHashAlgorithm = LOG_HASH_ALGORITHM): Buffer {
  return createHash(algorithm).digest();
}

/** A complete, aligned subtree: leaves [position·2^level, (position+1)·2^level). Level 0 is a leaf. */
export interface TreeNode {
  level: number;
  position: number;
}

/** A range of leaves [start, end) whose MTH a proof needs. */
export interface LeafRange {
  start: number;
  end: number;
}

export function nodeKey(node: TreeNode): string {
  return `${node.level}:${node.position}`;
}

/** The largest power of two smaller than n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete aligned subtrees that make up leaves [start, end), largest (leftmost) first; `start` must be aligned
 * as RFC 9162's recursion leaves it (a multiple of the largest power of two not above end − start).
 */
export function rangeNodes(range: LeafRange): TreeNode[] {
  const nodes: TreeNode[] = [];
  let start = range.start;
  let remaining = range.end - range.start;
  while (remaining > 0) {
    let size = 1;
    let level = 0;
    while (size * 2 <= remaining) {
      size *= 2;
      level += 1;
    }
    nodes.push({ level, position: start / size });
    start += size;
    remaining -= size;
  }
  return nodes;
}

/** The subtrees a tree of `size` leaves ends with: the only stored nodes an append may need as left siblings. */
export function frontierNodes(size: number): TreeNode[] {
  return rangeNodes({ start: 0, end: size });
}

/** MTH(D[start:end]) from the hashes of its subtrees: node(d1, node(d2, … node(dk−1, dk))). */
export function rangeHash(
  range: LeafRange,
  lookup: (node: TreeNode) => Buffer,
  algorithm: LogHashAlgorithm = LOG_HASH_ALGORITHM,
): Buffer {
  const nodes = rangeNodes(range);
  if (nodes.length === 0) return emptyRoot(algorithm);
  let hash = lookup(nodes[nodes.length - 1]!);
  for (let index = nodes.length - 2; index >= 0; index -= 1) hash = nodeHash(lookup(nodes[index]!), hash, algorithm);
  return hash;
}

/** The ranges whose hashes form the inclusion proof (audit path, RFC 9162 §2.1.3.1) of leaf `index` in a tree of `size`, leaf side first. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) {
    throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  }
  const ranges: LeafRange[] = [];
  let start = 0;
  let end = size;
  let m = index;
  const siblings: LeafRange[] = [];
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      siblings.push({ start: start + k, end });
      end = start + k;
    } else {
      siblings.push({ start, end: start + k });
      start += k;
      m -= k;
    }
  }
  for (let index2 = siblings.length - 1; index2 >= 0; index2 -= 1) ranges.push(siblings[index2]!);
  return ranges;
}

/** The ranges whose hashes form the consistency proof (RFC 9162 §2.1.4.1) from a tree of `first` leaves to one of `second`. */
export function consistencyRanges(first: number, second: number): LeafRange[] {
  if (!(Number.isSafeInteger(first) && Number.isSafeInteger(second) && first >= 0 && first <= second)) {
    throw new RangeError(`no consistency proof from ${first} to ${second} leaves`);
  }
  if (first === 0 || first === second) return [];
  const outer: LeafRange[] = [];
  let start = 0;
  let end = second;
  let m = first;
  let whole = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      outer.push({ start: start + k, end });
      end = start + k;
    } else {
      outer.push({ start, end: start + k });
      start += k;
      m -= k;
      whole = false;
    }
  }
  const ranges: LeafRange[] = whole ? [] : [{ start, end }];
  for (let index = outer.length - 1; index >= 0; index -= 1) ranges.push(outer[index]!);
  return ranges;
}

/** Every node the given ranges' hashes need, each once. */
export function nodesOfRanges(ranges: LeafRange[]): TreeNode[] {
  const seen = new Map<string, TreeNode>();
  for (const range of ranges) for (const node of rangeNodes(range)) seen.set(nodeKey(node), node);
  return [...seen.values()];
}

/**
 * Appends leaf hashes to a tree of `size` leaves given its frontier (`frontierNodes(size)`, by `nodeKey`): the new
 * nodes to store (every complete subtree the new leaves finish, leaves included) and the new root. O(k + log n).
 */
export function appendLeaves(
  size: number,
  frontier: ReadonlyMap<string, Buffer>,
  leafHashes: Buffer[],
  algorithm: LogHashAlgorithm = LOG_HASH_ALGORITHM,
): { nodes: Array<TreeNode & { hash: Buffer }>; size: number; root: Buffer } {
  const known = new Map(frontier);
  const nodes: Array<TreeNode & { hash: Buffer }> = [];
  let index = size;
  for (const hash of leafHashes) {
    let level = 0;
    let position = index;
    let current = hash;
    nodes.push({ level, position, hash: current });
    known.set(nodeKey({ level, position }), current);
    while (position % 2 === 1) {
      const left = known.get(nodeKey({ level, position: position - 1 }));
      if (!left) throw new Error(`the tree lacks node ${level}:${position - 1}`);
      current = nodeHash(left, current, algorithm);
      level += 1;
      position = (position - 1) / 2;
      nodes.push({ level, position, hash: current });
      known.set(nodeKey({ level, position }), current);
    }
    index += 1;
  }
  const root = rangeHash({ start: 0, end: index }, (node) => known.get(nodeKey(node))!, algorithm);
  return { nodes, size: index, root };
}

function isHash(value: unknown, length: number): value is Uint8Array {
  return value instanceof Uint8Array && value.length === length;
}

/** RFC 9162 §2.1.3.2: whether `proof` shows leaf `index` (with hash `leaf`) in the tree of `size` leaves with `root`. */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: Uint8Array[],
  root: Uint8Array,
  algorithm: LogHashAlgorithm = LOG_HASH_ALGORITHM,
): boolean {
  const length = emptyRoot(algorithm).length;
  if (!isHash(leaf, length) || !isHash(root, length) || !proof.every((item) => isHash(item, length))) return false;
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let hash: Uint8Array = leaf;
  for (const sibling of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      hash = nodeHash(sibling, hash, algorithm);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      hash = nodeHash(hash, sibling, algorithm);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(hash).equals(Buffer.from(root));
}

/** RFC 9162 §2.1.4.2: whether `proof` shows the tree of `second` leaves (`secondRoot`) extends that of `first`. */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: Uint8Array[],
  algorithm: LogHashAlgorithm = LOG_HASH_ALGORITHM,
): boolean {
  const length = emptyRoot(algorithm).length;
  if (!isHash(firstRoot, length) || !isHash(secondRoot, length) || !proof.every((item) => isHash(item, length))) {
    return false;
  }
  if (!(Number.isSafeInteger(first) && Number.isSafeInteger(second) && first >= 0 && first <= second)) return false;
  if (first === 0) return proof.length === 0 && Buffer.from(firstRoot).equals(emptyRoot(algorithm));
  if (first === second) return proof.length === 0 && Buffer.from(firstRoot).equals(Buffer.from(secondRoot));
  if (proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : proof;
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let firstHash: Uint8Array = path[0]!;
  let secondHash: Uint8Array = path[0]!;
  for (const item of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      firstHash = nodeHash(item, firstHash, algorithm);
      secondHash = nodeHash(item, secondHash, algorithm);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      secondHash = nodeHash(secondHash, item, algorithm);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return (
    sn === 0 &&
    Buffer.from(firstHash).equals(Buffer.from(firstRoot)) &&
    Buffer.from(secondHash).equals(Buffer.from(secondRoot))
  );
}

/** A whole tree in memory (tests, the offline verifier's own checks): every node by key. */
export class MemoryTree {
  private readonly nodes = new Map<string, Buffer>();
  size = 0;
  root: Buffer;

  constructor(readonly algorithm: LogHashAlgorithm = LOG_HASH_ALGORITHM) {
    this.root = emptyRoot(algorithm);
  }

  append(leafHashes: Buffer[]): void {
    const appended = appendLeaves(this.size, this.nodes, leafHashes, this.algorithm);
    for (const node of appended.nodes) this.nodes.set(nodeKey(node), node.hash);
    this.size = appended.size;
    this.root = appended.root;
  }

  private hashOf(range: LeafRange): Buffer {
    return rangeHash(range, (node) => this.nodes.get(nodeKey(node))!, this.algorithm);
  }

  rootAt(size: number): Buffer {
    return this.hashOf({ start: 0, end: size });
  }

  inclusionProof(index: number, size = this.size): Buffer[] {
    if (size > this.size) throw new RangeError(`the tree has ${this.size} leaves, not ${size}`);
    return inclusionRanges(index, size).map((range) => this.hashOf(range));
  }

  consistencyProof(first: number, second = this.size): Buffer[] {
    if (second > this.size) throw new RangeError(`the tree has ${this.size} leaves, not ${second}`);
    return consistencyRanges(first, second).map((range) => this.hashOf(range));
  }
}
