// Messages between the extension host and the diagnostics webview (both directions), one interface per
// message, each with a guard; both sides validate what arrives (`isFromPanelMessage`, `isToPanelMessage`).
//
// Conversation:
//   panel → ready {theme, hasReport}       on load; a panel restored from getState says hasReport: true
//   host  → showReport {report}            render an analysis (the panel keeps it in setState)
//   panel → whatIf {id, oversample, ehew}  slider moved (debounced; at most one request in flight)
//   host  → lpmUpdate {id, ok, …}          the LPM re-fitted for that what-if (or why it failed)
//   panel → export {id, format, name, …}   save a file (the host asks where and writes it)
//   host  → exportResult {id, ok, …}       where it was saved, or why not
//   panel → openDefinition {topic}         open the metric's definition in the docs
import type { AnalysisReport, GeometryDistances, LpmCurvePoint, LpmResult } from './report';
import { curveProblems, distancesProblems, isAnalysisReport, lpmResultProblems } from './report';
import { checkedAs, hasType, isFiniteNumber, isRecord, isString, type Checked } from './guards';

// ---------------------------------------------------------------- webview → host

/** The webview script has loaded and can receive data. */
export interface ReadyMessage {
  type: 'ready';
  /** Theme kind the webview sees (`vscode-light`, `vscode-dark`, `vscode-high-contrast`, …). */
  theme: string;
  /** True when the panel restored a report from its saved state (no need to send it again). */
  hasReport?: boolean;
}

/**
 * Re-fit the LPM for a what-if: minority samples oversampled `oversample` times (w_r ≥ 1, so the LPM
 * sees R_eff = R / w_r, theory.md §2.5) and budgets with product E_H·E_W = `ehew` (only the product
 * matters, §2.2). The host answers with an `lpmUpdate` carrying the same `id`.
 */
export interface WhatIfMessage {
  type: 'whatIf';
  id: number;
  oversample: number;
  ehew: number;
}

export type ExportFormat = 'svg' | 'png' | 'json' | 'csv' | 'html';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['svg', 'png', 'json', 'csv', 'html'];

/**
 * Save a file. `data` is the file's content: text for svg/json/csv (`encoding: 'utf8'`), base64 for png.
 * For `html` the data is the report JSON: the host builds the standalone page with
 * `reportHtml` (src/core/report/html.ts) from dist/webview.js, exactly as the CLI's `--html` does.
 */
export interface ExportMessage {
  type: 'export';
  id: number;
  format: ExportFormat;
  /** Suggested file name with extension, e.g. `collapse-lens-heatmap-lpm.svg`. */
  name: string;
  data: string;
  encoding: 'utf8' | 'base64';
}

export type DefinitionTopic = 'nc1' | 'nc2' | 'nc3' | 'nc4' | 'minority' | 'lpm' | 'seli' | 'etf';
export const DEFINITION_TOPICS: readonly DefinitionTopic[] = ['nc1', 'nc2', 'nc3', 'nc4', 'minority', 'lpm', 'seli', 'etf'];

/** Open the documentation of a metric or a theory. */
export interface OpenDefinitionMessage {
  type: 'openDefinition';
  topic: DefinitionTopic;
}

export type FromPanelMessage = ReadyMessage | WhatIfMessage | ExportMessage | OpenDefinitionMessage;

// ---------------------------------------------------------------- host → webview

/** Show a title only (an empty panel, before any analysis). */
export interface ShowMessage {
  type: 'show';
  title: string;
}

/** An analysis is running for this panel: show its skeleton with the engine's stage (repeated as it moves on). */
export interface AnalysingMessage {
  type: 'analysing';
  title: string;
  stage: string;
}

/** Render an analysis. */
export interface ShowReportMessage {
  type: 'showReport';
  report: AnalysisReport;
}

/** What a what-if re-fit produced (answer to `whatIf` with the same id). */
export interface LpmWhatIf {
  /** R_eff = modelRatio / oversample (null when the report has no modelRatio). */
  ratioEffective: number | null;
  /** The LPM at the model's counts with minority weight × oversample and budgets with product ehew. */
  result: LpmResult;
  /** The minority-collapse curve for budgets with product ehew (x = R_eff). */
  curve: LpmCurvePoint[];
  threshold: number | null;
  /** Distances with the re-fitted LPM (same definition as the report's). */
  distances: GeometryDistances;
  /** Host time for the re-fit, for the panel's status line. */
  elapsedMs: number;
}

export interface LpmUpdateOk extends LpmWhatIf {
  type: 'lpmUpdate';
  id: number;
  ok: true;
  oversample: number;
  ehew: number;
}

export interface LpmUpdateFailed {
  type: 'lpmUpdate';
  id: number;
  ok: false;
  /** Shown to the user as is. */
  error: string;
}

export type LpmUpdateMessage = LpmUpdateOk | LpmUpdateFailed;

/** Outcome of an `export`. */
export interface ExportResultMessage {
  type: 'exportResult';
  id: number;
  ok: boolean;
  /** Where the file went (ok), shown to the user. */
  path?: string;
  /** Why not (not ok); absent when the user cancelled the save dialog. */
  error?: string;
}

export type ToPanelMessage = ShowMessage | AnalysingMessage | ShowReportMessage | LpmUpdateMessage | ExportResultMessage;

// ---------------------------------------------------------------- saved state (getState/setState)

/**
 * What the panel keeps with `setState`, so a reloaded or restored panel (the extension's
 * WebviewPanelSerializer passes it to `deserializeWebviewPanel`) shows the same view without re-running
 * the analysis. The host can validate it with `isPanelState`.
 */
export interface PanelState {
  version: 1;
  report: AnalysisReport;
  whatIf?: { oversample: number; ehew: number; update: LpmUpdateOk | null };
}

// ---------------------------------------------------------------- guards

export function isReadyMessage(value: unknown): value is ReadyMessage {
  return hasType(value, 'ready') && isString(value.theme) && (value.hasReport === undefined || typeof value.hasReport === 'boolean');
}

export function isWhatIfMessage(value: unknown): value is WhatIfMessage {
  return (
    hasType(value, 'whatIf') &&
    Number.isInteger(value.id) &&
    isFiniteNumber(value.oversample) &&
    value.oversample >= 1 &&
    isFiniteNumber(value.ehew) &&
    value.ehew > 0
  );
}

export function isExportMessage(value: unknown): value is ExportMessage {
  return (
    hasType(value, 'export') &&
    Number.isInteger(value.id) &&
    EXPORT_FORMATS.includes(value.format as ExportFormat) &&
    isString(value.name) &&
    isSafeFileName(value.name) &&
    isString(value.data) &&
    (value.encoding === 'utf8' || value.encoding === 'base64')
  );
}

/** A bare file name: no directories, no leading dot, so a webview cannot steer where the host writes. */
export function isSafeFileName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._ -]{0,150}$/.test(name) && !name.includes('..');
}

export function isOpenDefinitionMessage(value: unknown): value is OpenDefinitionMessage {
  return hasType(value, 'openDefinition') && DEFINITION_TOPICS.includes(value.topic as DefinitionTopic);
}

export function isFromPanelMessage(value: unknown): value is FromPanelMessage {
  return isReadyMessage(value) || isWhatIfMessage(value) || isExportMessage(value) || isOpenDefinitionMessage(value);
}

export function isShowMessage(value: unknown): value is ShowMessage {
  return hasType(value, 'show') && isString(value.title);
}

export function isAnalysingMessage(value: unknown): value is AnalysingMessage {
  return hasType(value, 'analysing') && isString(value.title) && isString(value.stage);
}

export function isShowReportMessage(value: unknown): value is ShowReportMessage {
  return hasType(value, 'showReport') && isAnalysisReport(value.report);
}

/** Checks an lpmUpdate's result against the report's class count K (sizes must match the heatmaps). */
export function lpmUpdateProblems(value: unknown, k: number): string[] {
  if (!hasType(value, 'lpmUpdate') || !Number.isInteger(value.id)) return ['lpmUpdate: missing type or integer id'];
  if (value.ok === false) return isString(value.error) ? [] : ['lpmUpdate.error must be a string'];
  if (value.ok !== true) return ['lpmUpdate.ok must be true or false'];
  const problems: string[] = [];
  if (!isFiniteNumber(value.oversample) || value.oversample < 1) problems.push('lpmUpdate.oversample must be a number ≥ 1');
  if (!isFiniteNumber(value.ehew) || value.ehew <= 0) problems.push('lpmUpdate.ehew must be a positive number');
  problems.push(...lpmWhatIfProblems(value, 'lpmUpdate', k));
  return problems;
}

/** The lpmUpdate checked against the report's class count K, or its problems. */
export function checkLpmUpdate(value: unknown, k: number): Checked<LpmUpdateMessage> {
  return checkedAs<LpmUpdateMessage>(value, lpmUpdateProblems(value, k));
}

/** Checks a what-if re-fit (the engine's `whatif` result, the body of an lpmUpdate); K from its gramW unless given. */
export function lpmWhatIfProblems(value: unknown, path: string, k?: number): string[] {
  if (!isRecord(value)) return [`${path} must be an object`];
  const classes = k ?? (isRecord(value.result) && Array.isArray(value.result.gramW) ? value.result.gramW.length : 0);
  const problems: string[] = [];
  if (!(value.ratioEffective === null || isFiniteNumber(value.ratioEffective))) problems.push(`${path}.ratioEffective must be a number or null`);
  if (!(value.threshold === null || isFiniteNumber(value.threshold))) problems.push(`${path}.threshold must be a number or null`);
  if (!isFiniteNumber(value.elapsedMs)) problems.push(`${path}.elapsedMs must be a number`);
  problems.push(...lpmResultProblems(value.result, classes, `${path}.result`));
  problems.push(...curveProblems(value.curve, `${path}.curve`));
  problems.push(...distancesProblems(value.distances, `${path}.distances`));
  return problems;
}

/** Structural check without K (the panel re-checks sizes with `lpmUpdateProblems`). */
export function isLpmUpdateMessage(value: unknown): value is LpmUpdateMessage {
  if (!hasType(value, 'lpmUpdate')) return false;
  const k = isRecord(value.result) && Array.isArray(value.result.gramW) ? value.result.gramW.length : 0;
  return lpmUpdateProblems(value, k).length === 0;
}

export function isExportResultMessage(value: unknown): value is ExportResultMessage {
  return (
    hasType(value, 'exportResult') &&
    Number.isInteger(value.id) &&
    typeof value.ok === 'boolean' &&
    (value.path === undefined || isString(value.path)) &&
    (value.error === undefined || isString(value.error))
  );
}

export function isToPanelMessage(value: unknown): value is ToPanelMessage {
  return isShowMessage(value) || isAnalysingMessage(value) || isShowReportMessage(value) || isLpmUpdateMessage(value) || isExportResultMessage(value);
}

export function isPanelState(value: unknown): value is PanelState {
  if (!isRecord(value) || value.version !== 1 || !isAnalysisReport(value.report)) return false;
  if (value.whatIf === undefined) return true;
  const w = value.whatIf;
  if (!isRecord(w) || !isFiniteNumber(w.oversample) || !isFiniteNumber(w.ehew)) return false;
  return w.update === null || (isLpmUpdateMessage(w.update) && w.update.ok === true);
}
