#!/usr/bin/env node
import { reportError } from './cli-error.js';
import { createProgram } from './create-program.js';

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error);
}
