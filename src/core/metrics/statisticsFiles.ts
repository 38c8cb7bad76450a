// Sufficient-statistics files (`metrics --save-stats` / `--stats a.json,b.json`): the JSON form of
// MetricsStatistics (accumulators.ts), read and merged, or written.
import { readFile, writeFile } from 'node:fs/promises';
import { InputError } from '../errors';
import { mergeStatistics, statisticsFromJson, statisticsToJson, type MetricsStatistics } from './accumulators';

/** Reads and merges statistics files (at least one), with the merge's warnings. */
export async function readStatisticsFiles(paths: readonly string[]): Promise<{ stats: MetricsStatistics; warnings: string[] }> {
  const parts: { name: string; stats: MetricsStatistics }[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw new InputError(`${path}: cannot read the statistics file`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    parts.push({ name: path, stats: statisticsFromJson(value, path) });
  }
  return mergeStatistics(parts);
}

export async function writeStatisticsFile(path: string, stats: MetricsStatistics): Promise<void> {
  await writeFile(path, JSON.stringify(statisticsToJson(stats)) + '\n');
}
