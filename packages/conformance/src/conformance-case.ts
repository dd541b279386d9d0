import type { BackendCapabilities, StorageBackend } from '@mem/core';
import type { ChildProcessSpec, ResolvedConformanceOptions } from './conformance-options.js';

/** The groups of the suite, in the order they run. */
export const GROUP_IDS = [
  'basic',
  'batch',
  'namespaces',
  'values',
  'ttl',
  'cas',
  'list',
  'vector',
  'persistence',
  'two-instances',
  'cross-process',
  'bad-input',
  'model',
  'memory-manager',
] as const;

/** One group of the suite. */
export type GroupId = (typeof GROUP_IDS)[number];

/** What a test case works with: a fresh store and the hooks to reach it again. */
export interface CaseContext {
  /** The store under test; `reopen()` replaces it. */
  readonly backend: StorageBackend;
  /** The capabilities the backend declared. */
  readonly capabilities: BackendCapabilities;
  /** The suite's options, defaults filled in. */
  readonly options: ResolvedConformanceOptions;
  /** Closes the store and opens it again; `backend` is the new instance afterwards. */
  reopen(): Promise<StorageBackend>;
  /** A second instance on the same store, closed when the case ends. */
  second(): Promise<StorageBackend>;
  /** How a child process opens this store. */
  childProcess(): ChildProcessSpec;
}

/** One test case: a title and an async check that throws on failure. */
export interface ConformanceCase {
  /** What the case proves, as a sentence. */
  readonly title: string;
  /** The check. */
  readonly run: (t: CaseContext) => Promise<void>;
  /**
   * Multiplier of `caseTimeoutMs` for long cases (model runs, child processes).
   * @default 1
   */
  readonly timeoutFactor?: number;
}

/** Whether a group runs for a backend, and if not, why. */
export type GroupSelection =
  | { readonly kind: 'run' }
  | { readonly kind: 'skip'; readonly reason: string }
  /** The backend claims a capability but the options lack what the group needs: the group fails. */
  | { readonly kind: 'misconfigured'; readonly reason: string };

/** A group of cases chosen by the backend's declared capabilities. */
export interface ConformanceGroup {
  /** Stable id, e.g. `ttl`. */
  readonly id: GroupId;
  /** Title shown in reports. */
  readonly title: string;
  /** Decides from the capabilities and options whether the group runs. */
  readonly select: (capabilities: BackendCapabilities, options: ResolvedConformanceOptions) => GroupSelection;
  /** The cases; may depend on capabilities (e.g. an `atomicBatch` case). */
  readonly cases: (capabilities: BackendCapabilities, options: ResolvedConformanceOptions) => readonly ConformanceCase[];
}

/** A case context plus the cleanup the runner calls when the case ends. */
export interface OpenCase extends CaseContext {
  /** Closes second instances and destroys the store. */
  dispose(): Promise<void>;
}

async function closeQuietly(backend: StorageBackend): Promise<void> {
  try {
    await backend.close();
  } catch {
    // Already closed, or closing a broken backend: the case result already says what matters.
  }
}

/** Creates a fresh store and the context of one case. */
export async function openCase(options: ResolvedConformanceOptions): Promise<OpenCase> {
  let current = await options.create();
  const seconds: StorageBackend[] = [];
  return {
    get backend() {
      return current;
    },
    get capabilities() {
      return current.capabilities;
    },
    options,
    async reopen() {
      if (!options.reopen) throw new Error(`${options.name}: this case needs the reopen hook`);
      current = await options.reopen(current);
      return current;
    },
    async second() {
      if (!options.second) throw new Error(`${options.name}: this case needs the second hook`);
      const other = await options.second(current);
      seconds.push(other);
      return other;
    },
    childProcess() {
      if (!options.childProcess) throw new Error(`${options.name}: this case needs the childProcess hook`);
      return options.childProcess(current);
    },
    async dispose() {
      for (const other of seconds) await closeQuietly(other);
      if (options.destroy) await options.destroy(current);
      else await closeQuietly(current);
    },
  };
}

/** Runs one case on a fresh store with a time limit, always disposing of the store. */
export async function runCase(testCase: ConformanceCase, options: ResolvedConformanceOptions): Promise<void> {
  const t = await openCase(options);
  const limit = options.caseTimeoutMs * (testCase.timeoutFactor ?? 1);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      testCase.run(t),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`case did not finish within ${limit} ms`)), limit);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await t.dispose();
  }
}
