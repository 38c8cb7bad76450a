// Integration tests inside a real VS Code: the ordinary @vscode/test-electron runTests(), with
// vscodeExecutablePath pointing at our stand-in `code`, which runs code-server 4.100.3 (VS Code 1.100.3).
import { runTests } from '@vscode/test-electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from '../vscode/install.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

ensureCodeServer();
try {
  await runTests({
    vscodeExecutablePath: join(root, 'test', 'vscode', 'code'),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'integration', 'suite', 'index'),
    launchArgs: [join(root, 'test', 'fixtures', 'workspace')],
    extensionTestsEnv: { COLLAPSE_LENS_ROOT: root },
  });
} catch (error) {
  console.error(`Integration tests failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
