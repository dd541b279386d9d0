import { MemError, type MemErrorContext } from './mem-error.js';

/** A compare-and-set (`ifVersion`) did not match the stored version. Nothing was written. */
export class VersionConflictError extends MemError {
  /** The version the caller required (`0` = must not exist). */
  readonly expectedVersion: number;
  /** The version found (`0` = absent); `undefined` when the store cannot tell. */
  readonly actualVersion: number | undefined;

  constructor(expectedVersion: number, actualVersion: number | undefined, context: MemErrorContext = {}) {
    const found = actualVersion === undefined ? 'another version' : actualVersion === 0 ? 'no entry' : `version ${actualVersion}`;
    super('VERSION_CONFLICT', `expected version ${expectedVersion}, found ${found}`, context);
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}
