// Fuzz: mutated model.json bytes (fixed seeds) must either load and run, or fail with an InputError
// naming the file; never another exception, never a hang (each case is time-boxed).
import { seededUniform } from '../../../../src/core/random';
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InputError } from '../../../../src/core/errors';
import { openClassifierModel } from '../../../../src/core/model/classifierModel';
import type { Tf } from '../../../../src/core/tf';
import { selectBackend } from '../../../../src/engine/backend';
import { MODELS } from './oracle';

let tf: Tf;
const work = mkdtempSync(join(tmpdir(), 'collapse-lens-fuzz-'));
before(async () => {
  tf = (await selectBackend({ prefer: 'wasm' })).tf;
});
after(() => rmSync(work, { recursive: true, force: true }));

const mulberry32 = seededUniform;

/** One of: flip bytes, overwrite with JSON-ish characters, delete a range, duplicate a range, truncate. */
function mutate(bytes: Buffer, rand: () => number): Buffer {
  const at = (n = bytes.length) => Math.floor(rand() * n);
  const out = Buffer.from(bytes);
  switch (at(5)) {
    case 0: {
      for (let i = 0, n = 1 + at(4); i < n; i++) out[at()] ^= 1 << at(8);
      return out;
    }
    case 1: {
      const chars = '{}[]":,0123456789-.eE ntrufalse';
      for (let i = 0, n = 1 + at(3); i < n; i++) out[at()] = chars.charCodeAt(at(chars.length));
      return out;
    }
    case 2: {
      const start = at();
      return Buffer.concat([out.subarray(0, start), out.subarray(Math.min(out.length, start + 1 + at(40)))]);
    }
    case 3: {
      const start = at();
      const piece = out.subarray(start, start + 1 + at(60));
      const where = at();
      return Buffer.concat([out.subarray(0, where), piece, out.subarray(where)]);
    }
    default:
      return out.subarray(0, at());
  }
}

const CASE_TIMEOUT_MS = 5000;

async function runCase(tf: Tf, dir: string): Promise<'loaded' | 'refused'> {
  const job = (async () => {
    try {
      const model = await openClassifierModel(tf, dir);
      try {
        // One forward pass on zeros of the input shape the (possibly mutated) model declares.
        const shape = model.inputShape.map((d) => d ?? 1);
        const size = shape.reduce((a, b) => a * b, 1);
        if (size > 0 && size < 1e6) {
          const x = tf.zeros([2, ...shape]);
          try {
            const out = await model.run(x);
            tf.dispose([out.features, out.output]);
          } finally {
            x.dispose();
          }
        }
      } finally {
        model.dispose();
      }
      return 'loaded' as const;
    } catch (error) {
      if (error instanceof InputError) {
        assert.ok(error.message.includes(dir), `message names the file: ${error.message}`);
        return 'refused' as const;
      }
      throw error;
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`case hung for more than ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([job, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('fuzzed model.json', () => {
  for (const name of ['mlp', 'graph-fused', 'conv']) {
    it(`${name}: 200 mutations (seeds 1–200) load or fail with an InputError naming the file`, async () => {
      const original = readFileSync(join(MODELS, name, 'model.json'));
      const dir = join(work, name);
      copyDir(join(MODELS, name), dir);
      const outcomes = { loaded: 0, refused: 0 };
      for (let seed = 1; seed <= 200; seed++) {
        const rand = mulberry32(seed * 7919 + name.length);
        writeFileSync(join(dir, 'model.json'), mutate(original, rand));
        try {
          outcomes[await runCase(tf, dir)]++;
        } catch (error) {
          assert.fail(`seed ${seed}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        }
      }
      // Both outcomes occur: the mutations reach past the JSON parser.
      assert.ok(outcomes.refused > 0 && outcomes.loaded > 0, JSON.stringify(outcomes));
      if (process.env.FUZZ_VERBOSE) console.log(name, outcomes);
    });
  }
});

function copyDir(from: string, to: string) {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) copyFileSync(join(from, f), join(to, f));
}
