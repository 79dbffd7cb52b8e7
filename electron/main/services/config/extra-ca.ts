import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { X509Certificate, webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

pkijs.setEngine('node-webcrypto', new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as unknown as Crypto }));

/** Chromium's error code for a chain that ends at an issuer it does not trust (net::ERR_CERT_AUTHORITY_INVALID). */
export const CERT_AUTHORITY_INVALID = -202;
/** Answers of Electron's certificate verify proc: accept, or keep Chromium's own verdict. */
export const ACCEPT = 0;
/** Keeps the verdict Chromium reached (its error stands). */
export const USE_CHROMIUM_VERDICT = -3;

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';
const EXTENDED_KEY_USAGE = '2.5.29.37';
const BASIC_CONSTRAINTS = '2.5.29.19';
const MAX_CHAIN = 10;

/** The policy's extra certificate authorities, ready to be the only trust anchors of a check. */
export interface ExtraCa {
  /** How many certificates the file held. */
  count: number;
  anchors: pkijs.Certificate[];
}

function parsePem(pem: string): pkijs.Certificate {
  const der = new X509Certificate(pem).raw;
  return pkijs.Certificate.fromBER(der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength));
}

/** Reads the PEM certificate authorities named by the policy's `extraCaFile`. Throws a sentence when unusable. */
export async function loadExtraCa(filePath: string): Promise<ExtraCa> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch {
    throw new Error(`The certificate file ${filePath} named by the policy cannot be read. Ask your IT team to check it.`);
  }
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const anchors: pkijs.Certificate[] = [];
  for (const pem of pems) {
    try {
      anchors.push(parsePem(pem));
    } catch {
      // A broken block is skipped; the rest still counts.
    }
  }
  if (anchors.length === 0) throw new Error(`The certificate file ${filePath} named by the policy holds no PEM certificate. Ask your IT team to check it.`);
  return { count: anchors.length, anchors };
}

/** One certificate of a chain as Electron's certificate verifier reports it. */
export interface ChainCertificate {
  /** PEM data. */
  data: string;
  issuerCert?: ChainCertificate;
}

/** What the check found: trusted, or the reason it is not. */
export type ExtraCaResult = { trusted: true } | { trusted: false; reason: string };

function extendedKeyUsages(cert: pkijs.Certificate): string[] | null {
  const extension = cert.extensions?.find((e) => e.extnID === EXTENDED_KEY_USAGE);
  return extension ? (extension.parsedValue as pkijs.ExtKeyUsage).keyPurposes : null;
}

function pathLengthLimit(cert: pkijs.Certificate): number | null {
  const extension = cert.extensions?.find((e) => e.extnID === BASIC_CONSTRAINTS);
  const limit = (extension?.parsedValue as pkijs.BasicConstraints | undefined)?.pathLenConstraint;
  return typeof limit === 'number' ? limit : null;
}

/**
 * Checks a server's chain against the policy's CAs as the only trust anchors. Path validation
 * (signatures, every issuer a CA with keyCertSign, validity, name chaining and constraints) is
 * pkijs's CertificateChainValidationEngine; the host name is Node's (OpenSSL's) checkHost/checkIP.
 * On top, the TLS purpose: the leaf's extended key usage must allow serverAuth, and the
 * issuers' pathLenConstraint, which pkijs's engine does not enforce, must hold.
 */
export async function checkChainWithExtraCa(leaf: ChainCertificate, hostname: string, ca: ExtraCa, now = new Date()): Promise<ExtraCaResult> {
  const pems: string[] = [];
  for (let current: ChainCertificate | undefined = leaf; current && pems.length < MAX_CHAIN; current = current.issuerCert) pems.push(current.data);
  let chain: pkijs.Certificate[];
  let leafX509: X509Certificate;
  try {
    leafX509 = new X509Certificate(leaf.data);
    chain = pems.map(parsePem);
  } catch {
    return { trusted: false, reason: 'the server sent a certificate that cannot be read' };
  }
  const host = hostname.replace(/^\[|\]$/g, '');
  if (!(isIP(host) ? leafX509.checkIP(host) : leafX509.checkHost(host))) return { trusted: false, reason: `the certificate is not for ${hostname}` };
  const leafPurposes = extendedKeyUsages(chain[0]!);
  if (leafPurposes && !leafPurposes.includes(SERVER_AUTH)) return { trusted: false, reason: 'the certificate is not for TLS servers (no serverAuth extended key usage)' };

  // pkijs takes the leaf as the last of `certs`.
  const engine = new pkijs.CertificateChainValidationEngine({ trustedCerts: ca.anchors, certs: [...chain.slice(1), chain[0]!], checkDate: now });
  let path: pkijs.Certificate[];
  try {
    const result = await engine.verify();
    if (!result.result || !result.certificatePath) return { trusted: false, reason: result.resultMessage || 'the chain does not lead to the policy CA' };
    path = result.certificatePath;
  } catch (err) {
    const message = (err as { resultMessage?: unknown; message?: unknown }).resultMessage ?? (err as Error).message;
    return { trusted: false, reason: typeof message === 'string' && message ? message : 'the chain does not lead to the policy CA' };
  }
  // path = [leaf, issuer, ..., anchor]: the CA at index i has i - 1 intermediate CAs below it.
  for (const [i, cert] of path.entries()) {
    if (i === 0) continue;
    const limit = pathLengthLimit(cert);
    if (limit !== null && i - 1 > limit) return { trusted: false, reason: 'an issuing CA signed another CA beyond its path length' };
    const purposes = extendedKeyUsages(cert);
    if (purposes && !purposes.includes(SERVER_AUTH) && !purposes.includes(ANY_EXTENDED_KEY_USAGE)) {
      return { trusted: false, reason: 'an issuing CA is not allowed to issue TLS server certificates' };
    }
  }
  return { trusted: true };
}

/** What Electron's certificate verifier asks about one connection. */
export interface VerifyRequest {
  hostname: string;
  certificate: ChainCertificate;
  /** Chromium's own verdict: 0 (trusted) or a net error code. */
  errorCode: number;
}

/**
 * The verify proc's answer: Chromium's verdict stands unless its only complaint is an unknown
 * issuer (ERR_CERT_AUTHORITY_INVALID) and the chain passes `checkChainWithExtraCa`. A revoked,
 * malformed or otherwise refused certificate is never accepted here.
 */
export async function extraCaVerdict(request: VerifyRequest, ca: ExtraCa, now = new Date()): Promise<typeof ACCEPT | typeof USE_CHROMIUM_VERDICT> {
  if (request.errorCode !== CERT_AUTHORITY_INVALID) return USE_CHROMIUM_VERDICT;
  const result = await checkChainWithExtraCa(request.certificate, request.hostname, ca, now);
  return result.trusted ? ACCEPT : USE_CHROMIUM_VERDICT;
}
