import type { UserConfig } from 'vitest/config';

/** The vitest settings every package shares (see vitest.shared.mjs). */
export function memVitestDefaults(root: string): UserConfig;
