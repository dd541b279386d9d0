import { Embeddings } from '@langchain/core/embeddings';
import { InMemoryStore } from '@langchain/langgraph';
import { benchKey } from '../data/bench-values.js';
import type { VectorSet } from '../data/gaussian-mixture.js';

const NS = ['bench', 'agent-1'];

/**
 * The data set's vectors stand in for an embedding model: a document's text is its row number, a
 * query's text is `q:<index>` (a held-out query) or `r:<row>` (a stored row), so LangGraph embeds
 * exactly the vectors every other subject stores.
 */
export class LookupEmbeddings extends Embeddings {
  constructor(
    private readonly base: VectorSet,
    private readonly queries: readonly Float32Array[],
  ) {
    super({});
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const { data, dimension } = this.base;
    return texts.map((t) => Array.from(data.subarray(Number(t) * dimension, (Number(t) + 1) * dimension)));
  }

  async embedQuery(text: string): Promise<number[]> {
    const n = Number(text.slice(2));
    if (text.startsWith('q:')) return Array.from(this.queries[n]!);
    return Array.from(this.base.data.subarray(n * this.base.dimension, (n + 1) * this.base.dimension));
  }
}

/** LangGraph's InMemoryStore with its vector index: load the set, then search by query index. */
export async function langGraphVectorPeer(base: VectorSet, queries: readonly Float32Array[]) {
  const store = new InMemoryStore({ index: { dims: base.dimension, embeddings: new LookupEmbeddings(base, queries), fields: ['row'] } });
  for (let start = 0; start < base.count; start += 1000) {
    const ops = [];
    for (let i = start; i < Math.min(base.count, start + 1000); i++) ops.push({ namespace: NS, key: benchKey(i), value: { row: String(i) } });
    await store.batch(ops);
  }
  return {
    name: 'LangGraph InMemoryStore (index)',
    search: async (q: number): Promise<string[]> => (await store.search(NS, { query: `q:${q}`, limit: 10 })).map((item) => item.key),
  };
}
