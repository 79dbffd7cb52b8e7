import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
  smtpUrl: string | null;
  /** Folder where mail is written as .eml files when no SMTP_URL is set. */
  mailDir: string;
  mailFrom: string | null;
  host: string;
  port: number;
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

function loadOrCreateKeyFile(dataDir: string): { key: Buffer; generated: boolean } {
  const path = join(dataDir, 'secret.key');
  if (existsSync(path)) return { key: decodeSecretKey(readFileSync(path, 'utf8')), generated: false };
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { key, generated: true };
}

/**
 * Resolves the server configuration. `overrides` win over the environment (the CLI passes
 * `--data`, `--port`, `--host` that way). Without RMS_SECRET_KEY a key is read from, or generated
 * into, `<dataDir>/secret.key` (mode 0600); `secretKeySource` says which, so the caller can log it.
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
  return {
    dataDir,
    databaseUrl,
    sqlitePath: overrides.sqlitePath ?? join(dataDir, 'rms.sqlite'),
    secretKey,
    secretKeySource,
    smtpUrl: overrides.smtpUrl !== undefined ? overrides.smtpUrl : env.SMTP_URL || null,
    mailDir: overrides.mailDir ?? join(dataDir, 'mail'),
    mailFrom: overrides.mailFrom !== undefined ? overrides.mailFrom : env.MAIL_FROM || null,
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    port: overrides.port ?? parsePort(env.PORT),
    trustProxy: overrides.trustProxy ?? parseTrustProxy(env.TRUST_PROXY),
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? 'info',
  };
}
