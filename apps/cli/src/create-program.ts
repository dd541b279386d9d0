import { knownSchemes } from '@mem/core';
import { Command } from 'commander';
import { benchCommand } from './commands/bench-command.js';
import { conformanceCommand } from './commands/conformance-command.js';
import { demoCommand } from './commands/demo-command.js';
import { exportCommand } from './commands/export-command.js';
import { importCommand } from './commands/import-command.js';
import { inspectCommand } from './commands/inspect-command.js';
import { migrateCommand } from './commands/migrate-command.js';

/** The `mem` command with every subcommand. */
export function createProgram(): Command {
  return new Command('mem')
    .description(`mem: pluggable memory for AI agents. Backends are chosen by URL: ${knownSchemes().map((s) => `${s}:`).join(', ')}`)
    .showHelpAfterError()
    .enablePositionalOptions()
    .addCommand(demoCommand())
    .addCommand(exportCommand())
    .addCommand(importCommand())
    .addCommand(migrateCommand())
    .addCommand(inspectCommand())
    .addCommand(conformanceCommand())
    .addCommand(benchCommand());
}
