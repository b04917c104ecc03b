// The Vercel AI SDK adapter driven end to end by the real `ai` package (the version package.json pins) with
// its own mock model, against the real gateway: the model calls a gated tool; an allowed call runs the tool,
// a denied one never runs and the model is handed the denial as the tool result.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateText, isStepCount, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { z } from 'zod';
import { connect } from '../dist/index.js';
import { countersignTool } from '../dist/ai.js';
import { AGENT_KEY, PRINCIPAL, URL_, skip } from './support.mjs';

const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } };

/** A model that first calls `runAction` on `table`, then answers with text. */
const model = (table) => new MockLanguageModelV4({
  doGenerate: [
    { content: [{ type: 'tool-call', toolCallId: 'call-1', toolName: 'runAction', input: JSON.stringify({ table }) }],
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage, warnings: [] },
    { content: [{ type: 'text', text: 'done' }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] },
  ],
});

async function drive(action, table) {
  const ran = [];
  const cs = connect({ url: URL_, apiKey: AGENT_KEY, initialBackoffMs: 50, maxBackoffMs: 1000 });
  const runAction = countersignTool(cs, tool({
    description: 'Runs a privileged action on a table',
    inputSchema: z.object({ table: z.string() }),
    execute: async ({ table: t }) => { ran.push(t); return { rows: 3 }; },
  }), ({ table: t }) => ({ action, principal: PRINCIPAL, targets: [`pg://crm/${t}`], framework: 'vercel-ai' }), { timeoutMs: 30_000 });
  const m = model(table);
  const result = await generateText({ model: m, tools: { runAction }, prompt: 'go', stopWhen: isStepCount(2) });
  return { ran, result, secondPrompt: JSON.stringify(m.doGenerateCalls[1]?.prompt ?? null) };
}

describe('Vercel AI SDK adapter against the real gateway', { skip }, () => {
  test('an allowed tool call runs and its result goes back to the model', async () => {
    const { ran, result, secondPrompt } = await drive('sdk.read', 'customers');
    assert.deepEqual(ran, ['customers']);
    assert.deepEqual(result.steps[0].toolResults[0].output, { rows: 3 });
    assert.match(secondPrompt, /"rows":3/);
    assert.equal(result.text, 'done');
  });

  test('a denied tool call never runs and the model sees who denied it and why', async () => {
    const { ran, result, secondPrompt } = await drive('sdk.delete', 'customers');
    assert.deepEqual(ran, []);
    const output = result.steps[0].toolResults[0].output;
    assert.equal(output.denied, true);
    assert.equal(output.decidedBy, 'POLICY');
    assert.deepEqual(output.rules, ['no-deletes']);
    assert.match(secondPrompt, /no-deletes/);
  });
});
