// Child process of cross-process.test.ts: CAS increments on one counter plus unique appends.
import { VersionConflictError } from '@mem/core';
import { createLanceDbBackend } from '../../src/index.js';

const [path, id, increments, appends] = process.argv.slice(2) as [string, string, string, string];
const backend = await createLanceDbBackend({ path });
// Start together: the parent says go once every child has opened the store.
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();
let conflicts = 0;
for (let i = 0; i < Number(increments); i++) {
  for (;;) {
    const current = await backend.get(['shared'], 'counter');
    try {
      await backend.put(['shared'], 'counter', (current?.value as number) + 1, { ifVersion: current!.version });
      break;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      conflicts++;
    }
  }
  await backend.put(['shared'], `race-${i}`, id, { ifVersion: 0 }).catch((error: unknown) => {
    if (!(error instanceof VersionConflictError)) throw error;
  });
}
for (let i = 0; i < Number(appends); i += 5) {
  await backend.putMany(Array.from({ length: 5 }, (_, j) => ({ namespace: ['append', id], key: `k${i + j}`, value: i + j })));
}
await backend.close();
process.stdout.write(`${JSON.stringify({ id, conflicts })}\n`);
