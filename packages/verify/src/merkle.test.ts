import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { leafHash, MemoryTree, nodeHash, verifyConsistency, verifyInclusion } from './merkle';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const unhex = (text: string) => Buffer.from(text, 'hex');

// RFC 6962 / RFC 9162 reference tree (Certificate Transparency's test vectors): eight leaves and the root at each size.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_INCLUSION = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];
const CT_CONSISTENCY = [
  {
    first: 2,
    second: 8,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    first: 6,
    second: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

function ctTree(): MemoryTree {
  const tree = new MemoryTree('sha256');
  // One leaf at a time and in a batch must give the same tree: append in uneven slices.
  tree.append(CT_LEAVES.slice(0, 3).map((leaf) => leafHash(unhex(leaf), 'sha256')));
  tree.append(CT_LEAVES.slice(3, 4).map((leaf) => leafHash(unhex(leaf), 'sha256')));
  tree.append(CT_LEAVES.slice(4).map((leaf) => leafHash(unhex(leaf), 'sha256')));
  return tree;
}

describe('the log tree with SHA-256 (RFC 9162 / RFC 6962 reference vectors)', () => {
  it('gives the reference root at every size 0..8, appended incrementally', () => {
    const tree = ctTree();
    for (let size = 0; size <= 8; size += 1) expect(hex(tree.rootAt(size)), `size ${size}`).toBe(CT_ROOTS[size]);
    expect(hex(tree.root)).toBe(CT_ROOTS[8]);
    const grown = new MemoryTree('sha256');
    CT_LEAVES.forEach((leaf, index) => {
      grown.append([leafHash(unhex(leaf), 'sha256')]);
      expect(hex(grown.root)).toBe(CT_ROOTS[index + 1]);
    });
  });

  it('gives the reference inclusion proofs, and they verify', () => {
    const tree = ctTree();
    for (const vector of CT_INCLUSION) {
      expect(tree.inclusionProof(vector.index, vector.size).map(hex)).toEqual(vector.proof);
      const leaf = leafHash(unhex(CT_LEAVES[vector.index]!), 'sha256');
      expect(
        verifyInclusion(
          leaf,
          vector.index,
          vector.size,
          vector.proof.map(unhex),
          unhex(CT_ROOTS[vector.size]!),
          'sha256',
        ),
      ).toBe(true);
    }
  });

  it('gives the reference consistency proofs, and they verify', () => {
    const tree = ctTree();
    for (const vector of CT_CONSISTENCY) {
      expect(tree.consistencyProof(vector.first, vector.second).map(hex)).toEqual(vector.proof);
      expect(
        verifyConsistency(
          vector.first,
          vector.second,
          unhex(CT_ROOTS[vector.first]!),
          unhex(CT_ROOTS[vector.second]!),
          vector.proof.map(unhex),
          'sha256',
        ),
      ).toBe(true);
    }
  });
});

describe('the log tree with SM3 (GB/T 32905)', () => {
  it('hashes with SM3: the standard’s two examples', () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
    expect(createHash('sm3').update('abcd'.repeat(16)).digest('hex')).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('separates leaves from nodes: leaf = SM3(0x00 ‖ bytes), node = SM3(0x01 ‖ left ‖ right)', () => {
    expect(hex(leafHash('abc'))).toBe(createHash('sm3').update(Buffer.from('00616263', 'hex')).digest('hex'));
    const left = leafHash('a');
    const right = leafHash('b');
    expect(hex(nodeHash(left, right))).toBe(
      createHash('sm3')
        .update(Buffer.concat([Buffer.from([1]), left, right]))
        .digest('hex'),
    );
  });

  it('pins the SM3 roots of the reference leaves (a change of the tree’s shape or hashing breaks this)', () => {
    const tree = new MemoryTree('sm3');
    tree.append(CT_LEAVES.map((leaf) => leafHash(unhex(leaf), 'sm3')));
    expect(hex(tree.rootAt(0))).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
    expect(hex(tree.rootAt(1))).toBe(SM3_ROOT_1);
    expect(hex(tree.rootAt(8))).toBe(SM3_ROOT_8);
  });
});

// Computed by this code when the reference vectors above first passed; SM3("") is GB/T 32905's empty digest.
const SM3_ROOT_1 = '2daef60e7a0b8f5e024c81cd2ab3109f2b4f155cf83adeb2ae5532f74a157fdf';
const SM3_ROOT_8 = 'bc48ba7a709184b5f2a631e1adeb8dc2a0d4c018c1d6cc89b5664fe154c93b38';

describe('proofs over every tree shape', () => {
  const tree = new MemoryTree('sm3');
  tree.append(Array.from({ length: 37 }, (_, index) => leafHash(canonicalJson({ index }))));

  it('every inclusion proof verifies in every size, and a changed leaf, sibling or index does not', () => {
    for (let size = 1; size <= 37; size += 1) {
      const root = tree.rootAt(size);
      for (let index = 0; index < size; index += 1) {
        const leaf = leafHash(canonicalJson({ index }));
        const proof = tree.inclusionProof(index, size);
        expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
        expect(verifyInclusion(leafHash(canonicalJson({ index: index + 1 })), index, size, proof, root)).toBe(false);
        if (proof.length > 0) {
          const altered = proof.map((item) => Buffer.from(item));
          altered[0]![0]! ^= 1;
          expect(verifyInclusion(leaf, index, size, altered, root)).toBe(false);
        }
        if ((index ^ 1) < size) expect(verifyInclusion(leaf, index ^ 1, size, proof, root)).toBe(false);
      }
    }
  });

  it('every consistency proof verifies, and one against another root does not', () => {
    for (let second = 1; second <= 37; second += 1) {
      for (let first = 1; first <= second; first += 1) {
        const proof = tree.consistencyProof(first, second);
        expect(verifyConsistency(first, second, tree.rootAt(first), tree.rootAt(second), proof)).toBe(true);
        if (first < second) {
          expect(verifyConsistency(first, second, tree.rootAt(first - 1 || 1), tree.rootAt(second), proof)).toBe(
            first === 1,
          );
          expect(verifyConsistency(first, second, tree.rootAt(first), tree.rootAt(second - 1), proof)).toBe(false);
        }
      }
    }
  });
});
