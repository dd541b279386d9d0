import { defineConfig } from 'vitest/config';
import { memVitestDefaults } from '../../vitest.shared.mjs';

export default defineConfig(memVitestDefaults(import.meta.dirname));
