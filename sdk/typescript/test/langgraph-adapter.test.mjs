// The LangGraph.js adapter in a real `@langchain/langgraph` graph (the version package.json pins) with its
// MemorySaver checkpointer, against the real gateway: an allowed node runs straight through; a review pauses the
// run with interrupt() and, resumed after the approver's decision, the node runs once under the same intent;
// a denial becomes the state update onDenied returns.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Annotation, Command, END, MemorySaver, START, StateGraph } from '@langchain/langgraph';
import { connect } from '../dist/index.js';
import { countersignNode } from '../dist/langgraph.js';
import { AGENT_KEY, PRINCIPAL, URL_, approveWhenPending, skip } from './support.mjs';

const State = Annotation.Root({ table: Annotation(), result: Annotation() });

function graph(action, ran) {
  const cs = connect({ url: URL_, apiKey: AGENT_KEY, initialBackoffMs: 50, maxBackoffMs: 1000 });
  const act = countersignNode(cs,
    (s) => ({ action, principal: PRINCIPAL, targets: [`pg://crm/${s.table}`], framework: 'langgraph' }),
    (s, verdict) => { ran.push(s.table); return { result: `ran on ${s.table} (${verdict.decidedBy})` }; },
    { timeoutMs: 60_000, decideWithinMs: 3000, onDenied: (denial) => ({ result: `refused: ${denial.message}` }) });
  return new StateGraph(State).addNode('act', act).addEdge(START, 'act').addEdge('act', END)
    .compile({ checkpointer: new MemorySaver() });
}

describe('LangGraph.js adapter against the real gateway', { skip }, () => {
  test('an allowed node runs without an interrupt', async () => {
    const ran = [];
    const out = await graph('sdk.read', ran).invoke({ table: 'customers' }, { configurable: { thread_id: randomUUID() } });
    assert.deepEqual(ran, ['customers']);
    assert.equal(out.result, 'ran on customers (POLICY)');
    assert.equal(out.__interrupt__, undefined);
  });

  test('a review interrupts the run; resumed after the approval, the node runs once', async () => {
    const ran = [];
    const g = graph('sdk.export', ran);
    const config = { configurable: { thread_id: randomUUID() } };
    const paused = await g.invoke({ table: 'orders' }, config);
    const pending = paused.__interrupt__?.[0]?.value?.countersign;
    assert.equal(pending?.status, 'PENDING_REVIEW');
    assert.deepEqual(ran, []);
    assert.equal(await approveWhenPending(pending.intentId), 202);
    const out = await g.invoke(new Command({ resume: true }), config);
    assert.deepEqual(ran, ['orders']);
    assert.equal(out.result, 'ran on orders (APPROVERS)');
  });

  test('a denial becomes the state update onDenied returns, and the action never runs', async () => {
    const ran = [];
    const out = await graph('sdk.delete', ran).invoke({ table: 'customers' }, { configurable: { thread_id: randomUUID() } });
    assert.deepEqual(ran, []);
    assert.match(out.result, /^refused: .*denied by policy.*no-deletes/);
  });
});
