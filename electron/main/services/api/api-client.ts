import type { AxiosInstance } from 'axios';
import axios from 'axios';
import type { z } from 'zod';
import { API_PREFIX } from '@rms/shared';
import { mapHttpError, mapTransportError, redirectedAway, unexpectedResponse } from './map-api-error.js';

/** The fetch function the client sends requests with (Electron's `net.fetch` or Node's fetch). */
export type FetchFunction = typeof fetch;

/** One request to the backend API. */
export interface ApiRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below `/api/v1` (or absolute from the origin when `raw` is set). */
  path: string;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Access token for `Authorization: Bearer`. */
  accessToken?: string;
  /** The zod schema of a successful answer. */
  schema: S;
  /** Use `path` as is instead of prefixing `/api/v1` (for /health). */
  raw?: boolean;
}

/** Options of an API client. */
export interface ApiClientOptions {
  origin: string;
  fetch?: FetchFunction;
  timeoutMs?: number;
  userAgent?: string;
  /** Sent as X-RMS-Client on every request: the app's name, version and OS, shown in Signed-in devices. */
  clientDescription?: string;
}

/**
 * The backend API client: one axios instance per backend origin using the fetch adapter, so
 * Electron's `net.fetch` (system proxy, OS certificate store) or Node's fetch does the I/O.
 * Every failure becomes a ServiceError; every answer is validated with the shared zod schemas.
 */
export class ApiClient {
  /** The backend origin this client talks to. */
  readonly origin: string;
  private readonly http: AxiosInstance;

  constructor(options: ApiClientOptions) {
    this.origin = options.origin;
    this.http = axios.create({
      baseURL: options.origin,
      adapter: 'fetch',
      env: { fetch: options.fetch ?? globalThis.fetch },
      timeout: options.timeoutMs ?? 15_000,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      // Never follow a redirect (a 307/308 would replay a password or refresh token to the new
      // host): fetch gets redirect 'manual' and the 3xx is refused below with its target named.
      maxRedirects: 0,
      // Chromium's HTTP cache applies to net.fetch; no API answer may be stored or reused.
      fetchOptions: { cache: 'no-store' },
      headers: {
        Accept: 'application/json',
        ...(options.userAgent ? { 'User-Agent': options.userAgent } : {}),
        ...(options.clientDescription ? { 'X-RMS-Client': options.clientDescription } : {}),
      },
    });
  }

  /** Sends a request and returns the validated answer, or throws a ServiceError. */
  async request<S extends z.ZodType>(req: ApiRequest<S>): Promise<z.infer<S>> {
    const headers: Record<string, string> = {};
    if (req.accessToken) headers.Authorization = `Bearer ${req.accessToken}`;
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await this.http.request<string>({
        method: req.method,
        url: req.raw ? req.path : `${API_PREFIX}${req.path}`,
        params: req.query ? Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== undefined)) : undefined,
        data: req.body === undefined ? undefined : JSON.stringify(req.body),
        headers,
      });
    } catch (err) {
      throw mapTransportError(err);
    }
    if (response.status >= 300 && response.status < 400) throw redirectedAway(response.status, response.headers.location, this.origin);
    const body = parseJson(response.data);
    if (response.status < 200 || response.status >= 300) throw mapHttpError(response.status, body);
    const parsed = req.schema.safeParse(response.status === 204 && body === undefined ? undefined : body);
    if (!parsed.success) throw unexpectedResponse(response.status);
    return parsed.data;
  }
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
