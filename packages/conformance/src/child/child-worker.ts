// Entry point of the cross-process group's child processes: opens the store through the user's
// module, runs the steps it was given, prints one JSON line of results, exits.
import { pathToFileURL } from 'node:url';
import type { StorageBackend } from '@mem/core';
import { casIncrement } from '../support/cas-helpers.js';
import type { ChildStep, ChildStepResult, ChildTask } from './child-protocol.js';

async function runStep(backend: StorageBackend, step: ChildStep): Promise<ChildStepResult> {
  switch (step.op) {
    case 'increment': {
      let conflicts = 0;
      for (let i = 0; i < step.times; i++) conflicts += await casIncrement(backend, step.namespace, step.key);
      return { op: step.op, conflicts };
    }
    case 'create':
      try {
        await backend.put(step.namespace, step.key, step.value, { ifVersion: 0 });
        return { op: step.op, won: true };
      } catch (error) {
        if ((error as { code?: string }).code !== 'VERSION_CONFLICT') throw error;
        return { op: step.op, won: false };
      }
    case 'put':
      await backend.put(step.namespace, step.key, step.value);
      return { op: step.op };
    case 'delete':
      return { op: step.op, existed: await backend.delete(step.namespace, step.key) };
    case 'awaitKeys': {
      const deadline = Date.now() + step.timeoutMs;
      for (;;) {
        const got = await backend.getMany(step.keys.map((key) => ({ namespace: step.namespace, key })));
        if (got.every((e) => e !== undefined)) return { op: step.op, values: got.map((e) => e!.value) };
        if (Date.now() > deadline) return { op: step.op, missing: step.keys.filter((_, i) => got[i] === undefined) };
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '') as ChildTask;
  const specifier = task.module.startsWith('file:') ? task.module : pathToFileURL(task.module).href;
  const mod = (await import(specifier)) as { openBackend?: (args: unknown) => Promise<StorageBackend> };
  if (typeof mod.openBackend !== 'function') throw new Error(`${task.module} does not export openBackend(args)`);
  const backend = await mod.openBackend(task.args);
  const results: ChildStepResult[] = [];
  try {
    for (const step of task.steps) results.push(await runStep(backend, step));
  } finally {
    await backend.close();
  }
  process.stdout.write(`${JSON.stringify({ results })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
