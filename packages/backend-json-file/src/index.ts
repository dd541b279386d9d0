export { createJsonFileBackend } from './json-file-backend.js';
export { backendFactory } from './backend-factory.js';
export type { JsonFileBackendOptions, JsonFileDurability } from './json-file-backend-options.js';
