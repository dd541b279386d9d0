import v8 from 'node:v8';
import vm from 'node:vm';
import type { Footprint } from '../subjects/kv-subject.js';

let collect: (() => void) | undefined;

/** A full GC, so heap figures count only what is still reachable (enabled at run time, no CLI flag needed). */
export function forceGc(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}

/** Heap in use after a full GC: what an in-process store still holds. */
export function heapFootprint(): Footprint {
  // Two passes: the first may only clear weak references and finalizers that the second then frees.
  forceGc();
  forceGc();
  return { value: process.memoryUsage().heapUsed, unit: 'heap bytes' };
}
