import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A throwaway CA and a server certificate it signed (for localhost / 127.0.0.1), made with openssl. */
export interface TestCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
  /** A second, unrelated CA. */
  otherCaPem: string;
  dir: string;
  cleanup(): void;
}

/** Creates the certificates in a temp folder (needs the openssl CLI). */
export function createTestCertificates(): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'rms-certs-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ca = (name: string) =>
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  ca('rms-test-ca');
  ca('other-test-ca');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'rms-test-ca.pem', '-CAkey', 'rms-test-ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  return {
    caPem: read('rms-test-ca.pem'),
    certPem: read('server.pem'),
    keyPem: read('server.key'),
    otherCaPem: read('other-test-ca.pem'),
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
