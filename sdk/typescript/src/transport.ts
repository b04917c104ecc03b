/**
 * One logical gateway call: bearer authentication, JSON, and retries with full jitter. Retried: 408, 429
 * and 503 (the gateway did not process the request), and for idempotent calls also 502, 504 and lost
 * connections (a lost answer might hide a processed request). A Retry-After wins over the computed
 * backoff but is capped at `maxBackoffMs`.
 */
import { AbortedError, AuthenticationError, CountersignError, PermissionDeniedError } from './errors.js';

export interface TransportOptions {
  url: string;
  apiKey: string;
  /** Timeout of one request in ms (a long-poll adds its wait); default 30 000. */
  requestTimeoutMs?: number;
  /** Retries of a failed request (0 disables them); default 5. */
  maxRetries?: number;
  /** Backoff before the first retry in ms, doubled each retry, with full jitter; default 200. */
  initialBackoffMs?: number;
  /** Upper bound of any backoff, including a Retry-After; default 10 000. */
  maxBackoffMs?: number;
  /** The fetch to use; default the platform's. */
  fetch?: typeof fetch;
}

export interface CallOptions {
  body?: unknown;
  idempotent: boolean;
  extraTimeoutMs?: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const USER_AGENT = 'countersign-sdk-typescript/0.1';

export class Transport {
  readonly base: string;
  readonly requestTimeoutMs: number;
  readonly maxRetries: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly #key: string;
  readonly #fetch: typeof fetch;

  constructor(o: TransportOptions) {
    if (!/^https?:\/\//i.test(o.url ?? '')) {
      throw new TypeError(`url must be an http(s) URL such as http://127.0.0.1:8088, got ${o.url}`);
    }
    if (!o.apiKey || /[^\x21-\x7e]/.test(o.apiKey)) {
      throw new TypeError('apiKey is missing or holds whitespace/non-ASCII characters: set COUNTERSIGN_API_KEY');
    }
    this.base = o.url.replace(/\/+$/, '') + '/';
    this.#key = o.apiKey;
    this.requestTimeoutMs = o.requestTimeoutMs ?? 30_000;
    this.maxRetries = o.maxRetries ?? 5;
    this.initialBackoffMs = o.initialBackoffMs ?? 200;
    this.maxBackoffMs = o.maxBackoffMs ?? 10_000;
    if (this.maxRetries < 0 || this.initialBackoffMs <= 0 || this.maxBackoffMs < this.initialBackoffMs) {
      throw new TypeError('need maxRetries >= 0 and 0 < initialBackoffMs <= maxBackoffMs');
    }
    this.#fetch = o.fetch ?? globalThis.fetch;
  }

  /** Performs the call (`path` without the leading slash) and returns the parsed 2xx body. */
  async call(method: string, path: string, o: CallOptions): Promise<Record<string, unknown>> {
    const what = `${method} /${path}`;
    const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
    for (let attempt = 1; ; attempt++) {
      if (o.signal?.aborted) throw new AbortedError(`aborted: ${what}`, { cause: o.signal.reason });
      const timeout = AbortSignal.timeout(this.requestTimeoutMs + (o.extraTimeoutMs ?? 0));
      const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
      let response: Response;
      try {
        response = await this.#fetch(this.base + path, {
          method,
          body: payload,
          signal,
          headers: {
            Authorization: `Bearer ${this.#key}`,
            Accept: 'application/json',
            'User-Agent': USER_AGENT,
            ...(payload === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
            ...o.headers,
          },
        });
      } catch (e) {
        if (o.signal?.aborted) throw new AbortedError(`aborted: ${what}`, { cause: o.signal.reason });
        const failure = e instanceof Error ? `${e.name}: ${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ''}` : String(e);
        if (!o.idempotent || attempt > this.maxRetries) {
          throw new CountersignError(this.#redact(`${what} to ${this.base} failed after ${attempt} attempt(s): ${failure}`
            + (o.idempotent ? '' : ' (not retried: the gateway may have processed it)')), { cause: e });
        }
        await this.#pause(attempt, undefined, o.signal, what);
        continue;
      }
      const raw = await response.text();
      if (response.ok) {
        return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      }
      if (retryable(response.status, o.idempotent) && attempt <= this.maxRetries) {
        await this.#pause(attempt, seconds(response.headers.get('Retry-After')), o.signal, what);
        continue;
      }
      throw this.#error(what, response, raw, attempt);
    }
  }

  async #pause(attempt: number, retryAfterS: number | undefined, signal: AbortSignal | undefined, what: string): Promise<void> {
    // Full jitter: a random delay up to the exponential cap spreads agents hit by the same outage.
    const delay = retryAfterS !== undefined
      ? Math.min(retryAfterS * 1000, this.maxBackoffMs)
      : Math.random() * Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** Math.min(attempt - 1, 30));
    await sleep(delay, signal, `aborted while backing off before retrying ${what}`);
  }

  #error(what: string, response: Response, raw: string, attempts: number): CountersignError {
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      // not JSON: keep the status only
    }
    const text = (k: string) => (typeof body[k] === 'string' ? this.#redact(body[k] as string) : undefined);
    const code = text('error');
    const field = text('field');
    const requestId = text('requestId') ?? response.headers.get('X-Request-Id') ?? undefined;
    let message = `${what} answered HTTP ${response.status}${code ? ' ' + code : ''}: ${text('message') ?? 'no error message in the response'}`;
    if (field) message += ` (field ${field})`;
    if (requestId) message += ` [requestId ${requestId}]`;
    if (attempts > 1) message += ` - gave up after ${attempts} attempts`;
    const details = { httpStatus: response.status, errorCode: code, field, requestId, refusedIntentId: text('intentId') };
    if (response.status === 401) return new AuthenticationError(message, details);
    if (response.status === 403) return new PermissionDeniedError(message, details);
    return new CountersignError(message, details);
  }

  #redact(text: string): string {
    // A proxy echoing the key must not leak it into messages or logs.
    return text.split(this.#key).join('***');
  }
}

function retryable(status: number, idempotent: boolean): boolean {
  return status === 408 || status === 429 || status === 503 || (idempotent && (status === 502 || status === 504));
}

function seconds(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const n = Number(header.trim());
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Resolves after `ms`, or rejects with AbortedError when `signal` aborts first. */
export function sleep(ms: number, signal: AbortSignal | undefined, message: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError(message, { cause: signal.reason }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError(message, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Percent-encodes an id so it can never alter the path. */
export function segment(id: string): string {
  if (!id || !id.trim()) throw new TypeError('intent id must not be empty');
  return encodeURIComponent(id);
}
