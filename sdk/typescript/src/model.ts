/** The gateway contract's values (ingest openapi.json): intents, statuses, verdicts, execution reports. */

/** What an agent asks to do (IntentRequest). Parameter values are strings: send structured values as JSON text. */
export interface Intent {
  action: string;
  principal: string;
  targets: readonly string[];
  delegationChain?: readonly string[];
  destination?: { uri: string; external?: boolean };
  parameters?: Readonly<Record<string, string>>;
  reason?: string;
  environment?: string;
  framework?: string;
  model?: string;
  /** Without one, each submission gets a fresh key; the SDK's own retries of one submission reuse it. */
  idempotencyKey?: string;
}

export type IntentStatusValue = 'PENDING' | 'PENDING_REVIEW' | 'ALLOWED' | 'DENIED' | 'EXPIRED';
export type Outcome = 'ALLOWED' | 'DENIED';
export type DecidedBy = 'POLICY' | 'APPROVERS' | 'EXPIRED';
export type ExecutionStatus = 'STARTED' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface ApproverDecision {
  approver?: string;
  decision?: 'APPROVE' | 'DENY' | string;
  reason?: string;
  channel?: string;
  decidedAt?: string;
  /** How the channel that signed the decision authenticated the approver, e.g. method `OIDC_STEP_UP` with `amr`. */
  authentication?: ApproverAuthentication;
}

/** How an approver was authenticated, as the gateway reports it. */
export interface ApproverAuthentication {
  method: 'UNKNOWN' | 'API_KEY' | 'OIDC_ACCESS_TOKEN' | 'SLACK_SIGNED_REQUEST' | 'TEAMS_BOT_TOKEN' | 'OIDC_STEP_UP' | 'OIDC_SIGN_IN' | string;
  authTime?: string | null;
  amr?: string[];
  acr?: string | null;
}

export interface MatchedRule {
  id?: string;
  effect?: string;
  description?: string;
}

/** The final decision. `intentHash` is what to report as `executedHash`. Unknown outcomes never count as allowed. */
export interface Verdict {
  outcome: Outcome | string;
  decidedBy: DecidedBy | string;
  decisions: ApproverDecision[];
  matchedRules: MatchedRule[];
  policyVersion?: string;
  intentHash?: string;
  requestId?: string;
  message?: string;
  receivedAt?: string;
  decidedAt?: string;
  latencyMs?: number;
}

/**
 * What a pending review waits for: `approvals` of `quorum` distinct approvals so far, from members of
 * `eligibleGroups`, until `expiresAt`; `stepUp` when approvers must sign in again. `approvedBy` names who approved
 * only for approver and steward keys (an agent's key gets the count).
 */
export interface Review {
  requestId?: string;
  quorum: number;
  approvals: number;
  approvedBy?: string[];
  eligibleGroups: string[];
  expiresAt?: string;
  stepUp: boolean;
}

/**
 * What the client's API key is (GET /v1/me): the agent or person it is, the human who owns it, its roles, and the
 * principals its intents may name (the owner first); `anyPrincipal` when it may name anyone.
 */
export interface Caller {
  keyId?: string;
  subject?: string;
  owner?: string;
  roles: string[];
  principals: string[];
  anyPrincipal: boolean;
}

/** Reads a caller defensively: lists default to empty, unknown members are ignored. */
export function toCaller(c: Record<string, unknown>): Caller {
  const text = (k: string) => (typeof c[k] === 'string' ? (c[k] as string) : undefined);
  const strings = (k: string) => (Array.isArray(c[k]) ? (c[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  return {
    keyId: text('keyId'), subject: text('subject'), owner: text('owner'),
    roles: strings('roles'), principals: strings('principals'), anyPrincipal: c.anyPrincipal === true,
  };
}

/** GET /v1/intents/{id}. */
export interface IntentStatus {
  intentId?: string;
  status: IntentStatusValue | string;
  verdict?: Verdict | null;
  /** Present while the status is PENDING_REVIEW and the gateway has read the review; older gateways never send it. */
  review?: Review;
}

/** POST /v1/intents/{id}/execution. Keep `detail` free of data values: it is audited. */
export interface ExecutionReport {
  status?: ExecutionStatus;
  executedHash: string;
  outputDatasets?: string[];
  rowsAffected?: number;
  detail?: string;
}

/** The gateway's error body. */
export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
  requestId: string;
  /** For a 403 principal_not_allowed or delegation_not_proven: the refused intent's id, as in the audit log. */
  intentId?: string;
}

export function isAllowed(verdict: Verdict): boolean {
  return verdict.outcome === 'ALLOWED';
}

/** Reads a review defensively: counts default to 0, lists to empty, unknown members are ignored. */
export function toReview(r: Record<string, unknown>): Review {
  const count = (k: string) => (typeof r[k] === 'number' ? (r[k] as number) : 0);
  const strings = (k: string) => (Array.isArray(r[k]) ? (r[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  return {
    requestId: typeof r.requestId === 'string' ? r.requestId : undefined,
    quorum: count('quorum'),
    approvals: count('approvals'),
    approvedBy: Array.isArray(r.approvedBy) ? strings('approvedBy') : undefined,
    eligibleGroups: strings('eligibleGroups'),
    expiresAt: typeof r.expiresAt === 'string' ? r.expiresAt : undefined,
    stepUp: r.stepUp === true,
  };
}

/** Reads a verdict defensively: arrays default to empty, unknown members are ignored. */
export function toVerdict(v: Record<string, unknown>): Verdict {
  const text = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  return {
    outcome: text('outcome') ?? 'UNKNOWN',
    decidedBy: text('decidedBy') ?? 'UNKNOWN',
    decisions: Array.isArray(v.decisions) ? (v.decisions as ApproverDecision[]) : [],
    matchedRules: Array.isArray(v.matchedRules) ? (v.matchedRules as MatchedRule[]) : [],
    policyVersion: text('policyVersion'),
    intentHash: text('intentHash'),
    requestId: text('requestId'),
    message: text('message'),
    receivedAt: text('receivedAt'),
    decidedAt: text('decidedAt'),
    latencyMs: typeof v.latencyMs === 'number' ? v.latencyMs : undefined,
  };
}
