// One build for every bundle: extension host, engine/CLI, webview, and test bundles.
//   node esbuild.mjs               build dist/ (development, with source maps)
//   node esbuild.mjs --production  minified dist/ for packaging
//   node esbuild.mjs --watch       rebuild dist/ on change
//   node esbuild.mjs --tests       dist/ plus out/test/ (unit and integration test bundles)
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const tests = args.has('--tests');

// Native tfjs backends are optional and resolved at run time; never bundle them.
const nativeTf = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const common = {
  define: { COLLAPSE_LENS_VERSION: JSON.stringify(pkg.version) },
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const node = { ...common, platform: 'node', target: 'node20', format: 'cjs' };

/** In the CLI/engine bundle, src/engine/tfjsVendor.ts is the separate file dist/tfjs.js, required on first use. */
const tfjsApart = {
  name: 'tfjs-apart',
  setup(build) {
    build.onResolve({ filter: /\/tfjsVendor$/ }, () => ({ path: './tfjs.js', external: true }));
  },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode', ...nativeTf] },
  {
    ...node,
    entryPoints: { cli: 'src/engine/main.ts' },
    outdir: 'dist',
    external: nativeTf,
    plugins: [tfjsApart],
    define: { ...common.define, COLLAPSE_LENS_TFJS_APART: 'true' },
    banner: { js: '#!/usr/bin/env node' },
  },
  { ...node, entryPoints: { tfjs: 'src/engine/tfjsVendor.ts' }, outdir: 'dist', external: nativeTf },
  {
    ...common,
    // Minified in every build: each standalone HTML report embeds this bundle (1.18 → 0.57 MB; a 1000-class
    // model report 10.6 → 10.0 MB). The linked source map keeps it debuggable in development.
    minify: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    loader: { '.css': 'text' },
  },
];

function listTests(dir, pattern) {
  const found = [];
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...listTests(path, pattern));
    else if (pattern.test(name)) found.push(path);
  }
  return found;
}

if (tests) {
  const unit = listTests('test/unit', /\.test\.ts$/);
  builds.push({
    ...node,
    sourcemap: 'inline',
    entryPoints: Object.fromEntries(unit.map((f) => [relative('test/unit', f).replace(/\.ts$/, ''), f])),
    outdir: 'out/test/unit',
    external: nativeTf,
  });
  const integration = existsSync('test/integration/suite') ? listTests('test/integration/suite', /\.ts$/) : [];
  if (integration.length) builds.push({
    ...node,
    sourcemap: 'inline',
    entryPoints: Object.fromEntries(integration.map((f) => [relative('test/integration/suite', f).replace(/\.ts$/, ''), f])),
    outdir: 'out/test/integration/suite',
    external: ['vscode', 'mocha', ...nativeTf],
  });
}

/** The wasm backend's binaries sit next to the bundles that load them (setWasmPaths points at dist/). */
function copyWasm() {
  mkdirSync('dist', { recursive: true });
  const from = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
  for (const f of readdirSync(from)) if (f.endsWith('.wasm')) copyFileSync(join(from, f), join('dist', f));
}

copyWasm();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching for changes…');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`[esbuild] built ${builds.length} bundle groups in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
