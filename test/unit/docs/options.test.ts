// Keep it true: the CLI's --help and the docs agree.
// * Every command is documented: its home doc (HOME, or docs/<command>.md for a new one) names it as
//   `collapse-lens <command>`, and names every option its --help lists.
// * A command's usage lines name only options it has, and where a usage line lists values
//   (`--backend auto|wasm|cpu`) they are the values its option line lists.
// * Every option the docs name exists: on a line that runs `collapse-lens <command>`, each option must be
//   one of that command's; anywhere else, one of some command's, or a flag of the script the doc names
//   (SCRIPT_FLAGS, checked against the script's source).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../../src/engine/cli/cli';
import { COMMANDS } from '../../../src/engine/cli/registry';
import { readDoc, ROOT, userDocs } from './docsFiles';

/** Where each command is documented. A command not listed here must have docs/<command>.md. */
const HOME: Record<string, string> = {
  inspect: 'docs/models.md',
  summary: 'docs/models.md',
  report: 'docs/cli.md',
  metrics: 'docs/metrics.md',
  lpm: 'docs/lpm.md',
  threshold: 'docs/lpm.md',
  seli: 'docs/lpm.md',
  whatif: 'docs/cli.md',
  sample: 'docs/cli.md',
  version: 'docs/cli.md',
};

/** Flags of project scripts and tools the docs mention (not CLI options), with the file that must define them. */
const SCRIPT_FLAGS: Record<string, string> = {
  '--only': 'scripts/train-samples.mjs',
  '--epochs': 'scripts/train-samples.mjs',
  '--hidden': 'scripts/train-samples.mjs',
  '--weight-decay': 'scripts/train-samples.mjs',
  '--schedule': 'scripts/train-samples.mjs',
  '--markdown': 'scripts/sample-report.mjs',
  '--tests': 'esbuild.mjs',
  '--production': 'esbuild.mjs',
  '--watch': 'esbuild.mjs',
  '--engine': 'src/engine/main.ts',
  '--per-sample': 'bench/metrics.mjs',
  '--batched': 'bench/reference_nc.py',
  '--dense': 'bench/reference_nc.py',
};
/** Flags of node, npm and esbuild themselves. */
const TOOL_FLAGS = new Set([
  // Chromium (docs/platform-notes.md §5)
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--noEmit',
  '--test', '--test-reporter', '--test-concurrency', '--input-type', '--bundle', '--platform', '--format', '--outfile', '--no-audit', '--no-fund', '--no-dependencies', '--readme-path', '--out', '--help', '--unsafe-perm']);

async function help(command: string): Promise<string> {
  const out: string[] = [];
  const code = await runCli([command, '--help'], { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), interactive: false });
  assert.equal(code, 0, `collapse-lens ${command} --help exited ${code}`);
  return out.join('');
}

interface Help {
  options: Map<string, string>;
  usage: string[];
}

/** Option lines ("  --name VALUE   description") and the usage lines (everything before them that names options). */
function parseHelp(text: string): Help {
  const options = new Map<string, string>();
  const usage: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s{2}(--[a-z][a-z0-9-]*)(?: VALUE)?\s{2,}(.*)$/.exec(line);
    if (m) options.set(m[1], m[2]);
    else if (/collapse-lens|^\s+\[/.test(line)) usage.push(line);
  }
  return { options, usage };
}

/** "auto (default) | tensorflow | wasm | cpu" → [auto, tensorflow, wasm, cpu]; null when not a value list. */
function valueList(description: string): string[] | null {
  if (!description.includes(' | ')) return null;
  // "degrees of freedom of std/CV: 0 (default) | 1": the list follows a leading label.
  const colon = description.indexOf(': ');
  const list = colon >= 0 && !description.slice(0, colon).includes('|') ? description.slice(colon + 2) : description;
  const parts = list.split('|').map((p) => p.trim().split(/\s/)[0]);
  return parts.every((p) => /^[a-z0-9.]+$/i.test(p)) ? parts : null;
}

const optionsOf = new Map<string, Help>();
const allOptions = new Set<string>();

describe('--help and the docs agree', async () => {
  for (const c of COMMANDS.filter((c) => !c.hidden)) {
    const h = parseHelp(await help(c.name));
    optionsOf.set(c.name, h);
    for (const o of h.options.keys()) allOptions.add(o);
  }

  for (const c of COMMANDS.filter((c) => !c.hidden)) {
    it(`${c.name}: usage lines name only its options, with the values its option lines list`, () => {
      const h = optionsOf.get(c.name)!;
      const wrong: string[] = [];
      for (const line of h.usage) {
        for (const m of line.matchAll(/(--[a-z][a-z0-9-]*)(?:\s+([a-z0-9.]+(?:\|[a-z0-9.]+)+))?/g)) {
          if (m[1] === '--help') continue;
          if (!h.options.has(m[1])) {
            wrong.push(`usage names ${m[1]}, which is not among its options: ${line.trim()}`);
            continue;
          }
          const listed = valueList(h.options.get(m[1])!);
          if (m[2] && listed && m[2].split('|').sort().join('|') !== [...listed].sort().join('|')) {
            wrong.push(`usage gives ${m[1]} ${m[2]}, its option line says ${listed.join(' | ')}`);
          }
        }
      }
      assert.deepEqual(wrong, [], `collapse-lens ${c.name} --help`);
    });

    it(`${c.name}: documented in ${HOME[c.name] ?? `docs/${c.name}.md`} with every option of its --help`, () => {
      const home = HOME[c.name] ?? `docs/${c.name}.md`;
      let text: string;
      try {
        text = readDoc(home);
      } catch {
        assert.fail(`collapse-lens ${c.name} has no documentation: write ${home} (or list its home doc in HOME of test/unit/docs/options.test.ts)`);
      }
      assert.ok(new RegExp(`collapse-lens ${c.name}\\b`).test(text), `${home} never shows \`collapse-lens ${c.name}\``);
      const missing = [...optionsOf.get(c.name)!.options.keys()].filter((o) => !new RegExp(`${o}(?![a-z0-9-])`).test(text));
      assert.deepEqual(missing, [], `${home} does not mention these options of \`collapse-lens ${c.name} --help\``);
    });
  }

  it('every option the docs name exists (for the command on that line, else for some command or the script it belongs to)', () => {
    const wrong: string[] = [];
    for (const doc of userDocs()) {
      const lines = readDoc(doc).split('\n');
      lines.forEach((text, i) => {
        // The command this line runs, if any (continuation lines belong to the command above).
        let j = i;
        while (j > 0 && /\\\s*$/.test(lines[j - 1])) j--;
        const run = /(?:collapse-lens|node dist\/cli\.js) ([a-z]+)/.exec(lines[j]);
        const own = run && optionsOf.get(run[1]);
        for (const m of text.matchAll(/(?<![\w(-])(--[a-z][a-zA-Z0-9-]*)/g)) {
          const o = m[1];
          if (own) {
            // Only the options after the command name belong to it.
            if (j === i && m.index < text.indexOf(run[0])) continue;
            if (!own.options.has(o) && o !== '--help' && !TOOL_FLAGS.has(o)) wrong.push(`${doc}:${i + 1}: collapse-lens ${run[1]} has no option ${o}`);
            continue;
          }
          if (allOptions.has(o) || TOOL_FLAGS.has(o)) continue;
          const script = SCRIPT_FLAGS[o];
          if (script && readFileSync(join(ROOT, script), 'utf8').includes(o.slice(2))) continue;
          wrong.push(`${doc}:${i + 1}: ${o} is no option of any command${script ? ` (nor found in ${script})` : ''}`);
        }
      });
    }
    assert.deepEqual(wrong, []);
  });
});
