// Separation across layers (He & Su, PNAS 2023; docs/layers.md): the entry points of core/layers.
export { fitSeparation, OUTLIER_T } from './fit';
export { MAX_BATCH_VALUES, separationAcrossLayers, type LayersOptions, type LayersOutcome } from './run';
