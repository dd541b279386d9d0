import type { ConformanceGroup } from '../conformance-case.js';
import { badInputGroup } from './bad-input-group.js';
import { basicGroup } from './basic-group.js';
import { batchGroup } from './batch-group.js';
import { casGroup } from './cas-group.js';
import { crossProcessGroup } from './cross-process-group.js';
import { listGroup } from './list-group.js';
import { memoryManagerGroup } from './memory-manager-group.js';
import { modelGroup } from './model-group.js';
import { namespacesGroup } from './namespaces-group.js';
import { persistenceGroup } from './persistence-group.js';
import { ttlGroup } from './ttl-group.js';
import { twoInstancesGroup } from './two-instances-group.js';
import { valuesGroup } from './values-group.js';
import { vectorGroup } from './vector-group.js';

/** Every group of the suite, in the order it runs. */
export const ALL_GROUPS: readonly ConformanceGroup[] = [
  basicGroup,
  batchGroup,
  namespacesGroup,
  valuesGroup,
  ttlGroup,
  casGroup,
  listGroup,
  vectorGroup,
  persistenceGroup,
  twoInstancesGroup,
  crossProcessGroup,
  badInputGroup,
  modelGroup,
  memoryManagerGroup,
];
