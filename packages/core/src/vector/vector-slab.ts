import { DOT_KERNEL_WASM_BASE64 } from './dot-kernel-wasm.js';
import { vectorNorm } from './cosine-top-k.js';

type DotsFn = (query: number, base: number, rows: number, stride: number, out: number) => void;

// The slice of the WebAssembly API used here; @types/node 20 does not declare it (it lives in lib.dom).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65_536;
let kernelModule: object | null | undefined;

function loadKernel(): object | null {
  if (kernelModule === undefined) {
    try {
      kernelModule = new WebAssembly.Module(Buffer.from(DOT_KERNEL_WASM_BASE64, 'base64'));
    } catch {
      // A runtime without WebAssembly SIMD falls back to the JS loop below.
      kernelModule = null;
    }
  }
  return kernelModule;
}

/**
 * Unit-normalized vectors of one dimension in one contiguous block, scored against a query in a
 * single pass (WebAssembly SIMD when available). Brute force over contiguous memory is what makes
 * exact search fast: the per-entry cost is one fused multiply-add stream, no object access.
 * Slots are stable until removed; removed slots are reused.
 */
export class VectorSlab {
  readonly dimension: number;
  private readonly stride: number;
  private readonly queryBytes: number;
  private readonly memory: WasmMemory;
  private readonly dots: DotsFn | undefined;
  private capacity = 0;
  private highWater = 0;
  private readonly freeSlots: number[] = [];
  private view: Float32Array;

  constructor(dimension: number) {
    this.dimension = dimension;
    // Rows are padded with zeros to a multiple of 8 floats: the kernel reads two f32x4 lanes per step.
    this.stride = Math.ceil(dimension / 8) * 8;
    this.queryBytes = this.stride * 4;
    const module = loadKernel();
    if (module) {
      const instance = new WebAssembly.Instance(module);
      this.memory = instance.exports['memory'] as WasmMemory;
      this.dots = instance.exports['dots'] as DotsFn;
    } else {
      this.memory = new WebAssembly.Memory({ initial: 1 });
    }
    this.view = new Float32Array(this.memory.buffer);
  }

  /** Slots in use or freed; `scoreAll` returns this many scores. */
  get size(): number {
    return this.highWater;
  }

  /** Stores the unit vector of `vector`; returns its slot. */
  add(vector: Float32Array): number {
    const slot = this.freeSlots.pop() ?? this.grow();
    this.set(slot, vector);
    return slot;
  }

  /** Overwrites a slot with the unit vector of `vector`. */
  set(slot: number, vector: Float32Array): void {
    const norm = vectorNorm(vector);
    const offset = (this.queryBytes >> 2) + slot * this.stride;
    for (let i = 0; i < this.dimension; i++) this.view[offset + i] = vector[i]! / norm;
  }

  /** Frees a slot (zeroed, so its score is 0 until reused). */
  remove(slot: number): void {
    const offset = (this.queryBytes >> 2) + slot * this.stride;
    this.view.fill(0, offset, offset + this.stride);
    this.freeSlots.push(slot);
  }

  clear(): void {
    this.view.fill(0, this.queryBytes >> 2, (this.queryBytes >> 2) + this.highWater * this.stride);
    this.highWater = 0;
    this.freeSlots.length = 0;
  }

  /**
   * Cosine of `query` with every slot below `size`, as float32 (about 1e-6 off the float64 cosine:
   * re-score finalists with `cosineSimilarity` when exact order matters). The array is a view that
   * the next call overwrites.
   */
  scoreAll(query: Float32Array): Float32Array {
    const rows = this.highWater;
    const rowsStart = this.queryBytes;
    const outStart = rowsStart + this.capacity * this.stride * 4;
    this.ensureBytes(outStart + rows * 4);
    const norm = vectorNorm(query);
    for (let i = 0; i < this.dimension; i++) this.view[i] = query[i]! / norm;
    if (this.dots) this.dots(0, rowsStart, rows, this.stride, outStart);
    else this.dotsInJs(rowsStart >> 2, rows, outStart >> 2);
    return new Float32Array(this.memory.buffer, outStart, rows);
  }

  private dotsInJs(rowsStart: number, rows: number, out: number): void {
    const v = this.view;
    for (let r = 0; r < rows; r++) {
      const base = rowsStart + r * this.stride;
      let sum = 0;
      for (let i = 0; i < this.dimension; i++) sum += v[i]! * v[base + i]!;
      v[out + r] = sum;
    }
  }

  private grow(): number {
    if (this.highWater === this.capacity) {
      const capacity = Math.max(1024, this.capacity * 2);
      this.ensureBytes(this.queryBytes + capacity * this.stride * 4 + capacity * 4);
      this.capacity = capacity;
    }
    return this.highWater++;
  }

  private ensureBytes(bytes: number): void {
    const missing = bytes - this.memory.buffer.byteLength;
    if (missing > 0) {
      this.memory.grow(Math.ceil(missing / PAGE));
      this.view = new Float32Array(this.memory.buffer);
    }
  }
}
