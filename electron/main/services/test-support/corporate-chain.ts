import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A corporate PKI made with the openssl CLI: a root, an issuing CA under it, and server certificates of every kind a test needs. */
export interface CorporateChain {
  dir: string;
  /** The corporate root CA (the policy's extraCaFile). */
  rootPem: string;
  /** An issuing CA under the root (pathlen 0: it may sign servers, not other CAs). */
  issuingPem: string;
  /** Server certificates signed by the issuing CA unless said otherwise (all for localhost / 127.0.0.1 with serverAuth unless said otherwise). */
  leaves: {
    good: string;
    /** Extended key usage clientAuth only. */
    clientAuthOnly: string;
    /** Signed by `notCa` below, a server certificate that is not a CA. */
    signedByNonCa: string;
    /** Signed by `subCa`, which the issuing CA (pathlen 0) may not create. */
    belowPathLength: string;
  };
  /** A server certificate (CA:FALSE, no key usage) signed by the issuing CA, misused as an issuer. */
  notCa: string;
  /** A CA certificate the issuing CA signed in breach of its pathlen 0. */
  subCa: string;
  /** An unrelated root CA. */
  otherRootPem: string;
  cleanup(): void;
}

const DAYS = '2';

/** Creates the chain in a temp folder (needs the openssl CLI). */
export function createCorporateChain(): CorporateChain {
  const dir = mkdtempSync(path.join(tmpdir(), 'rms-corp-pki-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ext = (name: string, text: string) => {
    writeFileSync(path.join(dir, `${name}.cnf`), text);
    return `${name}.cnf`;
  };
  const root = (name: string) =>
    run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', DAYS, '-subj', `/CN=${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  /** Signs a new key's certificate by `issuer` with the extensions in `extensions`. */
  const issue = (name: string, issuer: string, extensions: string) => {
    run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', DAYS, '-extfile', ext(name, extensions));
  };
  const caExt = (pathlen: number | null) =>
    `basicConstraints=critical,CA:TRUE${pathlen === null ? '' : `,pathlen:${pathlen}`}\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n`;
  const serverExt = (eku: string) =>
    `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=${eku}\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n`;

  root('corp-root');
  root('other-root');
  issue('corp-issuing', 'corp-root', caExt(0));
  issue('good', 'corp-issuing', serverExt('serverAuth'));
  issue('client-auth-only', 'corp-issuing', serverExt('clientAuth'));
  // No key usage at all: only basicConstraints CA:FALSE says it must not sign certificates.
  issue('not-ca', 'corp-issuing', 'basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost\n');
  issue('signed-by-non-ca', 'not-ca', serverExt('serverAuth'));
  issue('sub-ca', 'corp-issuing', caExt(null));
  issue('below-path-length', 'sub-ca', serverExt('serverAuth'));

  const read = (name: string) => readFileSync(path.join(dir, `${name}.pem`), 'utf8');
  return {
    dir,
    rootPem: read('corp-root'),
    issuingPem: read('corp-issuing'),
    leaves: { good: read('good'), clientAuthOnly: read('client-auth-only'), signedByNonCa: read('signed-by-non-ca'), belowPathLength: read('below-path-length') },
    notCa: read('not-ca'),
    subCa: read('sub-ca'),
    otherRootPem: read('other-root'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
