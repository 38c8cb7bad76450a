// Reads a tfjs model.json and its weight shards from disk, and checks them before tfjs sees them.
// Without tfjs-node there is no file:// loader (platform-notes §2), so this is our own IOHandler:
// model.json through fs, the shards in manifest order, each Buffer copied into a standalone
// ArrayBuffer (a small Buffer can be a view into Node's shared pool).
//
// Checking first turns tfjs's generic failures ("Cannot read properties of undefined", "Based on
// the provided shape … the tensor should have 64 values but has 54") into a message that names the
// file and says what is wrong: missing shard, short shard (expected vs actual bytes), bad dtype, …
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../tf';
import { isRecord } from '../../protocol/guards';
import { describeError, fileFault } from '../errors';

export type ModelFormat = 'layers-model' | 'graph-model';

export interface QuantizationSummary {
  /** 'uint8' | 'uint16' | 'float16' */
  dtype: string;
  /** Number of weight tensors stored at this precision. */
  weights: number;
}

export interface ModelFiles {
  /** Path of model.json as resolved from what the user gave. */
  jsonPath: string;
  format: ModelFormat;
  json: tfjs.io.ModelJSON;
  weightSpecs: tfjs.io.WeightsManifestEntry[];
  /** All shards, concatenated in manifest order. */
  weightData: ArrayBuffer;
  quantization: QuantizationSummary[];
}

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const QUANTIZED_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

/** A folder containing model.json, or the path of a .json file. */
export function resolveModelJson(path: string): string {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw fileFault(path, 'does not exist');
  }
  if (!stat.isDirectory()) return path;
  const json = join(path, 'model.json');
  try {
    if (statSync(json).isFile()) return json;
  } catch {
    // reported below
  }
  throw fileFault(path, 'is a folder without model.json (expected a tfjs model folder, a model.json file, or a folder of checkpoint folders)');
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fileFault(path, `cannot be read (${describeError(error)})`);
  }
  if (text.length === 0) throw fileFault(path, 'is empty (0 bytes)');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fileFault(path, `is not valid JSON (${describeError(error)})`);
  }
}

function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((d) => Number.isInteger(d) && d >= 0);
}

function checkEntry(path: string, group: number, entry: unknown, index: number): tfjs.io.WeightsManifestEntry {
  const where = `weightsManifest[${group}].weights[${index}]`;
  if (!isRecord(entry)) throw fileFault(path, `${where} is not an object`);
  if (typeof entry.name !== 'string') throw fileFault(path, `${where} has no "name"`);
  const what = `${where} ("${entry.name}")`;
  if (!isShape(entry.shape)) throw fileFault(path, `${what} has an invalid "shape" ${JSON.stringify(entry.shape)} (expected a list of non-negative integers)`);
  if (typeof entry.dtype !== 'string' || !(entry.dtype in BYTES_PER_ELEMENT || entry.dtype === 'string')) {
    throw fileFault(path, `${what} has unsupported dtype ${JSON.stringify(entry.dtype)} (tfjs supports float32, int32, bool, complex64, string)`);
  }
  if (entry.quantization !== undefined) {
    const q = entry.quantization;
    if (!isRecord(q) || typeof q.dtype !== 'string' || !(q.dtype in QUANTIZED_BYTES)) {
      throw fileFault(path, `${what} has unsupported quantization ${JSON.stringify(q)} (tfjs supports uint8, uint16 and float16)`);
    }
    if (q.dtype !== 'float16' && !(Number.isFinite(q.scale) && Number.isFinite(q.min))) {
      throw fileFault(path, `${what} is ${q.dtype}-quantized but lacks a finite "scale" and "min"`);
    }
    if (q.dtype === 'float16' && entry.dtype !== 'float32') {
      throw fileFault(path, `${what} is float16-quantized but its dtype is ${entry.dtype} (only float32 can be)`);
    }
  }
  return entry as unknown as tfjs.io.WeightsManifestEntry;
}

/** Bytes a weight occupies in the shards, or null for variable-length (string) weights. */
function storedBytes(entry: tfjs.io.WeightsManifestEntry): number | null {
  const size = entry.shape.reduce((a, b) => a * b, 1);
  if (entry.quantization) return size * QUANTIZED_BYTES[entry.quantization.dtype];
  if (entry.dtype === 'string') return null;
  return size * BYTES_PER_ELEMENT[entry.dtype];
}

function inferFormat(path: string, json: Record<string, unknown>): ModelFormat {
  const topology = json.modelTopology;
  if (!isRecord(topology)) throw fileFault(path, 'has no "modelTopology" object (is this a tfjs model.json?)');
  if (json.format !== undefined && json.format !== 'layers-model' && json.format !== 'graph-model') {
    throw fileFault(path, `has unknown "format" ${JSON.stringify(json.format)} (expected "layers-model" or "graph-model")`);
  }
  const graphLike = Array.isArray(topology.node);
  if (json.format === 'graph-model' && !graphLike) throw fileFault(path, 'says "format": "graph-model" but modelTopology has no "node" list');
  if (json.format === 'layers-model' && graphLike) throw fileFault(path, 'says "format": "layers-model" but modelTopology is a graph ("node" list)');
  return graphLike ? 'graph-model' : 'layers-model';
}

/** True when `path` is `dir` or below it (both resolved). */
function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * A shard path from weightsManifest, confined to the model's folder (as tfjs's own loaders only
 * fetch beside model.json): absolute paths, URLs, `..` escapes and symbolic links leading out are
 * refused, so a model.json from an untrusted workspace cannot make us read other files.
 */
function shardInside(jsonPath: string, dir: string, group: number, p: string): string {
  const refuse = (why: string): never => {
    throw fileFault(jsonPath, `weightsManifest[${group}] lists shard "${p.length > 80 ? p.slice(0, 77) + '…' : p}", ${why}; shards must be files in the model's folder (fix the "paths" list or move the shards beside model.json)`);
  };
  if (/^[a-z][a-z0-9+.-]*:/i.test(p)) return refuse('a URL, which is not read');
  if (isAbsolute(p) || p.startsWith('\\')) return refuse('an absolute path (shards are named relative to model.json)');
  const path = join(dir, p);
  if (!isInside(dir, path)) return refuse('which leads outside the model folder');
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return path; // missing: reported by the caller
  }
  if (!isInside(realpathSync(dir), real)) return refuse('a link that leads outside the model folder');
  return path;
}

/** model.json alone, checked as far as it can be without the shards. */
export function readModelJson(modelPath: string): { jsonPath: string; format: ModelFormat; json: Record<string, unknown>; manifest: unknown[] } {
  const jsonPath = resolveModelJson(modelPath);
  const json = readJson(jsonPath);
  if (!isRecord(json)) throw fileFault(jsonPath, `is not a tfjs model.json (the top level is ${Array.isArray(json) ? 'a list' : typeof json}, expected an object)`);
  const format = inferFormat(jsonPath, json);
  const manifest = json.weightsManifest;
  if (manifest === undefined) throw fileFault(jsonPath, 'has no "weightsManifest" (the list of weight shards)');
  if (!Array.isArray(manifest)) throw fileFault(jsonPath, '"weightsManifest" is not a list');
  return { jsonPath, format, json, manifest };
}

/** Reads and checks model.json and every shard it lists. */
export function readModelFiles(modelPath: string): ModelFiles {
  const { jsonPath, format, json, manifest } = readModelJson(modelPath);

  const dir = dirname(jsonPath);
  const specs: tfjs.io.WeightsManifestEntry[] = [];
  const chunks: Buffer[] = [];
  const quantization = new Map<string, number>();
  manifest.forEach((group: unknown, g) => {
    if (!isRecord(group)) throw fileFault(jsonPath, `weightsManifest[${g}] is not an object`);
    if (!Array.isArray(group.paths) || !group.paths.every((p) => typeof p === 'string')) {
      throw fileFault(jsonPath, `weightsManifest[${g}] has no "paths" list of shard files`);
    }
    if (!Array.isArray(group.weights)) throw fileFault(jsonPath, `weightsManifest[${g}] has no "weights" list`);
    const entries = group.weights.map((e: unknown, i: number) => checkEntry(jsonPath, g, e, i));
    let expected: number | null = 0;
    for (const e of entries) {
      const bytes = storedBytes(e);
      expected = expected === null || bytes === null ? null : expected + bytes;
      if (e.quantization) quantization.set(e.quantization.dtype, (quantization.get(e.quantization.dtype) ?? 0) + 1);
    }
    const shards: { path: string; bytes: number }[] = [];
    for (const p of group.paths as string[]) {
      const shardPath = shardInside(jsonPath, dir, g, p);
      let data: Buffer;
      try {
        data = readFileSync(shardPath);
      } catch {
        throw fileFault(shardPath, `weight shard listed in ${jsonPath} is missing`);
      }
      shards.push({ path: shardPath, bytes: data.byteLength });
      chunks.push(data);
    }
    const actual = shards.reduce((a, s) => a + s.bytes, 0);
    if (expected !== null && actual !== expected) {
      const last = shards.at(-1);
      const file = shards.length === 1 && last ? last.path : `${dir}/{${(group.paths as string[]).join(',')}}`;
      const what = actual < expected ? 'short' : 'too long';
      throw fileFault(
        file,
        `weight shard${shards.length > 1 ? 's are' : ' is'} ${what}: ${actual} bytes, but the ${entries.length} weights of weightsManifest[${g}] in ${basename(jsonPath)} need ${expected} bytes`,
      );
    }
    specs.push(...entries);
  });

  // One standalone ArrayBuffer (never a view into Node's shared Buffer pool).
  const total = chunks.reduce((a, c) => a + c.byteLength, 0);
  const weightData = new ArrayBuffer(total);
  const view = new Uint8Array(weightData);
  let at = 0;
  for (const c of chunks) {
    view.set(c, at);
    at += c.byteLength;
  }
  return {
    jsonPath,
    format,
    json: json as unknown as tfjs.io.ModelJSON,
    weightSpecs: specs,
    weightData,
    quantization: [...quantization].map(([dtype, weights]) => ({ dtype, weights })),
  };
}

/** The IOHandler tfjs's loadLayersModel / loadGraphModel accept, serving already-read files. */
export function modelIoHandler(tf: Tf, files: ModelFiles): tfjs.io.IOHandler {
  return {
    load: async () => tf.io.getModelArtifactsForJSON(files.json, async () => [files.weightSpecs, files.weightData]),
  };
}
