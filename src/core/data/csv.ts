// CSV of numeric feature columns plus one label column, read line by line (never the whole file
// in memory). A first pass checks every cell and collects the labels; each `batches` call streams
// the file again. Header optional: the first line is a header when it has more non-numeric cells
// than the second. Label column: --label-column (name or 0-based index), else a header cell named
// label/labels/class/target/y/category, else the last column. Delimiter: the most frequent of
// , ; and tab in the first line. Quotes around a cell are stripped (no delimiters inside quotes).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { throwIfAborted } from '../runHooks';
import { fileFault, nonEmptyFileSize } from '../errors';
import { AUTO_NORMALIZATION, normalize, type InputBatch, type InputSource, type Normalization } from './inputs';
import { inferLabelMapping, labelIndex, type LabelMapping } from './labels';

export interface CsvOptions {
  /** Column name (from the header) or 0-based index; negative counts from the end. */
  labelColumn?: string;
  /** Mapping to use (the training set's, for a test set). */
  labels?: LabelMapping;
  normalization?: Normalization;
}

const LABEL_NAMES = ['label', 'labels', 'class', 'target', 'y', 'category'];
const MAX_DISTINCT_LABELS = 100_000;

interface Layout {
  delimiter: string;
  header: string[] | null;
  columns: number;
  labelColumn: number;
}

function splitLine(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((c) => {
    const t = c.trim();
    return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
  });
}

const isNumeric = (cell: string) => cell !== '' && !Number.isNaN(Number(cell));

async function* lines(path: string): AsyncGenerator<{ text: string; line: number }> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of rl) {
      line++;
      if (text.trim() !== '') yield { text: line === 1 ? text.replace(/^\uFEFF/, '') : text, line };
    }
  } finally {
    rl.close();
  }
}

function chooseLayout(path: string, first: string, second: string | undefined, labelColumn: string | undefined): Layout {
  const counts = [',', ';', '\t'].map((d) => [d, first.split(d).length - 1] as const);
  const delimiter = counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  const cells = splitLine(first, delimiter);
  const nonNumeric = (cs: string[]) => cs.filter((c) => !isNumeric(c)).length;
  const header = nonNumeric(cells) > (second === undefined ? 0 : nonNumeric(splitLine(second, delimiter))) ? cells : null;
  const columns = cells.length;
  if (columns < 2) throw fileFault(path, `line 1 has ${columns} column; a CSV needs at least one feature column and a label column`);
  let label = columns - 1;
  if (labelColumn !== undefined) {
    const asIndex = /^-?\d+$/.test(labelColumn) ? Number(labelColumn) : undefined;
    if (asIndex !== undefined) label = asIndex < 0 ? columns + asIndex : asIndex;
    else label = header ? header.indexOf(labelColumn) : -1;
    if (label < 0 || label >= columns) {
      throw fileFault(path, `has no label column "${labelColumn}" (${header ? `header: ${header.join(', ')}` : `no header; ${columns} columns, use a 0-based index`})`);
    }
  } else if (header) {
    const named = header.findIndex((h) => LABEL_NAMES.includes(h.toLowerCase()));
    if (named >= 0) label = named;
  }
  return { delimiter, header, columns, labelColumn: label };
}

export async function openCsv(path: string, options: CsvOptions = {}): Promise<InputSource> {
  nonEmptyFileSize(path);

  const head: { text: string; line: number }[] = [];
  for await (const l of lines(path)) {
    head.push(l);
    if (head.length === 2) break;
  }
  if (head.length === 0) throw fileFault(path, 'has no data rows (only blank lines)');
  const layout = chooseLayout(path, head[0].text, head[1]?.text, options.labelColumn);
  const columnName = (c: number) => (layout.header ? ` ("${layout.header[c]}")` : '');

  // Pass 0: check every cell, count rows, collect the distinct labels (with the line each first appears on).
  const firstSeen = new Map<string, number>();
  let rows = 0;
  for await (const { text, line } of lines(path)) {
    if (layout.header && line === head[0].line) continue;
    const cells = splitLine(text, layout.delimiter);
    if (cells.length !== layout.columns) {
      throw fileFault(path, `line ${line} has ${cells.length} cells, expected ${layout.columns} (as in line ${head[0].line})`);
    }
    for (let c = 0; c < cells.length; c++) {
      if (c === layout.labelColumn) continue;
      const cell = cells[c];
      if (cell === '') throw fileFault(path, `line ${line}, column ${c + 1}${columnName(c)}: empty cell`);
      const value = Number(cell);
      if (Number.isNaN(value) && !/^[+-]?nan$/i.test(cell)) throw fileFault(path, `line ${line}, column ${c + 1}${columnName(c)}: "${cell}" is not a number`);
      if (!Number.isFinite(value)) throw fileFault(path, `line ${line}, column ${c + 1}${columnName(c)}: ${cell} is not a finite number`);
    }
    const label = cells[layout.labelColumn];
    if (!firstSeen.has(label)) {
      if (firstSeen.size >= MAX_DISTINCT_LABELS) throw fileFault(path, `has more than ${MAX_DISTINCT_LABELS} distinct labels in column ${layout.labelColumn + 1}: is that the label column?`);
      firstSeen.set(label, line);
    }
    rows++;
  }
  if (rows === 0) throw fileFault(path, 'has a header but no data rows');

  const mapping = options.labels ?? inferLabelMapping(firstSeen.keys());
  let labelCount = 0;
  for (const [raw, line] of firstSeen) {
    const k = labelIndex(raw, mapping);
    if (typeof k === 'string') throw fileFault(path, `line ${line}, column ${layout.labelColumn + 1}${columnName(layout.labelColumn)}: ${k}`);
    labelCount = Math.max(labelCount, k + 1);
  }
  const index = new Map([...firstSeen.keys()].map((raw) => [raw, labelIndex(raw, mapping) as number]));
  const width = layout.columns - 1;
  const normalization = options.normalization ?? AUTO_NORMALIZATION;
  const warnings: string[] = [];

  return {
    name: path,
    format: 'csv',
    rows,
    sampleShape: [width],
    labelNames: mapping.kind === 'names' ? mapping.names : null,
    warnings,
    labelCount,
    async *batches(batchSize: number, signal?: AbortSignal): AsyncIterable<InputBatch> {
      let values = new Float32Array(batchSize * width);
      let labels = new Int32Array(batchSize);
      let n = 0;
      for await (const { text, line } of lines(path)) {
        if (layout.header && line === head[0].line) continue;
        const cells = splitLine(text, layout.delimiter);
        let j = 0;
        for (let c = 0; c < cells.length; c++) if (c !== layout.labelColumn) values[n * width + j++] = Number(cells[c]);
        labels[n] = index.get(cells[layout.labelColumn]) ?? -1;
        if (++n === batchSize) {
          throwIfAborted(signal);
          normalize(values, width, normalization);
          yield { values, labels, rows: n };
          values = new Float32Array(batchSize * width);
          labels = new Int32Array(batchSize);
          n = 0;
        }
      }
      if (n > 0) {
        throwIfAborted(signal);
        const last = values.subarray(0, n * width);
        normalize(last, width, normalization);
        yield { values: last, labels: labels.subarray(0, n), rows: n };
      }
    },
  };
}
