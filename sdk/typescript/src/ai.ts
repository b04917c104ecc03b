/**
 * Vercel AI SDK adapter (`@countersign/sdk/ai`): wraps an `ai` tool so its `execute` runs only after the
 * gateway allows the call, reported as the Java and Python guards do. A denial (policy, approvers or expiry)
 * is returned as the tool result, so the model sees who said no and why instead of the run failing.
 * Structural types only: this entry point imports nothing from `ai` and works with any version whose tools
 * have `execute(input, { abortSignal })`.
 */
import type { Countersign, GuardOptions } from './client.js';
import { IntentDeniedError } from './errors.js';
import type { Intent } from './model.js';

/** What the model sees when Countersign did not allow the call. */
export interface CountersignDenial {
  denied: true;
  intentId: string;
  decidedBy: string;
  rules: string[];
  message: string;
}

// `any` so that every tool's own input and options types are accepted.
type AnyExecute = (input: any, options: any) => unknown;

/**
 * The tool, with `execute` gated by Countersign. `toIntent` turns the model's tool input into the intent
 * (the action, the principal the agent acts for, the targets the input touches).
 */
export function countersignTool<T extends { execute?: AnyExecute }>(
  cs: Countersign,
  tool: T,
  toIntent: (input: Parameters<NonNullable<T['execute']>>[0]) => Intent,
  options: Omit<GuardOptions, 'signal'> = {},
): T {
  const execute = tool.execute;
  if (!execute) throw new TypeError('countersignTool needs a tool with an execute function');
  const gated: AnyExecute = async (input, callOptions) => {
    const intent = toIntent(input);
    try {
      return await cs.guard(intent, async () => {
        let out = await execute(input, callOptions);
        // A streaming tool (an async iterable) is drained here, so SUCCEEDED is reported once it has finished.
        if (out && typeof (out as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
          let last: unknown;
          for await (const part of out as AsyncIterable<unknown>) last = part;
          out = last;
        }
        return out;
      }, { ...options, signal: callOptions?.abortSignal });
    } catch (e) {
      if (e instanceof IntentDeniedError) {
        const denial: CountersignDenial = {
          denied: true, intentId: e.intentId, decidedBy: e.decidedBy, rules: e.ruleIds, message: e.message,
        };
        return denial;
      }
      throw e;
    }
  };
  return { ...tool, execute: gated };
}
