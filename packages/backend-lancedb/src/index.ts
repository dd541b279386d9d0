export { createLanceDbBackend, LanceDbBackend } from './lancedb-backend.js';
export type { LanceDbBackendOptions, LanceDbIndexType } from './lancedb-backend-options.js';
export type { OptimizeReport } from './maintenance.js';
export { backendFactory, lanceDbPathFromLocation } from './backend-factory.js';
