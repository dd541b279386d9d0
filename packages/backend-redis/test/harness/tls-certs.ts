import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throw-away self-signed certificate for 127.0.0.1 (made with the `openssl` CLI). */
export interface TestCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  /** The certificate is its own CA. */
  readonly caFile: string;
  readonly caPem: string;
  remove(): Promise<void>;
}

/** Makes a self-signed certificate valid for `127.0.0.1` and `localhost`. */
export async function makeTestCertificate(): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'mem-redis-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { timeout: 30_000 });
  return { certFile, keyFile, caFile: certFile, caPem: await readFile(certFile, 'utf8'), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Whether this `redis-server` was built with TLS (Debian's is). */
export async function redisSupportsTls(): Promise<boolean> {
  try {
    const { stdout } = await run('sh', ['-c', 'ldd "$(command -v redis-server)"'], { timeout: 10_000 });
    return /libssl/.test(stdout);
  } catch {
    return false;
  }
}
