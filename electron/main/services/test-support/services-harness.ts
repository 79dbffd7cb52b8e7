import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppNotice, AuthState, IpcResult } from '@rms/shared';
import type { TestServer } from '@rms/test-kit/test-server';
import type { MainServices, SecretStoreChoice } from '../create-main-services.js';
import { createMainServices } from '../create-main-services.js';
import { createSilentLogger } from '../logging/logger.js';

/** Every secret the backend handed out during a test (seen on the wire), for the fence check. */
export class WireSecrets {
  readonly values = new Set<string>();

  /** Records tokens and challenges found in a backend answer. */
  collect(text: string): void {
    try {
      this.walk(JSON.parse(text));
    } catch {
      // not JSON
    }
  }

  private walk(value: unknown): void {
    if (!value || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'string' && /^(accessToken|refreshToken|challenge)$/.test(key)) this.values.add(v);
      else this.walk(v);
    }
  }
}

/** A running createMainServices wired to the real test backend, recording what leaves main. */
export interface ServicesHarness {
  services: MainServices;
  dataDir: string;
  events: { event: string; payload: AuthState | AppNotice }[];
  results: IpcResult<unknown>[];
  /** How many requests went to the backend. */
  requestCount(): number;
  call<T = unknown>(channel: string, input?: unknown): Promise<IpcResult<T>>;
  /** Calls and expects success; returns the value. */
  ok<T = unknown>(channel: string, input?: unknown): Promise<T>;
}

/** Options of one harness ("one app run"). */
export interface HarnessOptions {
  dataDir?: string;
  secretStore?: SecretStoreChoice;
  wire?: WireSecrets;
  backendUrl?: string | null;
  /** How often a signed-in run checks its session (default: the app's). */
  sessionCheckMs?: number;
}

/** Starts the main services against the test backend (same clock), like one run of the app. */
export async function startServicesHarness(t: TestServer, options: HarnessOptions = {}): Promise<ServicesHarness> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'rms-main-'));
  const wire = options.wire ?? new WireSecrets();
  let requests = 0;
  const recordingFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests++;
    const response = await fetch(input, init);
    wire.collect(await response.clone().text());
    return response;
  }) as typeof fetch;
  const services = await createMainServices({
    host: 'browser-host',
    version: '0.0.0-test',
    dataDir,
    backendUrl: options.backendUrl === null ? undefined : (options.backendUrl ?? t.url),
    packaged: false,
    policyFile: path.join(dataDir, 'no-policy.json'),
    fetch: recordingFetch,
    secretStore: options.secretStore ?? 'none',
    platformFeatures: {
      copyText: async () => undefined,
      saveTextFile: async (input) => ({ saved: true, fileName: input.suggestedName }),
    },
    logger: createSilentLogger(),
    now: t.clock.now,
    ...(options.sessionCheckMs ? { sessionCheckMs: options.sessionCheckMs } : {}),
  });
  const events: ServicesHarness['events'] = [];
  const results: IpcResult<unknown>[] = [];
  services.onEvent((event, payload) => events.push({ event, payload }));
  await services.start();
  const call = async <T>(channel: string, input?: unknown) => {
    const result = (await services.dispatcher.dispatch(channel, input)) as IpcResult<T>;
    results.push(result);
    return result;
  };
  return {
    services,
    dataDir,
    events,
    results,
    requestCount: () => requests,
    call,
    async ok<T>(channel: string, input?: unknown) {
      const result = await call<T>(channel, input);
      if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
  };
}
