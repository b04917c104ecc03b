/**
 * LangGraph.js adapter (`@countersign/sdk/langgraph`): a node that runs its action only when Countersign allows
 * it. While a review is pending the node calls LangGraph's `interrupt()` (the graph needs a checkpointer and a
 * `thread_id`), so the run pauses with `{ countersign: { intentId, action, status } }` as the interrupt value;
 * resume it (`new Command({ resume: true })`) once approvers decided, and the node continues with the verdict.
 * The intent's idempotency key derives from the thread, node and step, so the re-run on resume finds the same
 * intent instead of submitting a new one. Imports `interrupt` from `@langchain/langgraph` (a peer dependency).
 */
import { interrupt } from '@langchain/langgraph';
import type { AwaitOptions, Countersign } from './client.js';
import { IntentDeniedError, VerdictTimeoutError } from './errors.js';
import { sha256Hex } from './hash.js';
import { isAllowed, type Intent, type Verdict } from './model.js';

/** What the graph's interrupt carries while Countersign waits for approvers. */
export interface CountersignInterrupt {
  countersign: { intentId: string; action: string; status: 'PENDING_REVIEW' };
}

export interface NodeOptions<S, U> extends Omit<AwaitOptions, 'signal'> {
  /** How long the node waits for policy before interrupting (ms); default 3000. */
  decideWithinMs?: number;
  /** The state update for a denial; without it the node throws the IntentDeniedError. */
  onDenied?: (denial: IntentDeniedError, state: S) => U | Promise<U>;
}

/** The parts of LangGraph's runnable config the node reads. */
interface NodeConfig {
  configurable?: { thread_id?: string };
  metadata?: { langgraph_node?: string; langgraph_step?: number };
}

/** A graph node: `action(state, verdict)` runs only on ALLOWED, reported STARTED / SUCCEEDED / FAILED. */
export function countersignNode<S, U>(
  cs: Countersign,
  toIntent: (state: S) => Intent,
  action: (state: S, verdict: Verdict) => U | Promise<U>,
  options: NodeOptions<S, U> = {},
): (state: S, config?: NodeConfig) => Promise<U> {
  return async (state, config) => {
    const intent = toIntent(state);
    const thread = config?.configurable?.thread_id;
    if (!thread && !intent.idempotencyKey) {
      throw new TypeError('countersignNode needs a graph compiled with a checkpointer and invoked with configurable.thread_id');
    }
    const key = intent.idempotencyKey
      ?? await sha256Hex(['countersign', thread, config?.metadata?.langgraph_node, config?.metadata?.langgraph_step].join('|'));
    const intentId = await cs.submit({ ...intent, idempotencyKey: key });
    let verdict = await decided(cs, intentId, options.decideWithinMs ?? 3000);
    if (!verdict) {
      // Throws the first time (the run pauses); returns the resume value when the graph is resumed.
      const pending: CountersignInterrupt = { countersign: { intentId, action: intent.action, status: 'PENDING_REVIEW' } };
      interrupt(pending);
      verdict = await cs.awaitVerdict(intentId, options);
    }
    if (!isAllowed(verdict)) {
      const denial = new IntentDeniedError(intent.action, intentId, verdict);
      if (options.onDenied) return options.onDenied(denial, state);
      throw denial;
    }
    const allowed = verdict;
    return cs.runReported(intentId, allowed, () => action(state, allowed));
  };
}

async function decided(cs: Countersign, intentId: string, withinMs: number): Promise<Verdict | undefined> {
  try {
    return await cs.awaitVerdict(intentId, { timeoutMs: withinMs });
  } catch (e) {
    if (e instanceof VerdictTimeoutError) return undefined;
    throw e;
  }
}
