// The OpenAI Agents SDK adapter driven end to end by the real `@openai/agents` (the version package.json pins)
// with the SDK's own ScriptedModel, against the real gateway: an allowed call runs without an interruption;
// a review interrupts the run and is settled by the approver's decision; a denied call is rejected with the rule.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, run, setTracingDisabled, tool } from '@openai/agents';
import { ScriptedModel, assistantMessage, functionCall } from '@openai/agents-core/testing';
import { z } from 'zod';
import { connect } from '../dist/index.js';
import { CountersignAgents } from '../dist/openai-agents.js';
import { AGENT_KEY, PRINCIPAL, URL_, approveWhenPending, skip } from './support.mjs';

setTracingDisabled(true);

async function drive(action, { approve = false } = {}) {
  const ran = [];
  const cs = connect({ url: URL_, apiKey: AGENT_KEY, initialBackoffMs: 50, maxBackoffMs: 1000 });
  const gate = new CountersignAgents(cs, { timeoutMs: 60_000, decideWithinMs: 3000 });
  const model = new ScriptedModel([[functionCall('runAction', { table: 'customers' }, { callId: 'call-1' })], [assistantMessage('done')]]);
  const agent = new Agent({
    name: 'exporter', instructions: 'run the action', model,
    tools: [tool(gate.tool({
      name: 'runAction', description: 'Runs a privileged action on a table', parameters: z.object({ table: z.string() }),
      execute: async ({ table }) => { ran.push(table); return `ran on ${table}`; },
    }, ({ table }) => ({ action, principal: PRINCIPAL, targets: [`pg://crm/${table}`], framework: 'openai-agents' })))],
  });
  let result = await run(agent, 'go');
  const interrupted = result.interruptions?.length ?? 0;
  while (result.interruptions?.length) {
    const settling = gate.resolve(result);
    if (approve) assert.equal(await approveWhenPending(gate.intentIdOf(result.interruptions[0].rawItem.callId)), 202);
    result = await run(agent, await settling);
  }
  return { ran, result, interrupted, secondInput: JSON.stringify(model.lastCall?.request.input ?? null) };
}

describe('OpenAI Agents SDK adapter against the real gateway', { skip }, () => {
  test('an allowed call runs without an interruption', async () => {
    const { ran, result, interrupted } = await drive('sdk.read');
    assert.equal(interrupted, 0);
    assert.deepEqual(ran, ['customers']);
    assert.equal(result.finalOutput, 'done');
  });

  test('a review interrupts the run, and the approver\'s decision resolves it: the tool runs', async () => {
    const { ran, result, interrupted } = await drive('sdk.export', { approve: true });
    assert.equal(interrupted, 1);
    assert.deepEqual(ran, ['customers']);
    assert.equal(result.finalOutput, 'done');
  });

  test('a denied call is rejected with the rule, and the tool never runs', async () => {
    const { ran, interrupted, secondInput } = await drive('sdk.delete');
    assert.equal(interrupted, 1);
    assert.deepEqual(ran, []);
    assert.match(secondInput, /denied by policy.*no-deletes/);
  });
});
