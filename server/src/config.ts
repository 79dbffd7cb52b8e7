import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makePrivateDir } from './data-folder.js';

/** Everything the server needs to run, resolved from the environment and the data folder. */
export interface ServerConfig {
  /** Folder for the SQLite file, the generated key and the .eml mail folder. */
  dataDir: string;
  /** `postgres://...` when PostgreSQL is used, else null (SQLite at `sqlitePath`). */
  databaseUrl: string | null;
  sqlitePath: string;
  /** 32-byte AES-256-GCM key for TOTP secrets at rest. */
  secretKey: Buffer;
  /** Where the key came from: the environment, the key file, or freshly generated into the key file. */
  secretKeySource: 'env' | 'file' | 'generated';
  /** Id (1–255) of `secretKey`, written into every sealed value (RMS_SECRET_KEY_ID, default 1). */
  secretKeyId?: number;
  /** Older keys by id (RMS_PREVIOUS_SECRET_KEYS), used only to open secrets sealed before a rotation. */
  previousSecretKeys?: ReadonlyMap<number, Buffer>;
  smtpUrl: string | null;
  /** `SMTP_ALLOW_PLAINTEXT=1`: plain smtp:// to a host other than loopback may go without STARTTLS. */
  smtpAllowPlaintext: boolean;
  /** Folder where mail is written as .eml files when no SMTP_URL is set. */
  mailDir: string;
  mailFrom: string | null;
  host: string;
  port: number;
  /**
   * RMS_PUBLIC_URL: where people's browsers reach this server (the emailed links point there),
   * without a trailing slash. null = the listen address (fine for a local run only).
   */
  publicUrl: string | null;
  /** Fastify trustProxy: false, true, a hop count or a comma-separated list of addresses. */
  trustProxy: boolean | number | string;
  logLevel: string;
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^[0-9]+$/.test(value)) return Number(value);
  return value;
}

function parseAllowPlaintext(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new Error(`SMTP_ALLOW_PLAINTEXT must be 1 (allow plain SMTP without STARTTLS to a remote host) or 0, not "${value}".`);
}

/** Parses RMS_PUBLIC_URL (an http(s) origin, optionally with a path prefix) or explains what is wrong with it. */
export function parsePublicUrl(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`RMS_PUBLIC_URL must be the address people's browsers use to reach this server, such as https://rms.example.com, not "${value}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`RMS_PUBLIC_URL must start with https:// (or http:// for a local run), not "${url.protocol}".`);
  if (url.username || url.password || url.search || url.hash) {
    throw new Error('RMS_PUBLIC_URL must not carry a user name, password, query or fragment: the emailed links are built on it.');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 8787;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, not "${value}".`);
  }
  return port;
}

/** Decodes RMS_SECRET_KEY (base64 of 32 bytes) or explains what is wrong with it. */
export function decodeSecretKey(value: string): Buffer {
  const key = Buffer.from(value.trim(), 'base64');
  if (key.length !== 32) {
    throw new Error('RMS_SECRET_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`).');
  }
  return key;
}

function parseKeyId(value: string, name: string): number {
  const id = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || id < 1 || id > 255) throw new Error(`${name} must be a whole number from 1 to 255, not "${value}".`);
  return id;
}

/** Parses RMS_SECRET_KEY_ID (default 1) or explains what is wrong with it. */
export function parseSecretKeyId(value: string | undefined): number {
  return value === undefined || value.trim() === '' ? 1 : parseKeyId(value, 'RMS_SECRET_KEY_ID');
}

/** Parses RMS_PREVIOUS_SECRET_KEYS (`<id>:<base64 key>,...`) into id → key, refusing bad, duplicate or current ids. */
export function parsePreviousSecretKeys(value: string | undefined, currentId: number): Map<number, Buffer> {
  const keys = new Map<number, Buffer>();
  if (value === undefined || value.trim() === '') return keys;
  for (const entry of value.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    if (colon < 0) throw new Error('RMS_PREVIOUS_SECRET_KEYS must be a comma-separated list of <id>:<base64 key> (e.g. "1:AbC...=").');
    const id = parseKeyId(entry.slice(0, colon), 'Each key id in RMS_PREVIOUS_SECRET_KEYS');
    if (id === currentId) {
      throw new Error(`RMS_PREVIOUS_SECRET_KEYS lists key id ${id}, which is the current RMS_SECRET_KEY_ID; a previous key needs its own id.`);
    }
    if (keys.has(id)) throw new Error(`RMS_PREVIOUS_SECRET_KEYS lists key id ${id} twice.`);
    const key = Buffer.from(entry.slice(colon + 1).trim(), 'base64');
    if (key.length !== 32) throw new Error(`Key ${id} in RMS_PREVIOUS_SECRET_KEYS must be 32 bytes in base64, not ${key.length} bytes.`);
    keys.set(id, key);
  }
  return keys;
}

function loadOrCreateKeyFile(dataDir: string): { key: Buffer; generated: boolean } {
  const path = join(dataDir, 'secret.key');
  if (existsSync(path)) return { key: decodeSecretKey(readFileSync(path, 'utf8')), generated: false };
  makePrivateDir(dataDir);
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { key, generated: true };
}

/**
 * Resolves the server configuration. `overrides` win over the environment (the CLI passes
 * `--data`, `--port`, `--host` that way). Without RMS_SECRET_KEY a key is read from, or generated
 * into, `<dataDir>/secret.key` (mode 0600); `secretKeySource` says which, so the caller can log it.
 * RMS_SECRET_KEY_ID names that key; RMS_PREVIOUS_SECRET_KEYS lists older keys that only open secrets.
 */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const dataDir = resolve(overrides.dataDir ?? env.RMS_DATA_DIR ?? './data');
  const rawUrl = overrides.databaseUrl !== undefined ? overrides.databaseUrl : (env.DATABASE_URL ?? null);
  const databaseUrl = rawUrl && /^postgres(ql)?:\/\//.test(rawUrl) ? rawUrl : null;
  if (rawUrl && !databaseUrl) {
    throw new Error('DATABASE_URL must start with postgres:// (leave it unset to use SQLite in the data folder).');
  }
  let secretKey = overrides.secretKey;
  let secretKeySource: ServerConfig['secretKeySource'] = overrides.secretKeySource ?? 'env';
  if (!secretKey) {
    if (env.RMS_SECRET_KEY) {
      secretKey = decodeSecretKey(env.RMS_SECRET_KEY);
      secretKeySource = 'env';
    } else {
      const loaded = loadOrCreateKeyFile(dataDir);
      secretKey = loaded.key;
      secretKeySource = loaded.generated ? 'generated' : 'file';
    }
  }
  const secretKeyId = overrides.secretKeyId ?? parseSecretKeyId(env.RMS_SECRET_KEY_ID);
  const previousSecretKeys = overrides.previousSecretKeys ?? parsePreviousSecretKeys(env.RMS_PREVIOUS_SECRET_KEYS, secretKeyId);
  return {
    dataDir,
    databaseUrl,
    sqlitePath: overrides.sqlitePath ?? join(dataDir, 'rms.sqlite'),
    secretKey,
    secretKeySource,
    secretKeyId,
    previousSecretKeys,
    smtpUrl: overrides.smtpUrl !== undefined ? overrides.smtpUrl : env.SMTP_URL || null,
    smtpAllowPlaintext: overrides.smtpAllowPlaintext ?? parseAllowPlaintext(env.SMTP_ALLOW_PLAINTEXT),
    mailDir: overrides.mailDir ?? join(dataDir, 'mail'),
    mailFrom: overrides.mailFrom !== undefined ? overrides.mailFrom : env.MAIL_FROM || null,
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    port: overrides.port ?? parsePort(env.PORT),
    publicUrl: overrides.publicUrl !== undefined ? overrides.publicUrl : parsePublicUrl(env.RMS_PUBLIC_URL),
    trustProxy: overrides.trustProxy ?? parseTrustProxy(env.TRUST_PROXY),
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? 'info',
  };
}
