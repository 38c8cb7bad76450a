// Keep it true: every example in README.md, docs/*.md and media/samples/README.md runs as documented.
//
// * ```sh blocks: every line is a command (a trailing `\` continues it). `collapse-lens …` and
//   `node dist/cli.js …` run here, in a temporary folder that holds the repository's media/, test/ and
//   dist/ (symlinks) and the example files of exampleData.ts, so examples that write files write there.
//   A command must exit 0, or what its trailing comment says (`# exit 2`); a trailing comment
//   `# prints "A" "B"` requires each quoted text in the output (whitespace collapsed). `> FILE` writes
//   stdout to FILE. `npm start` runs the CLI's `sample`. Project commands (`npm ci`, `npm test`,
//   `npm run X`, `node FILE …`, `npx esbuild …`) are too slow or not CLI examples: the test checks that
//   the script or file they name exists.
// * ```console blocks: `$ command` lines run the same way; the lines after one, up to the next `$`, are
//   its quoted output. Each must appear in the real output, with whitespace collapsed and timings
//   ("17.4 ms", "[10.3 s]") and rounding noise (numbers below 1e-6, e.g. a duality gap of 4e-15) masked; lines with an ellipsis (…) and the output of --json runs are
//   shortened quotes and are not compared.
// Failures name the doc, the line and the command.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../src/engine/cli/cli';
import { codeBlocks, ROOT, userDocs, type CodeBlock } from './docsFiles';
import { writeExampleData } from './exampleData';

interface Example {
  where: string;
  command: string;
  exit: number;
  prints: string[];
  /** Quoted output lines (console blocks). */
  output: string[];
}

/** Splits a command line into words: single and double quotes, no expansion. */
export function words(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | null = null;
  let any = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      any = true;
    } else if (/\s/.test(ch)) {
      if (current || any) out.push(current);
      current = '';
      any = false;
    } else current += ch;
  }
  if (current || any) out.push(current);
  return out;
}

/** The command and its trailing comment (a `#` outside quotes, preceded by a space). */
function splitComment(line: string): { command: string; comment: string } {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]))) return { command: line.slice(0, i).trim(), comment: line.slice(i + 1).trim() };
  }
  return { command: line.trim(), comment: '' };
}

/** Whether a line ends inside a quoted string (a multi-line argument such as `node -e "…"`). */
function openQuote(line: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]))) return false; // a comment
  }
  return quote !== null;
}

/** Logical lines of a block (continuations joined) with the doc line each starts on. */
function logicalLines(block: CodeBlock): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  for (let i = 0; i < block.lines.length; i++) {
    const start = i;
    let text = block.lines[i];
    for (;;) {
      if (/\\\s*$/.test(text) && i + 1 < block.lines.length) text = text.replace(/\\\s*$/, ' ') + block.lines[++i].trim();
      else if (openQuote(text) && i + 1 < block.lines.length) text += '\n' + block.lines[++i];
      else break;
    }
    out.push({ line: block.line + start, text });
  }
  return out;
}

function expectations(comment: string): { exit: number; prints: string[] } {
  const exit = /\bexit (\d+)/.exec(comment);
  const prints = /\bprints\b(.*)$/.exec(comment);
  return { exit: exit ? Number(exit[1]) : 0, prints: prints ? [...prints[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]) : [] };
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const doc of userDocs()) {
    for (const block of codeBlocks(doc)) {
      if (block.info === 'sh') {
        for (const { line, text } of logicalLines(block)) {
          const { command, comment } = splitComment(text);
          if (!command) continue;
          // `a && b`: both run, in order.
          for (const part of command.split('&&').map((p) => p.trim())) out.push({ where: `${doc}:${line}`, command: part, ...expectations(comment), output: [] });
        }
      } else if (block.info === 'console') {
        let current: Example | null = null;
        for (const { line, text } of logicalLines(block)) {
          if (text.startsWith('$ ')) {
            const { command, comment } = splitComment(text.slice(2));
            current = { where: `${doc}:${line}`, command, ...expectations(comment), output: [] };
            out.push(current);
          } else if (current) current.output.push(text);
          else assert.fail(`${doc}:${line}: a console block must start with a "$ command" line`);
        }
      }
    }
  }
  return out;
}

const normal = (s: string) =>
  s
    .replace(/\d+(\.\d+)?\s?(ms|s)\b/g, '<time>')
    // Rounding-noise values (a gap of 3.99e-15, ‖Σ w‖ of 3.4e-8) only have to stay that small.
    .replace(/\b\d(?:\.\d+)?e-(\d+)\b/g, (m: string, exp: string) => (Number(exp) >= 7 ? '<below 1e-6>' : m))
    .replace(/\s+/g, ' ')
    .trim();

const PROJECT_NPM = new Set(['ci', 'test', 'install']);

let work = '';
const started = process.cwd();
before(async () => {
  work = mkdtempSync(join(tmpdir(), 'collapse-lens-docs-'));
  for (const d of ['media', 'test', 'dist']) symlinkSync(join(ROOT, d), join(work, d));
  await writeExampleData(work);
  process.chdir(work);
});
after(() => {
  process.chdir(started);
  rmSync(work, { recursive: true, force: true });
});

const runs = new Map<string, { code: number; stdout: string; stderr: string }>();

/** Runs a CLI example in-process; an exception escaping runCli is the CLI's "internal error". */
async function runExample(ex: Example, argv: string[]): Promise<void> {
  let redirect: string | null = null;
  const at = argv.indexOf('>');
  if (at >= 0) {
    redirect = argv[at + 1];
    argv = argv.slice(0, at);
  }
  const key = JSON.stringify(argv);
  let run = runs.get(key);
  if (!run) {
    const out: string[] = [];
    const err: string[] = [];
    try {
      const code = await runCli(argv, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), interactive: false });
      run = { code, stdout: out.join(''), stderr: err.join('') };
    } catch (error) {
      assert.fail(`${ex.where}: \`${ex.command}\` ended in an internal error: ${error instanceof Error ? error.message : String(error)}`);
    }
    // The same command quoted twice (`npm start` in two places) runs once.
    runs.set(key, run);
  }
  const { code, stdout } = run;
  const err = [run.stderr];
  const all = stdout + run.stderr;
  if (redirect) writeFileSync(join(work, redirect), stdout);
  assert.equal(code, ex.exit, `${ex.where}: \`${ex.command}\` exited ${code}, the doc says ${ex.exit}. stderr: ${err.join('').slice(0, 400)}`);
  const text = normal(all);
  for (const p of ex.prints) assert.ok(text.includes(normal(p)), `${ex.where}: \`${ex.command}\` should print "${p}"; it printed:\n${all.slice(0, 1500)}`);
  if (argv.includes('--json')) {
    if (code !== 0) return;
    JSON.parse(stdout);
    // Shortened JSON quotes: every "key": value pair with a string or number value must be in the output.
    for (const quoted of ex.output) {
      for (const m of quoted.matchAll(/"([\w]+)":\s*("[^"]*"|-?[\d.e+-]+)/g)) {
        assert.ok(stdout.includes(`"${m[1]}":${m[2]}`), `${ex.where}: \`${ex.command}\`: the doc quotes "${m[1]}": ${m[2]}, the JSON output does not have it`);
      }
    }
    return;
  }
  for (const quoted of ex.output) {
    if (!quoted.trim() || /…|\.\.\./.test(quoted)) continue;
    assert.ok(text.includes(normal(quoted)), `${ex.where}: \`${ex.command}\`: the doc quotes the output line\n  ${quoted.trim()}\nwhich the command does not print; it printed:\n${all.slice(0, 2500)}`);
  }
}

/** Checks that a project command names something that exists. */
function checkProjectCommand(ex: Example, argv: string[]): void {
  const [tool, sub, name] = argv;
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  if (tool === 'npm') {
    if (sub === 'run') assert.ok(name in scripts, `${ex.where}: \`${ex.command}\`: package.json has no script "${name}"`);
    else if (sub === 'test') assert.ok('test' in scripts, `${ex.where}: package.json has no "test" script`);
    else assert.ok(PROJECT_NPM.has(sub), `${ex.where}: \`${ex.command}\`: not an npm command the docs test knows`);
  } else if (tool === 'node') {
    // `node -e "…"` evaluates its argument; otherwise the first non-option word is the script.
    const file = argv.includes('-e') || argv.includes('--eval') ? undefined : argv.slice(1).find((a) => !a.startsWith('-'));
    if (file) assert.ok(existsSync(join(ROOT, file)), `${ex.where}: \`${ex.command}\`: ${file} does not exist`);
  } else if (tool === 'npx') {
    assert.ok(existsSync(join(ROOT, 'node_modules', '.bin', sub)), `${ex.where}: \`${ex.command}\`: npx ${sub} is not installed`);
  } else assert.fail(`${ex.where}: \`${ex.command}\`: a shell example must be a collapse-lens, node, npm or npx command`);
}

describe('every example in the docs runs as documented', () => {
  const all = examples();
  it('finds the examples', () => assert.ok(all.length >= 10, `only ${all.length} examples found`));
  for (const ex of all) {
    it(`${ex.where}: ${ex.command.slice(0, 100)}`, async () => {
      const argv = words(ex.command);
      if (argv[0] === 'collapse-lens') return runExample(ex, argv.slice(1));
      if (argv[0] === 'node' && argv[1] === 'dist/cli.js') return runExample(ex, argv.slice(2));
      if (argv[0] === 'npm' && argv[1] === 'start' && argv.length === 2) return runExample(ex, ['sample', '--out', 'out']);
      checkProjectCommand(ex, argv);
    });
  }
});
