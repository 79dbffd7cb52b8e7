import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { readFile } from 'node:fs/promises';

/** Reads the PEM certificate authorities named by the policy's `extraCaFile`. Throws a sentence when unusable. */
export async function loadExtraCa(filePath: string): Promise<X509Certificate[]> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch {
    throw new Error(`The certificate file ${filePath} named by the policy cannot be read. Ask your IT team to check it.`);
  }
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const cas: X509Certificate[] = [];
  for (const pem of pems) {
    try {
      cas.push(new X509Certificate(pem));
    } catch {
      // A broken block is skipped; the rest still counts.
    }
  }
  if (cas.length === 0) throw new Error(`The certificate file ${filePath} named by the policy holds no PEM certificate. Ask your IT team to check it.`);
  return cas;
}

/** One certificate of a chain as Electron's certificate verifier reports it. */
export interface ChainCertificate {
  /** PEM data. */
  data: string;
  issuerCert?: ChainCertificate;
}

/**
 * True when the server's chain leads to one of the extra CAs: every link is signed by the next,
 * the leaf matches the host name, every certificate is within its validity period.
 */
export function isTrustedByExtraCa(leaf: ChainCertificate, hostname: string, cas: readonly X509Certificate[], now = new Date()): boolean {
  let current: ChainCertificate | undefined = leaf;
  let first = true;
  for (let depth = 0; current && depth < 10; depth++) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(current.data);
    } catch {
      return false;
    }
    if (new Date(cert.validFrom) > now || new Date(cert.validTo) < now) return false;
    if (first && !(isIP(hostname) ? cert.checkIP(hostname) : cert.checkHost(hostname))) return false;
    first = false;
    for (const ca of cas) {
      if (cert.fingerprint256 === ca.fingerprint256) return true;
      if (cert.checkIssued(ca) && cert.verify(ca.publicKey)) return true;
    }
    const parent: ChainCertificate | undefined = current.issuerCert;
    if (!parent) return false;
    try {
      const parentCert = new X509Certificate(parent.data);
      if (!cert.checkIssued(parentCert) || !cert.verify(parentCert.publicKey)) return false;
    } catch {
      return false;
    }
    current = parent;
  }
  return false;
}
