// One place for the vitest settings every package shares. The `@mem/source` condition makes
// workspace packages resolve to their TypeScript sources, so tests never need a build first.
const conditions = ['@mem/source', 'node', 'import', 'module', 'default'];

/** @param {string} root the package folder */
export function memVitestDefaults(root) {
  return {
    root,
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@mem/source'] } },
    test: {
      include: ['test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 30_000,
      hookTimeout: 60_000,
      reporters: ['default'],
      env: { MEM_VITEST: '1' },
    },
  };
}
