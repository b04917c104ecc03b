/**
 * OpenAI Agents SDK adapter (`@countersign/sdk/openai-agents`). `needsApproval` submits each tool call as an
 * intent; a call policy allows at once runs without an interruption, any other becomes the run's interruption,
 * which `resolve` settles with Countersign's verdict (approve or reject, with who decided and why as the
 * rejection message) instead of a local prompt. The wrapped `execute` reports STARTED, then SUCCEEDED or
 * FAILED, with the verdict's intent hash. Structural types only: nothing is imported from `@openai/agents`.
 */
import type { AwaitOptions, Countersign } from './client.js';
import { IntentDeniedError } from './errors.js';
import { isAllowed, type Intent, type Verdict } from './model.js';

export interface AgentsGateOptions extends Omit<AwaitOptions, 'signal'> {
  /** How long `needsApproval` waits for policy before interrupting the run (ms); default 3000. */
  decideWithinMs?: number;
}

/** The parts of an `@openai/agents` run result that `resolve` needs. */
export interface InterruptedRun {
  interruptions: Array<{ rawItem: { callId?: string } & object }>;
  state: {
    approve(item: never, options?: object): void;
    reject(item: never, options?: { message?: string }): void;
  };
}

interface Call {
  intentId: string;
  interrupted: boolean;
  verdict?: Verdict;
}

// `any` so that every tool's own input, context and details types are accepted.
type AnyFn = (...args: any[]) => any;

/** Gates `@openai/agents` tools on Countersign; one per agent run (it remembers the calls it submitted). */
export class CountersignAgents {
  readonly #calls = new Map<string, Call>();

  constructor(private readonly cs: Countersign, private readonly options: AgentsGateOptions = {}) {}

  /**
   * The options of `tool({...})` with `needsApproval` and `execute` gated: pass the result to `tool()`.
   * `toIntent` turns the model's tool input into the intent.
   */
  tool<T extends { execute: AnyFn }>(options: T, toIntent: (input: Parameters<T['execute']>[0]) => Intent): T & { needsApproval: AnyFn } {
    const execute = options.execute;
    return {
      ...options,
      needsApproval: (_ctx: unknown, input: Parameters<T['execute']>[0], callId?: string) => this.#needsApproval(toIntent(input), callId),
      execute: async (input: unknown, context: unknown, details?: { toolCall?: { callId?: string } }) => {
        const call = details?.toolCall?.callId ? this.#calls.get(details.toolCall.callId) : undefined;
        if (!call?.verdict || !isAllowed(call.verdict)) {
          // Fail closed: a call Countersign did not allow never runs, whatever the run state says.
          throw new Error(`tool call ${details?.toolCall?.callId ?? '(no call id)'} has no allowing Countersign verdict`);
        }
        return this.cs.runReported(call.intentId, call.verdict, () => execute(input, context, details));
      },
    };
  }

  /** The id of the intent submitted for tool call `callId`, if any (to show or look it up). */
  intentIdOf(callId: string): string | undefined {
    return this.#calls.get(callId)?.intentId;
  }

  /** Settles every interruption of `result` with Countersign's verdict; run the agent again with `result.state`. */
  async resolve<R extends InterruptedRun>(result: R): Promise<R['state']> {
    for (const item of result.interruptions) {
      const call = item.rawItem.callId ? this.#calls.get(item.rawItem.callId) : undefined;
      if (!call) {
        result.state.reject(item as never, { message: 'not submitted to Countersign' });
        continue;
      }
      call.verdict ??= await this.cs.awaitVerdict(call.intentId, this.options);
      if (isAllowed(call.verdict)) {
        result.state.approve(item as never);
      } else {
        const denial = new IntentDeniedError('tool call', call.intentId, call.verdict);
        result.state.reject(item as never, { message: denial.message });
      }
    }
    return result.state;
  }

  async #needsApproval(intent: Intent, callId?: string): Promise<boolean> {
    const key = callId ?? crypto.randomUUID();
    const known = this.#calls.get(key);
    if (known) return known.interrupted;
    const intentId = await this.cs.submit(intent);
    const call: Call = { intentId, interrupted: true };
    this.#calls.set(key, call);
    try {
      call.verdict = await this.cs.awaitVerdict(intentId, { timeoutMs: this.options.decideWithinMs ?? 3000 });
    } catch {
      // Still undecided (a review): interrupt; resolve() waits for the verdict.
    }
    call.interrupted = !(call.verdict && isAllowed(call.verdict));
    return call.interrupted;
  }
}
