// nsfwjs 4.4.0 (a pinned devDependency, never shipped) bundles its converter-produced models as
// browserify .min.js modules: model.min.js exports the model.json object, each shard module a
// base64 string. This writes them out as an ordinary tfjs model folder (model.json + .bin shards)
// under out/npm-models/, which is what a user who saved the model would have.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..', '..', '..');

/** The folder of nsfwjs's `name` model (mobilenet_v2, mobilenet_v2_mid, inception_v3), unpacked once. */
export function nsfwjsModel(name: string, root = ROOT): string {
  const out = join(root, 'out', 'npm-models', 'nsfwjs-4.4.0', name);
  if (existsSync(join(out, 'model.json'))) return out;
  const req = createRequire(join(root, 'package.json'));
  const pkg = join(root, 'node_modules', 'nsfwjs');
  const version = (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  if (version !== '4.4.0') throw new Error(`nsfwjs ${version} installed, the tests expect 4.4.0 (run npm ci)`);
  const src = join(pkg, 'dist', 'models', name);
  const json = req(join(src, 'model.min.js')) as { weightsManifest: { paths: string[] }[] };
  mkdirSync(out, { recursive: true });
  for (const group of json.weightsManifest) {
    group.paths = group.paths.map((p) => {
      writeFileSync(join(out, `${p}.bin`), Buffer.from(req(join(src, `${p}.min.js`)) as string, 'base64'));
      return `${p}.bin`;
    });
  }
  writeFileSync(join(out, 'model.json'), JSON.stringify(json));
  return out;
}
