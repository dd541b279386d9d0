import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BackendUnavailableError,
  ConfigError,
  CorruptDataError,
  MemError,
  NotFoundError,
  StorageError,
  UnsupportedCapabilityError,
  ValidationError,
  VersionConflictError,
  type MemErrorCode,
  type MemErrorContext,
} from '../src/index.js';

type MessageErrorClass = new (message: string, context?: MemErrorContext) => MemError;

const classes: [MessageErrorClass, string, MemErrorCode][] = [
  [ValidationError, 'ValidationError', 'VALIDATION'],
  [NotFoundError, 'NotFoundError', 'NOT_FOUND'],
  [BackendUnavailableError, 'BackendUnavailableError', 'BACKEND_UNAVAILABLE'],
  [AuthenticationError, 'AuthenticationError', 'AUTHENTICATION'],
  [UnsupportedCapabilityError, 'UnsupportedCapabilityError', 'UNSUPPORTED_CAPABILITY'],
  [ConfigError, 'ConfigError', 'CONFIG'],
  [CorruptDataError, 'CorruptDataError', 'CORRUPT_DATA'],
  [StorageError, 'StorageError', 'STORAGE'],
];

describe('the error hierarchy', () => {
  it.each(classes)('%o has name %s, code %s, is a MemError and an Error, and names backend and operation', (ErrorClass, name, code) => {
    const cause = new Error('socket hang up');
    const error = new ErrorClass('it failed', { backend: 'redis', operation: 'putMany', cause });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(MemError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.message).toBe('[redis putMany] it failed');
    expect(error.backend).toBe('redis');
    expect(error.operation).toBe('putMany');
    expect(error.cause).toBe(cause);
    expect(Object.hasOwn(error, 'cause')).toBe(true);
    expect(String(error)).toBe(`${name}: [redis putMany] it failed`);
    expect(error.stack).toContain('it failed');
  });

  it('distinct classes are not instances of each other', () => {
    const validation = new ValidationError('x');
    expect(validation).not.toBeInstanceOf(ConfigError);
    expect(new ConfigError('x')).not.toBeInstanceOf(ValidationError);
    expect(new Set(classes.map(([, , code]) => code)).size).toBe(classes.length);
  });

  it('omits the prefix and the cause when not given, and keeps a falsy cause', () => {
    const bare = new ValidationError('plain');
    expect(bare.message).toBe('plain');
    expect(bare.backend).toBeUndefined();
    expect(bare.operation).toBeUndefined();
    expect(Object.hasOwn(bare, 'cause')).toBe(false);
    expect(new StorageError('only backend', { backend: 'sqlite' }).message).toBe('[sqlite] only backend');
    expect(new StorageError('only operation', { operation: 'get' }).message).toBe('[get] only operation');
    const withZeroCause = new StorageError('odd cause', { cause: 0 });
    expect(Object.hasOwn(withZeroCause, 'cause')).toBe(true);
    expect(withZeroCause.cause).toBe(0);
  });

  it('VersionConflictError carries both versions and says what it found', () => {
    const conflict = new VersionConflictError(3, 5, { backend: 'memory', operation: 'put' });
    expect(conflict).toBeInstanceOf(MemError);
    expect(conflict.name).toBe('VersionConflictError');
    expect(conflict.code).toBe('VERSION_CONFLICT');
    expect(conflict.expectedVersion).toBe(3);
    expect(conflict.actualVersion).toBe(5);
    expect(conflict.message).toBe('[memory put] expected version 3, found version 5');
    expect(new VersionConflictError(0, 2).message).toBe('expected version 0, found version 2');
    expect(new VersionConflictError(4, 0).message).toBe('expected version 4, found no entry');
    expect(new VersionConflictError(4, undefined).message).toBe('expected version 4, found another version');
  });

  it('a subclass defined outside core gets its own name', () => {
    class QuotaError extends StorageError {}
    const error = new QuotaError('over quota', { backend: 'custom', operation: 'put' });
    expect(error.name).toBe('QuotaError');
    expect(error).toBeInstanceOf(StorageError);
    expect(error.code).toBe('STORAGE');
  });
});
