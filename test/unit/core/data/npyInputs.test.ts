// .npy/.npz model inputs: every .npy layout numpy writes (big-endian, Fortran order, format v3)
// loads to the same values, labels are found by name, and mutated bytes never crash the reader.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openNpyInputs } from '../../../../src/core/data/npyInputs';
import type { InputSource } from '../../../../src/core/data/inputs';
import { InputError } from '../../../../src/core/errors';
import { DATA, readCsv } from '../model/oracle';

const work = mkdtempSync(join(tmpdir(), 'collapse-lens-npy-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function all(source: InputSource, batchSize = 4) {
  const values: number[] = [];
  const labels: number[] = [];
  for await (const b of source.batches(batchSize)) {
    values.push(...b.values);
    labels.push(...b.labels);
  }
  return { values, labels };
}

describe('.npy / .npz inputs', () => {
  it('big-endian, Fortran-order and v3 files load to the same 6×4 matrix as the C-order file (the first CSV rows)', async () => {
    const dir = join(DATA, 'npy-variants');
    const csv = readCsv(join(DATA, 'blobs', 'train.csv'));
    const expected = csv.rows.slice(0, 6).flat().map(Math.fround);
    for (const name of ['c-order', 'big-endian', 'fortran', 'v3']) {
      const source = await openNpyInputs(join(dir, `${name}.npy`), { labelsPath: join(dir, 'y.npy') });
      assert.deepEqual(source.sampleShape, [4], name);
      const got = await all(source, 4);
      assert.deepEqual(got.values, expected, name);
      assert.deepEqual(got.labels, csv.labels.slice(0, 6).map(Number), name);
    }
  });

  it('finds y next to x (train-x.npy → train-y.npy) and reads an .npz holding x and y', async () => {
    const csv = readCsv(join(DATA, 'blobs', 'train.csv'));
    const npy = await openNpyInputs(join(DATA, 'blobs', 'train-x.npy'));
    assert.match(npy.warnings.join(), /labels read from .*train-y\.npy/);
    const npz = await openNpyInputs(join(DATA, 'blobs', 'train.npz'));
    const a = await all(npy, 64);
    const b = await all(npz, 64);
    assert.deepEqual(a.values, csv.rows.flat().map(Math.fround));
    assert.deepEqual(b.values, a.values);
    assert.deepEqual(a.labels, csv.labels.map(Number));
    assert.deepEqual(b.labels, a.labels);
  });

  it('fuzz: 300 mutated .npy files (seeds 1–300) load or fail with an InputError naming the file, each within 5 s', async () => {
    const original = readFileSync(join(DATA, 'blobs', 'train-x.npy'));
    const labels = join(DATA, 'blobs', 'train-y.npy');
    let seed = 0;
    const rand = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const outcomes = { loaded: 0, refused: 0 };
    for (let s = 1; s <= 300; s++) {
      seed = s * 7919;
      const bytes = Buffer.from(original);
      const at = () => Math.floor(rand() * bytes.length);
      const kind = Math.floor(rand() * 4);
      let mutated: Buffer = bytes;
      // Mostly the header (first 128 bytes), where the parser lives; also data bytes and truncation.
      if (kind === 0) for (let i = 0; i < 1 + Math.floor(rand() * 3); i++) bytes[Math.floor(rand() * 128)] ^= 1 << Math.floor(rand() * 8);
      else if (kind === 1) for (let i = 0; i < 1 + Math.floor(rand() * 3); i++) bytes[Math.floor(rand() * 128)] = "{}()',:<>fiu0123456789 TrueFalse".charCodeAt(Math.floor(rand() * 32));
      else if (kind === 2) mutated = bytes.subarray(0, at());
      else bytes[at()] = Math.floor(rand() * 256);
      const path = join(work, `fuzz-${s}.npy`);
      writeFileSync(path, mutated);
      const job = (async () => {
        try {
          const source = await openNpyInputs(path, { labelsPath: labels });
          await all(source, 50);
          return 'loaded' as const;
        } catch (error) {
          if (error instanceof InputError) {
            assert.ok(error.message.includes(path) || error.message.includes(labels), `seed ${s}: message names the file: ${error.message}`);
            return 'refused' as const;
          }
          throw new Error(`seed ${s}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        }
      })();
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([job, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`seed ${s}: hung`)), 5000)))]);
      clearTimeout(timer);
      outcomes[outcome]++;
    }
    assert.ok(outcomes.loaded > 0 && outcomes.refused > 0, JSON.stringify(outcomes));
  });
});
