// The commands on a real tfjs model in the test workspace, through the real engine process.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { CollapseLensApi } from '../../../src/extension/extension';
import type { AnalysisReport } from '../../../src/protocol/report';
import { isAnalysisReport } from '../../../src/protocol/report';
import * as path from 'node:path';
import { EngineClient, type CancelOutcome } from '../../../src/extension/engineClient';
import type { EngineJob } from '../../../src/protocol/engine';
import { activateApi, command, contributedCommands, DATASET, EXTENSION_ID, MODEL, nextEvent, processGone, waitFor, workspaceFile } from './helpers';

/**
 * A long real job: the LPM for 300 classes with long-tailed counts on the full kernel at E_H = 50, E_W = 1 (37 s
 * alone here, against 18 s at E_H = 20 before the lifted start's noise changed; 300 is the most a report fits with this many distinct counts,
 * core/report/lpmComparison.ts lpmReachProblem).
 */
const SLOW_COUNTS = Array.from({ length: 300 }, (_, k) => Math.max(1, Math.round(5000 * Math.exp(-k / 60))));
/** A real job that reports progress as it goes (the engine computes between awaits, so it hears a cancel). */
const progressJob = (): EngineJob<'inspect'> => ({ command: 'inspect', args: [MODEL().fsPath, '--data', DATASET().data] });
const slowJob = (): EngineJob<'report'> => ({ command: 'report', args: ['--lpm-only', '--counts', SLOW_COUNTS.join(','), '--eh', '50', '--ew', '1'] });


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
    const contributed = contributedCommands();
    assert.ok(contributed.length >= 11, `package.json contributes ${contributed.length} commands`);
    for (const c of contributed) assert.ok(commands.includes(c), `${c} is not registered`);
  });

  it('recognises tfjs model.json files, not other JSON', async () => {
    assert.ok(api.services.models.has(MODEL()), 'mlp/model.json is a tfjs model');
    assert.equal(api.services.models.has(workspaceFile('package.json')), false);
  });

  it('Inspect Model runs the analysis in the engine and shows a valid report', async () => {
    const report = (await vscode.commands.executeCommand(command('inspectModel'), MODEL(), DATASET())) as AnalysisReport;
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
    const report = (await vscode.commands.executeCommand(command('separationAcrossLayers'), MODEL(), DATASET())) as AnalysisReport;
    assert.ok(isAnalysisReport(report), 'a valid AnalysisReport');
    const layers = report.layers;
    assert.ok(layers, 'the report has the layers section');
    assert.deepEqual(layers.layers.map((l) => l.name), ['input', 'hidden', 'classifier']);
    const nc1 = layers.layers[layers.penultimate].nc1 as number;
    assert.ok(Math.abs(nc1 - (report.inspect.nc1 as number)) <= 1e-5 * nc1, `${nc1} vs ${report.inspect.nc1}`);
    assert.ok(layers.fit.ratio !== null && layers.fit.ratio > 0);
  });

  it('Check Neural Collapse writes verdicts to the Problems view and replaces them on re-run', async () => {
    await vscode.commands.executeCommand(command('checkNeuralCollapse'), MODEL(), DATASET());
    const first = vscode.languages.getDiagnostics(MODEL()).filter((d) => d.source === 'Collapse Lens' && d.code === 'neural');
    assert.equal(first.length, 4, 'one diagnostic each for NC1–NC4');
    assert.ok(first.some((d) => d.message.startsWith('NC1')));
    // Re-run with the remembered dataset (no argument): the same four, not eight.
    await vscode.commands.executeCommand(command('checkNeuralCollapse'), MODEL());
    const again = vscode.languages.getDiagnostics(MODEL()).filter((d) => d.code === 'neural');
    assert.equal(again.length, 4);
  });

  it('settings change the backend and the conventions', async () => {
    const config = vscode.workspace.getConfiguration('collapseLens');
    await config.update('backend', 'cpu', vscode.ConfigurationTarget.Workspace);
    await config.update('globalMean', 'weighted', vscode.ConfigurationTarget.Workspace);
    const report = (await vscode.commands.executeCommand(command('inspectModel'), MODEL(), DATASET())) as AnalysisReport;
    assert.equal(report.inspect.backend.name, 'cpu');
    assert.match(report.inspect.backend.reason, /forced/);
    assert.equal(report.inspect.conventions.globalMean, 'weighted');
  });

  it('Fit Layer-Peeled Model finds R* ≈ 12.19 in the paper setting (theory.md §2.4)', async () => {
    const report = (await vscode.commands.executeCommand(command('fitLpm'), {
      counts: [1000, 1000, 1000, 1000, 1000, 10, 10, 10, 10, 10],
      eh: 5,
      ew: 1,
    })) as AnalysisReport;
    assert.ok(isAnalysisReport(report));
    assert.ok(report.lpm?.threshold && Math.abs(report.lpm.threshold / 12.19 - 1) < 1e-3, `R* = ${report.lpm?.threshold}`);
    assert.ok(Math.abs((report.lpm?.result.cosMinority ?? 0) - 1) < 1e-6, 'collapsed at R = 100');
  });

  it('the what-if re-fit gives the LPM at R/w (theory.md §2.5)', async () => {
    const report = (await vscode.commands.executeCommand(command('fitLpm'), { counts: [100, 100, 100, 100, 100, 10, 10, 10, 10, 10], eh: 5, ew: 1 })) as AnalysisReport;
    const { whatIfJob } = await import('../../../src/extension/whatIf');
    const update = await api.services.runner.engine.run(await whatIfJob(api.services, report, 10, 5));
    assert.equal(update.ratioEffective, 1);
    // R_eff = 1 is balanced: the minority cosine is the ETF's −1/9.
    assert.ok(Math.abs((update.result.cosMinority ?? NaN) + 1 / 9) < 1e-6, `cos ${update.result.cosMinority}`);
  });

  it('Export Report writes a standalone HTML report with the data inlined and says where, with Open and Reveal', async () => {
    const target = workspaceFile('exported-report.html');
    const told = nextEvent<{ text: string; actions: string[] }>((l) => {
      const d = api.onNotice(l);
      return () => d.dispose();
    });
    const path = (await vscode.commands.executeCommand(command('exportReport'), 'html', target)) as string;
    assert.equal(path, target.fsPath);
    const notice = await told;
    assert.equal(notice.text, 'Collapse Lens: report saved to exported-report.html');
    assert.deepEqual(notice.actions, ['Open', 'Reveal in Explorer']);
    const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(html, /<script type="application\/json" id="collapse-lens-report">/);
    assert.match(html, /Content-Security-Policy/);
    await vscode.workspace.fs.delete(target);
  });

  it('cancel resolves the run at once and stops the engine job: by the engine, or by ending it after a grace period under 1 s', async () => {
    const engine = api.services.runner.engine;
    const settled = nextEvent<CancelOutcome>((l) => engine.onCancelSettled(l));
    const running = api.services.runner.run('slow', slowJob());
    // The run request is on its way once the runner has the job; the cancel follows it on the same channel.
    const current = await waitFor('the run to start', 10_000, () => api.services.runner.current);
    current.controller.abort();
    assert.equal(await running, undefined, 'a cancelled run resolves to undefined');
    const outcome = await settled;
    assert.equal(outcome.command, 'report');
    if (outcome.how === 'killed' && outcome.pid !== undefined) await processGone(outcome.pid);
  });

  describe('cancel with the grace period under the test’s control', () => {
    const log = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };
    const script = () => path.join(vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '', 'dist', 'cli.js');
    let engine: EngineClient;
    let grace: { ms: number; fire: () => void; stopped: boolean }[];

    beforeEach(() => {
      grace = [];
      engine = new EngineClient(script(), log, {
        graceTimer: (ms, fire) => {
          const entry = { ms, fire, stopped: false };
          grace.push(entry);
          return () => void (entry.stopped = true);
        },
      });
    });
    afterEach(() => engine.dispose());

    /**
     * Runs a job and, at its first progress report (the engine is computing), does `atFirstProgress` in the
     * same event as the report, so no later message of the engine can come first.
     */
    function runAndAtFirstProgress(atFirstProgress: () => void): { running: Promise<unknown>; pid: number } {
      let first = true;
      const running = engine.run(progressJob(), {
        signal: controller.signal,
        onProgress: () => {
          if (first) atFirstProgress();
          first = false;
        },
      });
      running.catch(() => undefined);
      const pid = engine.pid;
      assert.ok(pid, 'the engine was started');
      return { running, pid };
    }
    let controller: AbortController;
    beforeEach(() => (controller = new AbortController()));

    it('the engine stops a cancelled job itself and stays for the next job', async () => {
      const settled = nextEvent<CancelOutcome>((l) => engine.onCancelSettled(l));
      const { running, pid } = runAndAtFirstProgress(() => controller.abort());
      await assert.rejects(running, (e: Error & { cancelled?: boolean }) => e.cancelled === true);
      assert.equal(grace.length, 1, 'one grace period started');
      assert.ok(grace[0].ms < 1000, `grace period ${grace[0].ms} ms`);
      const outcome = await settled;
      assert.deepEqual({ how: outcome.how, pid: outcome.pid }, { how: 'stopped', pid });
      assert.ok(grace[0].stopped, 'the grace timer was stopped');
      // The same process runs the next job.
      const seli = await engine.run({ command: 'seli', args: ['--counts', '3,3,1'] });
      assert.equal(engine.pid, pid);
      assert.ok(seli && typeof seli === 'object');
    });

    it('a job still running when the grace period ends is ended with its process; the next job starts a new one', async () => {
      const settled = nextEvent<CancelOutcome>((l) => engine.onCancelSettled(l));
      const { running, pid } = runAndAtFirstProgress(() => {
        controller.abort();
        // The grace period ends before the engine can have answered the cancel.
        grace[0].fire();
      });
      await assert.rejects(running, (e: Error & { cancelled?: boolean }) => e.cancelled === true);
      const outcome = await settled;
      assert.deepEqual({ how: outcome.how, pid: outcome.pid }, { how: 'killed', pid });
      await processGone(pid);
      await engine.run({ command: 'seli', args: ['--counts', '3,3,1'] });
      assert.notEqual(engine.pid, pid);
    });
  });

  it('a killed engine is reported and the next run starts a new one', async () => {
    // The job takes seconds, so a kill at any point of it (even before it started) ends it unfinished.
    const running = api.services.runner.engine.run(slowJob());
    running.catch(() => undefined);
    const pid = api.services.runner.engine.pid;
    assert.ok(pid, 'the engine was started');
    process.kill(pid, 'SIGKILL');
    await assert.rejects(running, /engine stopped unexpectedly: it was killed \(SIGKILL\)/);
    const report = (await vscode.commands.executeCommand(command('inspectModel'), MODEL(), DATASET())) as AnalysisReport;
    assert.ok(isAnalysisReport(report), 'the extension is still usable');
    assert.notEqual(api.services.runner.engine.pid, pid);
  });
});
