import { createRequire } from 'node:module';

// LanceDB checks `instanceof` against the CommonJS build of apache-arrow it requires itself; an ESM
// import would load a second copy whose classes it rejects, so take the very same module.
const arrow = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');

/** Column names of the entries table. */
export const COLUMNS = {
  /** `encodeEntryKey(namespace, key)`: the unenforced primary key, merge key and list order. */
  entryKey: 'ek',
  /** `encodeNamespace(namespace)`: prefix ranges and `listNamespaces`. */
  namespace: 'ns',
  /** `escapeSegment(key)`: `keyPrefix` ranges. */
  key: 'k',
  value: 'val',
  metadata: 'meta',
  version: 'ver',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  expiresAt: 'expires_at',
  /** A random id per write; compare-and-set conditions name it, so a recreated entry never passes for the old one. */
  writeId: 'wid',
  /** The `wid` of the row a write replaced (its merge condition). */
  previousWriteId: 'pwid',
  /** The embedding, `FixedSizeList<Float32>(dimension)`; null when the entry has none. Added when the dimension becomes known. */
  vector: 'vec',
} as const;

/** The table schema; `dimension` undefined = no vector column yet. */
export function entrySchema(dimension: number | undefined): import('apache-arrow').Schema {
  const { Field, Utf8, Float64, Schema } = arrow;
  const fields = [
    new Field(COLUMNS.entryKey, new Utf8(), false),
    new Field(COLUMNS.namespace, new Utf8(), false),
    new Field(COLUMNS.key, new Utf8(), false),
    new Field(COLUMNS.value, new Utf8(), false),
    new Field(COLUMNS.metadata, new Utf8(), true),
    new Field(COLUMNS.version, new Float64(), false),
    new Field(COLUMNS.createdAt, new Float64(), false),
    new Field(COLUMNS.updatedAt, new Float64(), false),
    new Field(COLUMNS.expiresAt, new Float64(), true),
    new Field(COLUMNS.writeId, new Utf8(), false),
    new Field(COLUMNS.previousWriteId, new Utf8(), true),
  ];
  if (dimension !== undefined) fields.push(vectorField(dimension));
  return new Schema(fields);
}

/** The nullable fixed-size vector column. */
export function vectorField(dimension: number): import('apache-arrow').Field {
  return new arrow.Field(COLUMNS.vector, new arrow.FixedSizeList(dimension, new arrow.Field('item', new arrow.Float32(), true)), true);
}

/** The dimension of the vector column in `schema`, if it has one. */
export function schemaDimension(schema: import('apache-arrow').Schema): number | undefined {
  const field = schema.fields.find((f) => f.name === COLUMNS.vector);
  if (field === undefined) return undefined;
  return (field.type as import('apache-arrow').FixedSizeList).listSize;
}

export { arrow };
