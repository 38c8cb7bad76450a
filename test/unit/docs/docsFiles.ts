// Shared helpers of the docs tests: the repository root, the Markdown files a user reads, and their
// fenced code blocks with line numbers (so a failure names the exact doc line).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

// The bundles run from out/test/unit/docs/.
export const ROOT = resolve(__dirname, '..', '..', '..', '..');

/** README.md, docs/*.md and media/samples/README.md, as paths relative to the repository. */
export function userDocs(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs, 'media/samples/README.md'];
}

export function readDoc(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

export interface CodeBlock {
  doc: string;
  /** The info string after the opening fence, e.g. "sh". */
  info: string;
  /** 1-based line number of the first line inside the fence. */
  line: number;
  lines: string[];
}

export function codeBlocks(doc: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = readDoc(doc).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    blocks.push({ doc, info: open[1], line: start + 1, lines: lines.slice(start, end) });
    i = end;
  }
  return blocks;
}

/** Every file under `dir` (relative to the root) whose name matches, skipping build output and dependencies. */
export function repoFiles(dirs: readonly string[], pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      if (['node_modules', 'out', 'dist', '.vscode-test', 'test-results', '.git'].includes(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (pattern.test(entry.name)) out.push(relative(ROOT, join(ROOT, path)));
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export function headings(doc: string): string[] {
  return readDoc(doc)
    .split('\n')
    .filter((l) => /^#{1,6} /.test(l))
    .map((l) => l.replace(/^#+ /, ''));
}
