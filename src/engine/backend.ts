// Picks the best tfjs backend this process can run, and says why the better ones were unavailable.
//   1. @tensorflow/tfjs-node-gpu (CUDA)   2. @tensorflow/tfjs-node   3. wasm (SIMD)   4. cpu
// The native packages are optional dependencies; they are looked up next to Collapse Lens and in
// the user's workspace, because tfjs users often have them installed there.
import { BackendError } from '../core/errors';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BackendName, Tf } from '../core/tf';
import type * as TfjsVendor from './tfjsVendor';
import { requireWithCodeCache } from './codeCache';

declare const COLLAPSE_LENS_TFJS_APART: boolean | undefined;

export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  detail: string;
}

export interface BackendChoice {
  tf: Tf;
  name: BackendName;
  /** One line for users: what runs and why the better ones did not. */
  reason: string;
  attempts: BackendAttempt[];
}

export interface BackendOptions {
  prefer?: BackendPreference;
  /** Extra folders (e.g. workspace roots) whose node_modules may hold tfjs-node(-gpu). */
  searchPaths?: readonly string[];
}

const WASM_FILE = 'tfjs-backend-wasm-simd.wasm';

/** Where the wasm binaries are: beside the bundle (dist/) or in the installed package. */
export function findWasmDir(): string | undefined {
  const candidates = [__dirname, join(__dirname, '..', 'dist')];
  try {
    candidates.push(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')));
  } catch {
    // Not resolvable from a bundle installed without node_modules: the dist/ copies are used.
  }
  return candidates.find((dir) => existsSync(join(dir, WASM_FILE)));
}

function loadNative(pkg: string, searchPaths: readonly string[]): { tf?: Tf; detail: string } {
  const bases = [__filename, ...searchPaths.map((p) => join(p, 'package.json'))];
  const errors: string[] = [];
  for (const base of bases) {
    try {
      const tf = createRequire(base)(pkg) as Tf;
      return { tf, detail: `loaded from ${dirname(base)}` };
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      errors.push(message.includes('Cannot find module') ? `not installed (looked from ${dirname(base)})` : message);
    }
  }
  return { detail: [...new Set(errors)].join('; ') };
}

let cached: { key: string; choice: Promise<BackendChoice> } | undefined;

/** Resolves once per process and preference: tfjs backends are process-global state. */
export function selectBackend(options: BackendOptions = {}): Promise<BackendChoice> {
  const key = JSON.stringify([options.prefer ?? 'auto', options.searchPaths ?? []]);
  if (!cached || cached.key !== key) cached = { key, choice: choose(options) };
  return cached.choice;
}

async function choose({ prefer = 'auto', searchPaths = [] }: BackendOptions): Promise<BackendChoice> {
  // Loaded here, not at start-up: parsing and initialising tfjs costs ≈0.2 s of CPU, which commands that
  // run no tfjs op (version, seli, threshold, --help) no longer pay. By require(), not import(): import()
  // of the CommonJS dist/tfjs.js goes through Node's ESM loader, whose scan of the 4.7 MB bundle for its
  // export names cost another ≈0.3 s of wall time per metrics run (bench/startup.mjs measures both).
  // In the CLI/engine build (COLLAPSE_LENS_TFJS_APART) dist/tfjs.js is compiled through a V8 code cache.
  const loaded = (
    typeof COLLAPSE_LENS_TFJS_APART === 'boolean' && COLLAPSE_LENS_TFJS_APART
      ? requireWithCodeCache(join(__dirname, 'tfjs.js'))
      : // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('./tfjsVendor')
  ) as typeof TfjsVendor | { default: typeof TfjsVendor };
  // Bundled (tests) and as the external dist/tfjs.js this is the module itself (CommonJS exports);
  // `default` covers an ESM-interop wrapper.
  const vendor = 'setBackend' in loaded ? loaded : loaded.default;
  const bundledTf: Tf = vendor;
  const { setWasmPaths } = vendor;
  const attempts: BackendAttempt[] = [];
  const done = (tf: Tf, name: BackendName): BackendChoice => {
    // One short line for the status bar and the panel; `attempts` keeps where each package was looked for.
    const failed = attempts.filter((a) => !a.ok);
    const missing = failed.filter((a) => a.detail.startsWith('not installed')).map((a) => (a.name === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node'));
    const broken = failed.filter((a) => !a.detail.startsWith('not installed')).map((a) => `${a.name}: ${a.detail}`);
    const parts = [...(missing.length ? [`${missing.join(' and ')} not installed`] : []), ...broken];
    const why = prefer === 'auto' ? (parts.length ? ` (${parts.join('; ')})` : '') : ` (forced by setting: ${prefer})`;
    return { tf, name, reason: `${name}${why}`, attempts };
  };

  if (prefer === 'auto' || prefer === 'tensorflow') {
    for (const [pkg, name] of [
      ['@tensorflow/tfjs-node-gpu', 'tensorflow-gpu'],
      ['@tensorflow/tfjs-node', 'tensorflow'],
    ] as const) {
      const { tf, detail } = loadNative(pkg, searchPaths);
      attempts.push({ name, ok: Boolean(tf), detail });
      if (tf) {
        await tf.ready();
        return done(tf, name);
      }
    }
    if (prefer === 'tensorflow') {
      // Bad input, not a fault: the user asked for a backend this machine does not have (exit 2 in the CLI).
      // Both packages were looked for from the same folders: each folder is named once.
      const details = [...new Set(attempts.flatMap((a) => a.detail.split('; ')))];
      const from = details.flatMap((d) => /^not installed \(looked from (.*)\)$/.exec(d)?.[1] ?? []);
      const other = details.filter((d) => !d.startsWith('not installed'));
      const why = [...(from.length ? [`not installed; looked from ${from.join(', ')}`] : []), ...other].join('; ');
      throw new BackendError(`backend "tensorflow" was requested but neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node could be loaded (${why}): install one with npm, or use --backend auto`);
    }
  }

  if (prefer === 'auto' || prefer === 'wasm') {
    const dir = findWasmDir();
    let ok = false;
    let detail = 'wasm binaries not found';
    if (dir) {
      setWasmPaths(dir.endsWith('/') ? dir : `${dir}/`);
      try {
        // setBackend resolves false (and tfjs silently stays on cpu) when initialisation fails.
        ok = await bundledTf.setBackend('wasm');
        detail = ok ? `SIMD ${bundledTf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'on' : 'off'}, 1 thread` : 'initialisation failed';
      } catch (error) {
        detail = error instanceof Error ? error.message : String(error);
      }
    }
    attempts.push({ name: 'wasm', ok, detail });
    if (ok) {
      await bundledTf.ready();
      return done(bundledTf, 'wasm');
    }
    if (prefer === 'wasm') throw new BackendError(`backend "wasm" was requested but could not start: ${detail}; use --backend auto`);
  }

  const ok = await bundledTf.setBackend('cpu');
  if (!ok) throw new Error('no tfjs backend could be initialised (cpu failed too)');
  await bundledTf.ready();
  // tfjs-backend-cpu prints a "Hi, looks like you are running TensorFlow.js in Node.js" banner on stderr
  // at its first tensor write (it would land in `--json` runs and the engine log). Our `reason` already says
  // which backend ran and that tfjs-node is not installed, so the banner is switched off at its flag.
  const cpu = bundledTf.backend() as { firstUse?: boolean };
  if ('firstUse' in cpu) cpu.firstUse = false;
  attempts.push({ name: 'cpu', ok: true, detail: 'pure JavaScript' });
  return done(bundledTf, 'cpu');
}
