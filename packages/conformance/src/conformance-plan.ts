import type { BackendCapabilities } from '@mem/core';
import type { ConformanceCase, ConformanceGroup, GroupId } from './conformance-case.js';
import type { ResolvedConformanceOptions } from './conformance-options.js';
import { ALL_GROUPS } from './groups/all-groups.js';

/** One group as planned for one backend: its cases, or why it does not run. */
export type PlannedGroup =
  | { readonly group: ConformanceGroup; readonly kind: 'run'; readonly cases: readonly ConformanceCase[] }
  | { readonly group: ConformanceGroup; readonly kind: 'skip'; readonly reason: string }
  | { readonly group: ConformanceGroup; readonly kind: 'misconfigured'; readonly reason: string };

/** Decides which groups run for these capabilities (a claimed capability never skips its group). */
export function planConformance(capabilities: BackendCapabilities, options: ResolvedConformanceOptions, only?: readonly GroupId[]): PlannedGroup[] {
  return ALL_GROUPS.filter((group) => only === undefined || only.includes(group.id)).map((group): PlannedGroup => {
    const selection = group.select(capabilities, options);
    return selection.kind === 'run' ? { group, kind: 'run', cases: group.cases(capabilities, options) } : { group, ...selection };
  });
}

/** Reads the capabilities from a throw-away store, so groups can be planned before any case runs. */
export async function probeCapabilities(options: ResolvedConformanceOptions): Promise<BackendCapabilities> {
  const backend = await options.create();
  const capabilities = backend.capabilities;
  if (options.destroy) await options.destroy(backend);
  else await backend.close();
  return capabilities;
}
