/**
 * The training run's HTML report: one self-contained `report.html` (inline CSS, SVG charts,
 * PNG data URIs) with loss / metric / learning-rate curves, validation samples with the predicted
 * mask overlaid, the network drawing, the layer table and the spec.
 */
export { writeReport, renderReport, REPORT_FILE } from './write-report.js';
export {
  writeValidationSample,
  listValidationSamples,
  VAL_SAMPLES_DIR,
  type ValidationSample,
} from './val-samples.js';
export { lineChart, niceTicks, type Series, type ChartOptions } from './svg-chart.js';
