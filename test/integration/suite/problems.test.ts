// Problems view (issue 16 item 4): a trained sample's verdicts are not errors, and they sit on the
// classifier layer's entry in its model.json, in the real VS Code with the real engine.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisReport } from '../../../src/protocol/report';
import { checkVerdicts } from '../../../src/extension/problems';
import { activateApi, command, EXTENSION_ID } from './helpers';

function sampleFiles(name: string) {
  const root = path.join(vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '', 'media', 'samples');
  const ratio = name.replace('fashion-r', '');
  return {
    model: vscode.Uri.file(path.join(root, name, 'model.json')),
    dataset: { data: path.join(root, 'data', `train-r${ratio}-images.npy`), labels: path.join(root, 'data', `train-r${ratio}-labels.npy`) },
  };
}

const ours = (uri: vscode.Uri, kind: string) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Collapse Lens' && d.code === kind);

describe('Problems view', () => {
  before(async () => {
    await activateApi();
  });
  after(async () => {
    await vscode.workspace.getConfiguration('collapseLens').update('problems.severity', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('a trained sample: no Error by default, every verdict on the classifier layer\'s entry in model.json; severity "error" makes the far ones Errors', async () => {
    const { model, dataset } = sampleFiles('fashion-r1000');
    const report = (await vscode.commands.executeCommand(command('checkMinorityCollapse'), model, dataset)) as AnalysisReport;
    const verdicts = checkVerdicts(report, 'minority');
    const bad = verdicts.filter((v) => v.tone === 'bad').length;
    const warn = verdicts.filter((v) => v.tone === 'warn').length;
    assert.ok(bad + warn > 0, `the R = 1000 sample has a verdict far from collapse (tone bad or warn): ${verdicts.map((v) => `${v.id} ${v.tone}`).join(', ')}`);
    const found = ours(model, 'minority');
    assert.equal(found.length, verdicts.length);
    assert.deepEqual(found.map((d) => d.severity), found.map(() => vscode.DiagnosticSeverity.Information), 'all Information');
    // The range, read back from the file on its own, is the classifier's layer object.
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(model));
    const doc = await vscode.workspace.openTextDocument(model);
    for (const d of found) {
      const entry = JSON.parse(text.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end))) as { class_name?: string; config?: { name?: string } };
      assert.equal(entry.config?.name, report.inspect.model.classifierLayer);
      assert.equal(entry.class_name, 'Dense');
    }

    await vscode.workspace.getConfiguration('collapseLens').update('problems.severity', 'error', vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand(command('checkMinorityCollapse'), model, dataset);
    const loud = ours(model, 'minority');
    assert.equal(loud.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, bad, 'tone bad → Error');
    assert.equal(loud.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length, warn, 'tone warn → Warning');
  });
});
