// Entry of dist/cli.js: the `collapse-lens` command line, or, with `--engine`, the engine process
// that the extension forks (same bundle, same code path).
import { runCli } from './cli/cli';
import { startEngineServer } from './server';

if (process.argv[2] === '--engine') {
  startEngineServer();
} else {
  const io = {
    stdout: (text: string) => void process.stdout.write(text),
    stderr: (text: string) => void process.stderr.write(text),
    interactive: Boolean(process.stderr.isTTY),
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`collapse-lens: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
