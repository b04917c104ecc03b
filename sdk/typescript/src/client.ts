/** The client: submit intents, wait for verdicts, report executions, and guard actions with all three. */
import { CountersignError, IntentDeniedError, VerdictTimeoutError } from './errors.js';
import { isAllowed, toCaller, toReview, toVerdict, type Caller, type ExecutionReport, type Intent, type Review, type Verdict } from './model.js';
import { segment, sleep, Transport, type TransportOptions } from './transport.js';

/** Default time `guard` waits for a verdict: human review takes time. */
export const DEFAULT_GUARD_TIMEOUT_MS = 15 * 60_000;
/** Longest wait one long-poll asks the gateway to hold (the gateway allows 60s). */
const MAX_WAIT_S = 30;

export type ConnectOptions = TransportOptions;

export interface SubmitOptions {
  /** The principal's token-exchange token (RFC 8693), sent as `Countersign-Delegation`, when the gateway uses OIDC. */
  delegationToken?: string;
  signal?: AbortSignal;
}

export interface AwaitOptions {
  /** Give up after this long with VerdictTimeoutError; default 15 minutes. */
  timeoutMs?: number;
  /** Abort the wait (rejects with AbortedError). */
  signal?: AbortSignal;
}

export type GuardOptions = AwaitOptions & SubmitOptions;

/** What a guarded action receives: the intent id and the verdict that allowed it. */
export interface GuardContext {
  intentId: string;
  verdict: Verdict;
}

/** Client of the Countersign ingest gateway; the API key is never logged nor shown. */
export class Countersign {
  readonly #transport: Transport;

  constructor(options: ConnectOptions) {
    this.#transport = new Transport(options);
  }

  /** POST /v1/intents; resolves to the intent id. Retried safely under one idempotency key. */
  async submit(intent: Intent, options: SubmitOptions = {}): Promise<string> {
    checkIntent(intent);
    const key = intent.idempotencyKey ?? crypto.randomUUID();
    const headers: Record<string, string> = { 'Idempotency-Key': key };
    if (options.delegationToken) headers['Countersign-Delegation'] = options.delegationToken;
    const body = await this.#transport.call('POST', 'v1/intents', {
      body: requestBody(intent, key), idempotent: true, headers, signal: options.signal,
    });
    if (typeof body.intentId !== 'string' || !body.intentId) {
      throw new CountersignError(`the gateway accepted intent '${intent.action}' but returned no intentId`);
    }
    return body.intentId;
  }

  /** What this client's API key is (GET /v1/me): its agent, owner, roles and the principals it may name. */
  async caller(signal?: AbortSignal): Promise<Caller> {
    return toCaller(await this.#transport.call('GET', 'v1/me', { idempotent: true, signal }));
  }

  /** The current status once, without waiting. */
  async status(intentId: string, signal?: AbortSignal): Promise<string> {
    return (await this.#state(intentId, 0, signal)).status;
  }

  /**
   * What the intent's pending review waits for, once, without waiting (quorum, approvals so far, groups, expiry);
   * undefined when it waits for no review, or the gateway has not read the review yet or does not report it.
   */
  async review(intentId: string, signal?: AbortSignal): Promise<Review | undefined> {
    return (await this.#state(intentId, 0, signal)).review;
  }

  /** Long-polls until decided; the verdict may be a denial (check `isAllowed`). */
  async awaitVerdict(intentId: string, options: AwaitOptions = {}): Promise<Verdict> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_GUARD_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const waitS = Math.max(0, Math.min(MAX_WAIT_S, Math.floor((deadline - Date.now()) / 1000)));
      const started = Date.now();
      const state = await this.#state(intentId, waitS, options.signal);
      if (state.verdict) return state.verdict;
      const now = Date.now();
      if (now >= deadline) throw new VerdictTimeoutError(intentId, timeoutMs, state.status);
      // Answered well before the wait ran out (or a sub-second remainder): do not hammer the gateway.
      if (waitS === 0 || now - started < (waitS * 1000) / 2) {
        await sleep(Math.min(this.#transport.initialBackoffMs, deadline - now), options.signal,
          `aborted while waiting for the verdict of intent ${intentId}`);
      }
    }
  }

  /** POST /v1/intents/{id}/execution. Not retried after a lost answer: it may have been recorded. */
  async reportExecution(intentId: string, report: ExecutionReport): Promise<void> {
    await this.#transport.call('POST', `v1/intents/${segment(intentId)}/execution`, { body: report, idempotent: false });
  }

  /**
   * Runs `action` only if `intent` is allowed: submits, waits, reports STARTED with the verdict's hash, runs,
   * then reports SUCCEEDED or FAILED (the error's name only). Rejects with IntentDeniedError or
   * VerdictTimeoutError (the action did not run), or with whatever `action` throws.
   */
  async guard<T>(intent: Intent, action: (context: GuardContext) => T | Promise<T>, options: GuardOptions = {}): Promise<T> {
    const intentId = await this.submit(intent, options);
    const verdict = await this.awaitVerdict(intentId, options);
    if (!isAllowed(verdict)) throw new IntentDeniedError(intent.action, intentId, verdict);
    return this.runReported(intentId, verdict, () => action({ intentId, verdict }));
  }

  /**
   * Runs an action of an intent `verdict` allowed (for adapters that submit and wait themselves): reports STARTED
   * with the verdict's hash, runs, then reports SUCCEEDED or FAILED (the error's name only).
   */
  async runReported<T>(intentId: string, verdict: Verdict, action: () => T | Promise<T>): Promise<T> {
    if (!isAllowed(verdict)) throw new IntentDeniedError('action', intentId, verdict);
    const executedHash = verdict.intentHash ?? '';
    // If STARTED cannot be recorded we do not run: an unaudited privileged action is worse than a failed one.
    await this.reportExecution(intentId, { status: 'STARTED', executedHash });
    let result: T;
    try {
      result = await action();
    } catch (failure) {
      // Only the name: error messages often carry the very data being protected.
      const detail = failure instanceof Error ? failure.name : typeof failure;
      await this.reportExecution(intentId, { status: 'FAILED', executedHash, detail }).catch(() => undefined);
      throw failure;
    }
    // The action took effect; failing now would invite the caller to run it twice.
    await this.reportExecution(intentId, { status: 'SUCCEEDED', executedHash }).catch(() => undefined);
    return result;
  }

  toString(): string {
    return `Countersign{url=${this.#transport.base}}`;
  }

  async #state(intentId: string, waitS: number, signal?: AbortSignal): Promise<{ status: string; verdict?: Verdict; review?: Review }> {
    const body = await this.#transport.call('GET', `v1/intents/${segment(intentId)}${waitS > 0 ? `?wait=${waitS}s` : ''}`,
      { idempotent: true, extraTimeoutMs: waitS * 1000, signal });
    const status = typeof body.status === 'string' ? body.status : 'UNKNOWN';
    if (body.verdict && typeof body.verdict === 'object') {
      return { status, verdict: toVerdict(body.verdict as Record<string, unknown>) };
    }
    // An EXPIRED status without a verdict body still ends the wait, as a denial by expiry.
    return status === 'EXPIRED'
      ? { status, verdict: { outcome: 'DENIED', decidedBy: 'EXPIRED', decisions: [], matchedRules: [], message: 'the intent expired without a verdict' } }
      : { status, review: status === 'PENDING_REVIEW' && body.review && typeof body.review === 'object'
        ? toReview(body.review as Record<string, unknown>) : undefined };
  }
}

/** A client for the gateway at `url`; nothing is sent until the first call. */
export function connect(options: ConnectOptions): Countersign {
  return new Countersign(options);
}

function checkIntent(intent: Intent): void {
  if (!intent?.action) throw new TypeError("an intent needs an action, e.g. { action: 'db.export', ... }");
  if (!intent.principal) throw new TypeError(`intent '${intent.action}' needs a principal, e.g. user:alice@example.com`);
  if (!Array.isArray(intent.targets) || intent.targets.length === 0) {
    throw new TypeError(`intent '${intent.action}' needs at least one target, e.g. ['pg://crm/customers']`);
  }
  for (const [k, v] of Object.entries(intent.parameters ?? {})) {
    if (typeof v !== 'string') {
      throw new TypeError(`parameter '${k}' of intent '${intent.action}': values must be strings (send structured values as JSON text)`);
    }
  }
}

/** Only the IntentRequest members (the gateway refuses unknown ones), whatever else the object carries. */
function requestBody(intent: Intent, idempotencyKey: string): Record<string, unknown> {
  const body: Record<string, unknown> = { action: intent.action, principal: intent.principal, targets: [...intent.targets] };
  if (intent.delegationChain?.length) body.delegationChain = [...intent.delegationChain];
  if (intent.destination) body.destination = { uri: intent.destination.uri, external: intent.destination.external === true };
  if (intent.parameters && Object.keys(intent.parameters).length) body.parameters = { ...intent.parameters };
  for (const k of ['reason', 'environment', 'framework', 'model'] as const) {
    if (intent[k] !== undefined) body[k] = intent[k];
  }
  body.idempotencyKey = idempotencyKey;
  return body;
}
