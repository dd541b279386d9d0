/** One thing a child process does to the shared store. */
export type ChildStep =
  | { readonly op: 'increment'; readonly namespace: string[]; readonly key: string; readonly times: number }
  | { readonly op: 'create'; readonly namespace: string[]; readonly key: string; readonly value: unknown }
  | { readonly op: 'put'; readonly namespace: string[]; readonly key: string; readonly value: unknown }
  | { readonly op: 'delete'; readonly namespace: string[]; readonly key: string }
  | { readonly op: 'awaitKeys'; readonly namespace: string[]; readonly keys: string[]; readonly timeoutMs: number };

/** What a step reported. */
export interface ChildStepResult {
  /** The step this answers. */
  readonly op: ChildStep['op'];
  /** `increment`: version conflicts met (and retried). */
  readonly conflicts?: number;
  /** `create`: whether this child's `ifVersion: 0` write won. */
  readonly won?: boolean;
  /** `delete`: whether the entry existed. */
  readonly existed?: boolean;
  /** `awaitKeys`: the values, once every key was visible. */
  readonly values?: unknown[];
  /** `awaitKeys`: keys still missing when the wait ran out. */
  readonly missing?: string[];
}

/** The JSON a child process receives as its only argument. */
export interface ChildTask {
  /** The module exporting `openBackend(args)`. */
  readonly module: string;
  /** Arguments for `openBackend`. */
  readonly args: unknown;
  /** Steps to run in order. */
  readonly steps: readonly ChildStep[];
}
