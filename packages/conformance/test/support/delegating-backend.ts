import { assertOpen, operationContext, type StorageBackend } from '@mem/core';

type Operations = Omit<StorageBackend, 'name' | 'capabilities'>;
const OPERATIONS = ['get', 'getMany', 'put', 'putMany', 'delete', 'deleteMany', 'list', 'search', 'listNamespaces', 'clear', 'stats', 'close'] as const;

/**
 * A backend that forwards to `inner`, except for the operations in `overrides`. Mutants replace
 * one behaviour each; everything else stays the correct in-memory backend.
 */
export function delegate(inner: StorageBackend, overrides: Partial<Operations>, capabilities = inner.capabilities): StorageBackend {
  const out: Record<string, unknown> = { name: inner.name, capabilities };
  for (const op of OPERATIONS) out[op] = overrides[op] ?? (inner[op] as (...args: unknown[]) => unknown).bind(inner);
  return out as unknown as StorageBackend;
}

/**
 * A handle on a store that outlives it: `close` closes the handle, not the store, so `reopen` and
 * `second` can open new handles on the same data. This turns the in-memory backend into a
 * "persistent", multi-instance one for the groups that need those capabilities.
 */
export function handleOn(store: StorageBackend, overrides: Partial<Operations> = {}): StorageBackend {
  let closed = false;
  const guarded: Record<string, unknown> = {};
  const base = delegate(store, overrides);
  for (const op of OPERATIONS) {
    if (op === 'close') continue;
    guarded[op] = async (...args: unknown[]) => {
      assertOpen(closed, operationContext(store.name, op));
      return (base[op] as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  guarded.close = async () => {
    closed = true;
  };
  return delegate(store, guarded as Partial<Operations>, { ...store.capabilities, persistent: true });
}
