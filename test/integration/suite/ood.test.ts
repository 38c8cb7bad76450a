// Choose Out-of-Distribution Data… on the workspace's MLP through the real engine: the OOD set reaches
// `report --ood-data`, the report has NC5 and data.ood, the choice is remembered with the model's data (as
// the test set is), and "none" removes it again.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { CollapseLensApi } from '../../../src/extension/extension';
import type { AnalysisReport } from '../../../src/protocol/report';
import { isAnalysisReport } from '../../../src/protocol/report';
import { activateApi, command, DATASET, MODEL, workspaceFile } from './helpers';

describe('out-of-distribution data', () => {
  let api: CollapseLensApi;
  before(async () => {
    api = await activateApi();
    await api.services.models.scan();
    // The model's data are remembered first, so the command does not ask for them.
    await vscode.commands.executeCommand(command('inspectModel'), MODEL(), DATASET());
  });

  it('Choose Out-of-Distribution Data runs the analysis with --ood-data, remembers it, and "none" forgets it', async () => {
    const ood = workspaceFile('data', 'test.csv').fsPath; // 60 rows the model was not trained on
    const report = (await vscode.commands.executeCommand(command('chooseOodData'), MODEL(), ood)) as AnalysisReport;
    assert.ok(isAnalysisReport(report), 'a valid AnalysisReport');
    assert.deepEqual(report.inspect.data?.ood, { path: ood, format: 'csv', samples: 60, classNames: null });
    const nc5 = report.inspect.nc5;
    assert.ok(typeof nc5 === 'number' && nc5 >= 0 && nc5 <= 1, `nc5 ${nc5}`);
    assert.equal(api.services.datasets.get(MODEL())?.oodData, ood, 'remembered with the model');
    assert.equal(api.services.datasets.get(MODEL())?.data, DATASET().data, 'the training data are kept');
    // A re-run with the remembered data keeps the OOD set.
    const again = (await vscode.commands.executeCommand(command('checkNeuralCollapse'), MODEL())) as AnalysisReport;
    assert.equal(again.inspect.nc5, nc5);
    const none = (await vscode.commands.executeCommand(command('chooseOodData'), MODEL(), '')) as AnalysisReport;
    assert.equal(none.inspect.nc5, null);
    assert.equal(none.inspect.data?.ood, undefined);
    assert.equal(api.services.datasets.get(MODEL())?.oodData, undefined);
  });
});
