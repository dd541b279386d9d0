import { AuthenticationError, BackendUnavailableError, MemError, StorageError, type MemErrorContext } from '@mem/core';

// Server replies that mean "not now" rather than "never": the cluster is resharding, failing
// over or the server is loading its data set. MOVED/ASK reach us when ioredis cannot redirect
// an auto-pipeline as a whole; the command was not executed, so the backend retries it.
const TRANSIENT_REPLY = /^(LOADING|CLUSTERDOWN|TRYAGAIN|MASTERDOWN|READONLY|BUSY|MOVED|ASK)\b/;

/** Whether the error is a cluster redirection (the slot map is stale). */
export function isRedirection(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError' && /^(MOVED|ASK) /.test(error.message);
}
const AUTH_REPLY = /^(WRONGPASS|NOAUTH|NOPERM)\b|invalid password|invalid username-password/i;
// ioredis raises these as plain Errors when a connection is missing, closing or slow, or when
// an auto-pipeline's slots moved before it was sent (nothing was sent, so a retry is safe).
const CONNECTION_MESSAGE =
  /Connection is closed|Stream isn't writeable|Command timed out|Reached the max retries|isn't ready|None of startup nodes|Failed to refresh slots|connect ETIMEDOUT|ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EHOSTUNREACH|socket hang up|Too many Cluster redirections|should belong to the same slots allocation group/;

function errorText(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'unknown', message: String(error) };
}

/** Whether an ioredis error is an authentication failure. */
export function isAuthenticationFailure(error: unknown): boolean {
  const { name, message } = errorText(error);
  return name === 'ReplyError' && AUTH_REPLY.test(message);
}

/**
 * Turns whatever ioredis threw into mem's hierarchy. Passwords never reach the message: ioredis
 * errors do not carry them and we add none.
 */
export function toMemError(error: unknown, context: MemErrorContext): MemError {
  if (error instanceof MemError) return error;
  const { name, message } = errorText(error);
  const withCause = { ...context, cause: error };
  if (isAuthenticationFailure(error)) return new AuthenticationError(`authentication failed: ${message}`, withCause);
  if (name === 'ReplyError' && !TRANSIENT_REPLY.test(message)) return new StorageError(`redis replied with an error: ${message}`, withCause);
  if (name === 'ReplyError' || name === 'MaxRetriesPerRequestError' || CONNECTION_MESSAGE.test(message) || (error as { code?: unknown }).code !== undefined) {
    return new BackendUnavailableError(`redis is unavailable (${message}); the operation may or may not have been applied`, withCause);
  }
  return new StorageError(`unexpected failure: ${message}`, withCause);
}
