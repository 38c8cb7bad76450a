// The commands on a real tfjs model in the test workspace, through the real engine process.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { CollapseLensApi } from '../../../src/extension/extension';
import type { AnalysisReport } from '../../../src/protocol/report';
import { isAnalysisReport } from '../../../src/protocol/report';
import { activateApi, DATASET, MODEL, waitFor, workspaceFile } from './helpers';

const CONTRIBUTED = [
  'collapseLens.inspectModel',
  'collapseLens.checkNeuralCollapse',
  'collapseLens.checkMinorityCollapse',
  'collapseLens.fitLpm',
  'collapseLens.compareCheckpoints',
  'collapseLens.separationAcrossLayers',
  'collapseLens.exportReport',
  'collapseLens.showDiagnostics',
  'collapseLens.showLog',
  'collapseLens.openWalkthrough',
  'collapseLens.openSample',
  'collapseLens.inspectSample',
];

describe('commands on a real model', () => {
  let api: CollapseLensApi;

  before(async () => {
    api = await activateApi();
    await api.services.models.scan();
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration('collapseLens').update('backend', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('collapseLens').update('globalMean', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('registers every contributed command', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of CONTRIBUTED) assert.ok(commands.includes(c), `${c} is not registered`);
  });

  it('recognises tfjs model.json files, not other JSON', async () => {
    assert.ok(api.services.models.has(MODEL()), 'mlp/model.json is a tfjs model');
    assert.equal(api.services.models.has(workspaceFile('package.json')), false);
  });

  it('Inspect Model runs the analysis in the engine and shows a valid report', async () => {
    const report = (await vscode.commands.executeCommand('collapseLens.inspectModel', MODEL(), DATASET())) as AnalysisReport;
    assert.ok(isAnalysisReport(report), 'a valid AnalysisReport');
    assert.equal(report.inspect.classes, 3);
    assert.equal(report.inspect.samples, 150);
    assert.deepEqual(report.inspect.counts, [50, 50, 50]);
    assert.equal(report.inspect.model.format, 'layers-model');
    assert.ok(report.inspect.model.predictMaxAbsDiff !== null && report.inspect.model.predictMaxAbsDiff < 1e-4, 'extraction verified');
    assert.ok(report.inspect.test && report.inspect.test.samples > 0, 'NC4 on the test data');
    // Balanced counts: the LPM optimum is the simplex ETF, cos = −1/(K−1) = −0.5 (theory.md §2.3).
    const g = report.lpm?.result.gramW;
    assert.ok(g, 'the report has the LPM');
    assert.ok(Math.abs(g[0][1] / Math.sqrt(g[0][0] * g[1][1]) + 0.5) < 1e-6);
    assert.match(api.services.status.text, /tfjs: (wasm|cpu|tensorflow)/);
    assert.ok(api.services.datasets.get(MODEL()), 'the dataset is remembered for the model');
  });

  it('Separation Across Layers runs report --layers all in the engine: D_l of every layer, the penultimate NC1 equal to the cards\' NC1', async () => {
    const report = (await vscode.commands.executeCommand('collapseLens.separationAcrossLayers', MODEL(), DATASET())) as AnalysisReport;
    assert.ok(isAnalysisReport(report), 'a valid AnalysisReport');
    const layers = report.layers;
    assert.ok(layers, 'the report has the layers section');
    assert.deepEqual(layers.layers.map((l) => l.name), ['input', 'hidden', 'classifier']);
    const nc1 = layers.layers[layers.penultimate].nc1 as number;
    assert.ok(Math.abs(nc1 - (report.inspect.nc1 as number)) <= 1e-5 * nc1, `${nc1} vs ${report.inspect.nc1}`);
    assert.ok(layers.fit.ratio !== null && layers.fit.ratio > 0);
  });

  it('Check Neural Collapse writes verdicts to the Problems view and replaces them on re-run', async () => {
    await vscode.commands.executeCommand('collapseLens.checkNeuralCollapse', MODEL(), DATASET());
    const first = vscode.languages.getDiagnostics(MODEL()).filter((d) => d.source === 'Collapse Lens' && d.code === 'neural');
    assert.equal(first.length, 4, 'one diagnostic each for NC1–NC4');
    assert.ok(first.some((d) => d.message.startsWith('NC1')));
    // Re-run with the remembered dataset (no argument): the same four, not eight.
    await vscode.commands.executeCommand('collapseLens.checkNeuralCollapse', MODEL());
    const again = vscode.languages.getDiagnostics(MODEL()).filter((d) => d.code === 'neural');
    assert.equal(again.length, 4);
  });

  it('settings change the backend and the conventions', async () => {
    const config = vscode.workspace.getConfiguration('collapseLens');
    await config.update('backend', 'cpu', vscode.ConfigurationTarget.Workspace);
    await config.update('globalMean', 'weighted', vscode.ConfigurationTarget.Workspace);
    const report = (await vscode.commands.executeCommand('collapseLens.inspectModel', MODEL(), DATASET())) as AnalysisReport;
    assert.equal(report.inspect.backend.name, 'cpu');
    assert.match(report.inspect.backend.reason, /forced/);
    assert.equal(report.inspect.conventions.globalMean, 'weighted');
  });

  it('Fit Layer-Peeled Model finds R* ≈ 12.19 in the paper setting (theory.md §2.4)', async () => {
    const report = (await vscode.commands.executeCommand('collapseLens.fitLpm', {
      counts: [1000, 1000, 1000, 1000, 1000, 10, 10, 10, 10, 10],
      eh: 5,
      ew: 1,
    })) as AnalysisReport;
    assert.ok(isAnalysisReport(report));
    assert.ok(report.lpm?.threshold && Math.abs(report.lpm.threshold / 12.19 - 1) < 1e-3, `R* = ${report.lpm?.threshold}`);
    assert.ok(Math.abs((report.lpm?.result.cosMinority ?? 0) - 1) < 1e-6, 'collapsed at R = 100');
  });

  it('the what-if re-fit gives the LPM at R/w (theory.md §2.5)', async () => {
    const report = (await vscode.commands.executeCommand('collapseLens.fitLpm', { counts: [100, 100, 100, 100, 100, 10, 10, 10, 10, 10], eh: 5, ew: 1 })) as AnalysisReport;
    const { whatIfJob } = await import('../../../src/extension/whatIf');
    const update = (await api.services.runner.engine.run(await whatIfJob(api.services, report, 10, 5))) as { ratioEffective: number; result: { cosMinority: number } };
    assert.equal(update.ratioEffective, 1);
    // R_eff = 1 is balanced: the minority cosine is the ETF's −1/9.
    assert.ok(Math.abs(update.result.cosMinority + 1 / 9) < 1e-6, `cos ${update.result.cosMinority}`);
  });

  it('Export Report writes a standalone HTML report with the data inlined', async () => {
    const target = workspaceFile('exported-report.html');
    const path = (await vscode.commands.executeCommand('collapseLens.exportReport', 'html', target)) as string;
    assert.equal(path, target.fsPath);
    const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(html, /<script type="application\/json" id="collapse-lens-report">/);
    assert.match(html, /Content-Security-Policy/);
    await vscode.workspace.fs.delete(target);
  });

  it('cancel ends the engine process within 1 s', async () => {
    // A long real job: the LPM for 400 classes with long-tailed counts on the full kernel.
    const counts = Array.from({ length: 400 }, (_, k) => Math.max(1, Math.round(5000 * Math.exp(-k / 60))));
    const running = api.services.runner.run('slow', { command: 'report', args: ['--lpm-only', '--counts', counts.join(','), '--eh', '5', '--ew', '1'] });
    const pid = await waitFor('the engine to start', 10_000, () => api.services.runner.engine.pid);
    await new Promise((r) => setTimeout(r, 300));
    const cancelledAt = Date.now();
    api.services.runner.current?.controller.abort();
    assert.equal(await running, undefined, 'a cancelled run resolves to undefined');
    await waitFor('the engine process to exit', 1000, () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
    assert.ok(Date.now() - cancelledAt < 1000);
  });

  it('a killed engine is reported and the next run starts a new one', async () => {
    const counts = Array.from({ length: 400 }, (_, k) => Math.max(1, Math.round(5000 * Math.exp(-k / 60))));
    const running = api.services.runner.engine.run({ command: 'report', args: ['--lpm-only', '--counts', counts.join(','), '--eh', '5', '--ew', '1'] });
    const pid = await waitFor('the engine to start', 10_000, () => api.services.runner.engine.pid);
    await new Promise((r) => setTimeout(r, 300));
    process.kill(pid, 'SIGKILL');
    await assert.rejects(running, /engine stopped unexpectedly: it was killed \(SIGKILL\)/);
    const report = (await vscode.commands.executeCommand('collapseLens.inspectModel', MODEL(), DATASET())) as AnalysisReport;
    assert.ok(isAnalysisReport(report), 'the extension is still usable');
    assert.notEqual(api.services.runner.engine.pid, pid);
  });
});
