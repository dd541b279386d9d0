export { SqliteBackend, createSqliteBackend } from './sqlite-backend.js';
export { DEFAULT_SQLITE_PATH, resolveSqliteOptions, type SqliteBackendOptions, type SqliteDurability, type ResolvedSqliteOptions } from './sqlite-backend-options.js';
export { backendFactory } from './backend-factory.js';
export { SCHEMA_VERSION, SCHEMA_MIGRATIONS, type SchemaMigration } from './schema-migrations.js';
