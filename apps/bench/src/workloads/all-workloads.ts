import { mixedWorkload } from './mixed-workload.js';
import { getManyWorkload, getParallelWorkload, getWorkload, listWorkload, putManyWorkload, putWorkload } from './point-workloads.js';
import { vector100kWorkload, vector10kWorkload } from './vector-workloads.js';
import type { Workload } from './workload.js';
import { casWorkload, durablePutWorkload, ttlChurnWorkload } from './write-workloads.js';

/** Every workload, in report order. */
export const ALL_WORKLOADS: readonly Workload[] = [
  putWorkload,
  getWorkload,
  getParallelWorkload,
  getManyWorkload,
  putManyWorkload,
  listWorkload,
  casWorkload,
  durablePutWorkload,
  mixedWorkload,
  vector10kWorkload,
  vector100kWorkload,
  ttlChurnWorkload,
];
