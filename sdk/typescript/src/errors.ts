/** Typed errors: every failure is a CountersignError; denials name who decided and why. */
import type { Verdict } from './model.js';

export interface ErrorDetails {
  httpStatus?: number;
  errorCode?: string;
  field?: string;
  requestId?: string;
  /** The id of the intent the gateway refused (403 principal_not_allowed or delegation_not_proven). */
  refusedIntentId?: string;
  cause?: unknown;
}

/** A failed call: HTTP status (0 on the client side), the gateway's error code, the offending field, the request id. */
export class CountersignError extends Error {
  readonly httpStatus: number;
  readonly errorCode?: string;
  readonly field?: string;
  readonly requestId?: string;
  /** The id under which the gateway audited its refusal of the intent (403 principal_not_allowed or delegation_not_proven). */
  readonly refusedIntentId?: string;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.httpStatus = details.httpStatus ?? 0;
    this.errorCode = details.errorCode;
    this.field = details.field;
    this.requestId = details.requestId;
    this.refusedIntentId = details.refusedIntentId;
  }
}

/** HTTP 401: the API key is missing, unknown or revoked. */
export class AuthenticationError extends CountersignError {}

/** HTTP 403: the key may not do this (e.g. name that principal, or report another agent's intent). */
export class PermissionDeniedError extends CountersignError {}

/** The wait was aborted through its AbortSignal. */
export class AbortedError extends CountersignError {}

/** No verdict in time; the intent is still pending: wait again with `cs.awaitVerdict(e.intentId)`. */
export class VerdictTimeoutError extends CountersignError {
  constructor(readonly intentId: string, readonly timeoutMs: number, readonly lastStatus?: string) {
    super(`no verdict for intent ${intentId} within ${timeoutMs} ms (last status ${lastStatus}); the intent is still pending`
      + ' on the gateway: wait again with awaitVerdict(intentId) or use a longer timeout');
  }
}

/** The intent was not allowed (policy, approvers or expiry); under `guard` the action did not run. */
export class IntentDeniedError extends CountersignError {
  constructor(readonly action: string, readonly intentId: string, readonly verdict: Verdict) {
    super(describe(action, intentId, verdict), { requestId: verdict.requestId });
  }

  /** POLICY, APPROVERS or EXPIRED. */
  get decidedBy(): string {
    return this.verdict.decidedBy;
  }

  /** The ids of the policy rules that matched. */
  get ruleIds(): string[] {
    return this.verdict.matchedRules.map((r) => r.id ?? '?');
  }
}

function describe(action: string, intentId: string, v: Verdict): string {
  const who: Record<string, string> = {
    POLICY: 'was denied by policy',
    APPROVERS: 'was denied by approvers',
    EXPIRED: 'expired before approvers decided (unanswered reviews count as denied)',
  };
  const parts = [`intent '${action}' (${intentId}) ${who[v.decidedBy] ?? `was not allowed (outcome ${v.outcome}, decided by ${v.decidedBy})`}`];
  if (v.decisions.length) {
    parts.push('approvers: ' + v.decisions.map((d) => `${d.approver} ${d.decision}${d.reason ? ` (${d.reason})` : ''}`).join(', '));
  }
  if (v.matchedRules.length) parts.push('matched rules: ' + v.matchedRules.map((r) => `${r.id}(${r.effect})`).join(', '));
  if (v.message) parts.push('message: ' + v.message);
  if (v.policyVersion) parts.push('policy version ' + v.policyVersion);
  return parts.join('; ');
}
