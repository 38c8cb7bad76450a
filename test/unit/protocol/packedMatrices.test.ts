// Packing the large matrices of a report for the standalone page: lossless both ways, small ones untouched.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PACK_MIN_ENTRIES, packMatrices, unpackMatrices } from '../../../src/protocol/packedMatrices';

const K = 70; // 4900 ≥ PACK_MIN_ENTRIES = 4096
function matrix(seed: number): (number | null)[][] {
  let s = seed;
  const next = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
  return Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => (i === 3 || j === 3 ? null : i === j ? 1 : next() * 10 ** ((i % 7) - 3))));
}

describe('packMatrices', () => {
  it('replaces each matrix of at least 64×64 entries by a reference and restores the same bits', () => {
    const value = { a: { gram: matrix(1), small: [[1, 2], [3, 4]] }, list: [matrix(2), 5], name: 'x', tall: Array.from({ length: 5000 }, (_, i) => [i / 7]) };
    assert.ok(K * K >= PACK_MIN_ENTRIES);
    const { json, block } = packMatrices(value);
    const j = json as { a: { gram: unknown; small: unknown }; list: unknown[]; tall: unknown };
    assert.deepEqual(j.a.gram, { $packed: { rows: K, cols: K, offset: 0 } });
    assert.deepEqual(j.list[0], { $packed: { rows: K, cols: K, offset: K * K } });
    assert.deepEqual(j.tall, { $packed: { rows: 5000, cols: 1, offset: 2 * K * K } });
    assert.deepEqual(j.a.small, [[1, 2], [3, 4]], 'small matrices stay JSON');
    assert.equal(block.length, 2 * K * K + 5000);
    assert.ok(Number.isNaN(block[3]), 'null is NaN in the block');
    const back = unpackMatrices(JSON.parse(JSON.stringify(json)), block);
    assert.deepEqual(back, value);
  });

  it('−0 comes back as 0, as JSON would write it; ragged or non-numeric arrays are not matrices', () => {
    const m = Array.from({ length: K }, () => new Array<number>(K).fill(-0));
    const { block } = packMatrices({ m });
    assert.ok(Object.is(block[0], 0));
    const ragged = [...matrix(3).slice(0, K - 1), [1]];
    const strings = Array.from({ length: K }, () => new Array<string>(K).fill('a'));
    assert.equal(packMatrices({ ragged, strings }).block.length, 0);
  });

  it('a saved report without large matrices is unchanged', () => {
    const report = JSON.parse(readFileSync('test/fixtures/reports/collapsed.json', 'utf8'));
    const { json, block } = packMatrices(report);
    assert.equal(block.length, 0);
    assert.deepEqual(json, report);
  });

  it('a reference outside the block is an error, not a silently short matrix', () => {
    assert.throws(() => unpackMatrices({ m: { $packed: { rows: 2, cols: 2, offset: 1 } } }, new Float64Array(4)), /packed 2×2 matrix at 1 lies outside the 4 values/);
  });

  it('a matrix equal to its transpose goes as its lower triangle, K(K+1)/2 values; one entry 1 ulp off does not', () => {
    const m = matrix(4);
    const sym = m.map((row, i) => row.map((x, j) => (j <= i ? x : m[j][i])));
    const { json, block } = packMatrices({ sym });
    assert.deepEqual((json as { sym: unknown }).sym, { $packed: { rows: K, cols: K, offset: 0, symmetric: true } });
    assert.equal(block.length, (K * (K + 1)) / 2);
    // Row i of the triangle starts at i(i+1)/2: entry (5, 2) is value 5·6/2 + 2.
    assert.equal(block[17], sym[5][2]);
    assert.deepEqual(unpackMatrices(JSON.parse(JSON.stringify(json)), block), { sym });
    const off = sym.map((row) => [...row]);
    off[10][2] = (off[10][2] as number) * (1 + Number.EPSILON);
    const packed = packMatrices({ off });
    assert.equal(packed.block.length, K * K);
    assert.deepEqual(unpackMatrices(packed.json, packed.block), { off });
    assert.throws(() => unpackMatrices({ m: { $packed: { rows: 3, cols: 3, offset: 0, symmetric: true } } }, new Float64Array(5)), /packed 3×3 symmetric matrix at 0 lies outside the 5 values/);
  });
  it('a matrix equal to one already stored (a copy, or the same object twice) points at that copy; 1 ulp apart they do not share', () => {
    const m = matrix(5);
    const copy = m.map((row) => [...row]);
    const near = m.map((row) => [...row]);
    near[K - 1][K - 2] = (near[K - 1][K - 2] as number) * (1 + Number.EPSILON);
    const value = { first: m, again: m, copy, near, other: matrix(6) };
    const { json, block } = packMatrices(value);
    const refs = json as Record<string, { $packed: { offset: number } }>;
    assert.equal(refs.again.$packed.offset, 0);
    assert.equal(refs.copy.$packed.offset, 0);
    assert.equal(refs.near.$packed.offset, K * K);
    assert.equal(refs.other.$packed.offset, 2 * K * K);
    assert.equal(block.length, 3 * K * K);
    const back = unpackMatrices(JSON.parse(JSON.stringify(json)), block) as typeof value;
    assert.deepEqual(back, value);
    assert.equal(back.first, back.again, 'one stored matrix comes back as one array, however often it is referenced');
    assert.equal(back.first, back.copy);
    assert.notEqual(back.first, back.near);
  });
});
