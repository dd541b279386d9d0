export { createProgram } from './create-program.js';
export { runDemo, DEMO_ROOT, type DemoOptions } from './demo/run-demo.js';
export { reportError, UsageError, EXIT_CONFIG, EXIT_FAILURE } from './cli-error.js';
export { createProgressReporter, withProgress, type ProgressReporter, type ProgressReporterOptions } from './progress-reporter.js';
