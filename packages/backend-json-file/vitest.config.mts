import { defineConfig } from 'vitest/config';
import { memVitestDefaults } from '../../vitest.shared.mjs';

const defaults = memVitestDefaults(import.meta.dirname);

// Two workers even on 2 cores: the crash test spends most of its time waiting for dead children's
// stale locks to age, so it can overlap the conformance run instead of following it.
export default defineConfig({ ...defaults, test: { ...defaults.test, maxWorkers: 2 } });
