// The docs stand alone: every "theory.md §X" / "platform-notes §X" cited anywhere in the repository is a
// section of docs/theory.md / docs/platform-notes.md, every relative Markdown link in the user docs
// points at a file that exists (and at a heading that exists, when it has an anchor), and nothing
// refers to material outside the repository.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, it } from 'node:test';
import { headings, readDoc, repoFiles, ROOT, slug, userDocs } from './docsFiles';

const SCANNED = repoFiles(['src', 'webview', 'test', 'scripts', 'bench', 'docs', 'media', '.vscode'].filter((d) => existsSync(join(ROOT, d))), /\.(ts|mjs|js|md|json|py|html|css)$/).concat(['README.md', 'package.json']);

/** Section numbers of a doc: "## 2. The …" → "2", "### 1.2 NC1 …" → "1.2". */
function sections(doc: string): Set<string> {
  return new Set(headings(doc).map((h) => /^(\d+(?:\.\d+)?[a-z]?)\.?\s/.exec(h)?.[1]).filter((s): s is string => Boolean(s)));
}

describe('docs stand alone', () => {
  it('every theory.md / platform-notes section cited in the repository exists in docs/', () => {
    const targets = { theory: sections('docs/theory.md'), platform: sections('docs/platform-notes.md') };
    const wrong: string[] = [];
    for (const file of SCANNED) {
      const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
      lines.forEach((text, i) => {
        for (const m of text.matchAll(/(theory\.md|platform-notes(?:\.md)?)\)?\s*(?:\[[^\]]*\]\([^)]*\))?\s*§\s*(\d+(?:\.\d+)?[a-z]?)((?:\s*[–/,]\s*§?\s*\d+(?:\.\d+)?)*)/g)) {
          const set = m[1].startsWith('theory') ? targets.theory : targets.platform;
          const cited = [m[2], ...[...m[3].matchAll(/\d+(?:\.\d+)?/g)].map((x) => x[0])];
          for (const c of cited) if (!set.has(c)) wrong.push(`${file}:${i + 1}: cites ${m[1]} §${c}, which docs/${m[1].startsWith('theory') ? 'theory.md' : 'platform-notes.md'} does not have`);
        }
      });
    }
    assert.deepEqual(wrong, []);
  });

  it('no file refers to material outside the repository', () => {
    const wrong: string[] = [];
    for (const file of SCANNED) {
      if (file === 'test/unit/docs/references.test.ts') continue;
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((text, i) => {
          if (/\.\.\/shared|\/work\/|shared\/docs/.test(text)) wrong.push(`${file}:${i + 1}: ${text.trim().slice(0, 120)}`);
        });
    }
    assert.deepEqual(wrong, []);
  });

  it('every relative link in the user docs resolves to a file, and an anchor to a heading', () => {
    const wrong: string[] = [];
    for (const doc of userDocs()) {
      readDoc(doc)
        .split('\n')
        .forEach((text, i) => {
          for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
            const target = m[1];
            if (/^(https?:|mailto:|command:)/.test(target)) continue;
            const [path, anchor] = target.split('#');
            const file = path ? normalize(join(dirname(doc), path)) : doc;
            if (!existsSync(join(ROOT, file))) {
              wrong.push(`${doc}:${i + 1}: link to ${target}: ${file} does not exist`);
              continue;
            }
            if (anchor && file.endsWith('.md') && !headings(file).some((h) => slug(h) === anchor)) {
              wrong.push(`${doc}:${i + 1}: link to ${target}: ${file} has no heading with anchor #${anchor}`);
            }
          }
        });
    }
    assert.deepEqual(wrong, []);
  });
});
