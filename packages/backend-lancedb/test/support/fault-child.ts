// Child process of faults.test.ts, killed with SIGKILL at a random moment. It prints a line
// before each write or optimize starts and after each is acknowledged.
import { createLanceDbBackend } from '../../src/index.js';

const [path, mode, tag] = process.argv.slice(2) as [string, 'writes' | 'optimize', string];
const backend = await createLanceDbBackend({ path, versionRetentionMs: 0, optimizeEveryWrites: 1_000_000 });
const say = (line: string): void => void process.stdout.write(`${line}\n`);
say('ready');
if (mode === 'writes') {
  for (let batch = 0; ; batch++) {
    say(`begin ${batch}`);
    await backend.putMany(Array.from({ length: 20 }, (_, j) => ({ namespace: ['run', tag], key: `b${batch}-${j}`, value: { batch, j }, embedding: [1, batch, j] })));
    say(`ack ${batch}`);
  }
} else {
  for (let round = 0; ; round++) {
    for (let j = 0; j < 10; j++) {
      say(`begin ${round * 10 + j}`);
      await backend.put(['run', tag], `r${round}-${j}`, j, { embedding: [1, round, j] });
      say(`ack ${round * 10 + j}`);
    }
    say('optimize');
    await backend.optimize();
    say('optimized');
  }
}
