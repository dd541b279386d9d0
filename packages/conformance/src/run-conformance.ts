import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@mem/core';
import type { TestCase, TestModule } from 'vitest/node';
import { SKIPPED_PREFIX } from './describe-backend-conformance.js';

/** What `runConformance` runs, and how it reports. */
export interface RunConformanceOptions {
  /**
   * Path of an initializer module (`.mjs`, `.js` or `.ts`) exporting `create` and optionally
   * `name`, `destroy`, `reopen`, `second`, `childProcess` and the suite's knobs (`ttlScaleMs`, ...),
   * as named exports or as one default-exported object.
   */
  readonly module: string;
  /**
   * A vitest reporter name (`default`, `verbose`, `dot`, `json`, ...).
   * @default 'default'
   */
  readonly reporter?: string;
  /** Only tests whose full name matches this pattern (vitest `-t`), e.g. `TTL`. */
  readonly testNamePattern?: string;
}

/** A group that did not run, and why. */
export interface SkippedGroup {
  /** The group's title. */
  readonly group: string;
  /** Why it did not run (from the declared capabilities). */
  readonly reason: string;
}

/** The outcome of a conformance run. */
export interface ConformanceRunResult {
  /** Tests that passed. */
  readonly passed: number;
  /** Tests that failed, plus one per module that failed to load. */
  readonly failed: number;
  /** Groups skipped by the backend's capabilities. */
  readonly skipped: SkippedGroup[];
  /** Full name and first error line of each failure. */
  readonly failures: { readonly test: string; readonly message: string }[];
}

// The suite's own entry: TypeScript sources in a checkout, compiled JavaScript when published.
function suiteEntry(): string {
  const ts = fileURLToPath(new URL('./index.ts', import.meta.url));
  return existsSync(ts) ? ts : fileURLToPath(new URL('./index.js', import.meta.url));
}

function testFileSource(modulePath: string): string {
  return [
    `import { describeBackendConformance } from ${JSON.stringify(suiteEntry())};`,
    `import * as mod from ${JSON.stringify(modulePath)};`,
    `const init = mod.default && typeof mod.default === 'object' && 'create' in mod.default ? mod.default : mod;`,
    `describeBackendConformance({ ...init, name: init.name ?? ${JSON.stringify(basename(modulePath))} });`,
    '',
  ].join('\n');
}

function groupOf(test: TestCase): string {
  return test.parent.type === 'suite' ? test.parent.name : '';
}

function collect(modules: readonly TestModule[]): ConformanceRunResult {
  let passed = 0;
  const skipped: SkippedGroup[] = [];
  const failures: { test: string; message: string }[] = [];
  for (const module of modules) {
    for (const error of module.errors()) failures.push({ test: `${module.moduleId} (loading)`, message: error.message });
    for (const test of module.children.allTests()) {
      const result = test.result();
      if (result.state === 'passed') passed++;
      else if (result.state === 'failed') failures.push({ test: test.fullName, message: result.errors[0]?.message ?? 'failed' });
      else if (result.state === 'skipped' && test.name.startsWith(SKIPPED_PREFIX)) skipped.push({ group: groupOf(test), reason: test.name.slice(SKIPPED_PREFIX.length) });
    }
  }
  return { passed, failed: failures.length, skipped, failures };
}

/**
 * Runs the conformance suite in vitest against the backend an initializer module describes (what
 * `mem conformance <module>` does). Resolves to counts instead of setting the exit code, so the
 * caller decides; a module that does not exist is a `ConfigError`.
 */
export async function runConformance(options: RunConformanceOptions): Promise<ConformanceRunResult> {
  const modulePath = resolve(options.module);
  if (!existsSync(modulePath)) throw new ConfigError(`conformance initializer ${modulePath} does not exist`);
  const { startVitest } = await import('vitest/node');
  const dir = mkdtempSync(join(tmpdir(), 'mem-conformance-'));
  const exitCode = process.exitCode;
  try {
    writeFileSync(join(dir, 'conformance.test.mjs'), testFileSource(modulePath));
    const conditions = ['@mem/source', 'node', 'import', 'module', 'default'];
    const vitest = await startVitest(
      'test',
      [],
      {
        root: dir,
        config: false,
        watch: false,
        include: ['conformance.test.mjs'],
        reporters: [options.reporter ?? 'default'],
        testTimeout: 60_000,
        hookTimeout: 60_000,
        ...(options.testNamePattern ? { testNamePattern: options.testNamePattern } : {}),
      },
      { resolve: { conditions }, ssr: { resolve: { conditions, externalConditions: ['@mem/source'] } } },
    );
    const result = collect(vitest.state.getTestModules());
    await vitest.close();
    return result;
  } finally {
    // vitest marks failures on the process; the caller decides the exit code from the result.
    process.exitCode = exitCode;
    rmSync(dir, { recursive: true, force: true });
  }
}
