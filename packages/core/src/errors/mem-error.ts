/** Every error code mem raises; stable strings callers may switch on. */
export type MemErrorCode =
  | 'VALIDATION'
  | 'VERSION_CONFLICT'
  | 'NOT_FOUND'
  | 'BACKEND_UNAVAILABLE'
  | 'AUTHENTICATION'
  | 'UNSUPPORTED_CAPABILITY'
  | 'CONFIG'
  | 'CORRUPT_DATA'
  | 'STORAGE';

/** Where an error happened: the backend and the operation, named in every message. */
export interface MemErrorContext {
  /** Backend name, e.g. `sqlite` or `redis`. */
  readonly backend?: string;
  /** Operation name, e.g. `put` or `list`. */
  readonly operation?: string;
  /** The underlying error, kept as the native `cause`. */
  readonly cause?: unknown;
}

/** Root of mem's error hierarchy: every error mem throws on purpose is one of these. */
export class MemError extends Error {
  readonly code: MemErrorCode;
  readonly backend: string | undefined;
  readonly operation: string | undefined;

  constructor(code: MemErrorCode, message: string, context: MemErrorContext = {}) {
    const where = [context.backend, context.operation].filter(Boolean).join(' ');
    super(where ? `[${where}] ${message}` : message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.code = code;
    this.backend = context.backend;
    this.operation = context.operation;
  }
}
