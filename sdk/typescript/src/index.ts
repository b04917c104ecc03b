/**
 * Countersign client for TypeScript agents: submit action intents to the ingest gateway, wait for the
 * verdict, and run privileged actions only when allowed. ESM, no runtime dependencies beyond `fetch`.
 */
export { connect, Countersign, DEFAULT_GUARD_TIMEOUT_MS } from './client.js';
export type { AwaitOptions, ConnectOptions, GuardContext, GuardOptions, SubmitOptions } from './client.js';
export { AbortedError, AuthenticationError, CountersignError, IntentDeniedError, PermissionDeniedError, VerdictTimeoutError } from './errors.js';
export { canonicalJson, intentHash, sha256Hex } from './hash.js';
export type { CanonicalIntent } from './hash.js';
export { isAllowed } from './model.js';
export type {
  ApproverAuthentication, ApproverDecision, Caller, DecidedBy, ErrorBody, ExecutionReport, ExecutionStatus, Intent, IntentStatus, IntentStatusValue,
  MatchedRule, Outcome, Review, Verdict,
} from './model.js';
