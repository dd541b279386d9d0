/** One thing a child process does to the shared store. */
export type ChildStep =
  | { readonly op: 'increment'; readonly namespace: string[]; readonly key: string; readonly times: number }
  | { readonly op: 'create'; readonly namespace: string[]; readonly key: string; readonly value: unknown }
  | { readonly op: 'put'; readonly namespace: string[]; readonly key: string; readonly value: unknown }
  | { readonly op: 'delete'; readonly namespace: string[]; readonly key: string }
  | { readonly op: 'awaitKeys'; readonly namespace: string[]; readonly keys: string[]; readonly timeoutMs: number };

/** What a step reported. */
export interface ChildStepResult {
  readonly op: ChildStep['op'];
  readonly conflicts?: number;
  readonly won?: boolean;
  readonly existed?: boolean;
  readonly values?: unknown[];
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
