// Runs inside the VS Code extension host: loads every *.test.js next to this file into mocha.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const file of readdirSync(__dirname).sort()) if (file.endsWith('.test.js')) mocha.addFile(join(__dirname, file));
  return new Promise((resolveRun, reject) => {
    mocha.run((failures) => {
      // The same closing line as other runners, so CI logs read the same way.
      console.log(`integration: ${mocha.suite.total() - failures} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolveRun();
    });
  });
}
