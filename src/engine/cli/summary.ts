// `collapse-lens summary MODEL`: the model's layers, shapes and the classifier the analysis would use,
// from the model alone (no data); --json prints the ModelSummary the extension shows as a document.
import { UsageError } from '../../core/errors';
import { summarizeModel } from '../../core/model/summary';
import { modelSummaryMarkdown } from '../../protocol/modelSummary';
import { selectBackend } from '../backend';
import { COMMON_OPTIONS, commonOptions, optionHelp, parseArgs } from './args';
import { type CliCommand, printJson } from './command';

const NAME = 'summary';
const OPTIONS = { json: COMMON_OPTIONS.json, backend: COMMON_OPTIONS.backend };

const USAGE = `Usage: collapse-lens summary MODEL_DIR_OR_JSON [--json] [--backend B]

The model without data: its layers (class, activation, output shape, parameters), its input shape, and
the classifier Collapse Lens analyses (the feature layer h, the classifier W with K and d), found by the
same search as \`inspect\`; when there is none, why. Printed as markdown, or as JSON with --json.

Options:
${optionHelp(OPTIONS)}`;

export const summaryCommand: CliCommand = {
  name: NAME,
  summary: 'the layers, shapes and classifier of a model, without data',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, OPTIONS, NAME);
    const model = args.positionals[0];
    if (!model) throw new UsageError('a model folder or model.json is required, e.g. collapse-lens summary media/samples/fashion-r1');
    if (args.positionals.length > 1) throw new UsageError(`unexpected argument "${args.positionals[1]}"`);
    const { json, backend } = commonOptions(args);
    const choice = await selectBackend({ prefer: backend, searchPaths: [] });
    const summary = await summarizeModel(choice.tf, model);
    if (json) printJson(io, summary);
    else io.stdout(modelSummaryMarkdown(summary, `Model summary: ${model}`));
    return 0;
  },
};
