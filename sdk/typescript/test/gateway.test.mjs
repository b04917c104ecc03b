// The client against the real ingest gateway and decision pipeline (started by the Maven build, sdk-tests).
// The pipeline's policy: sdk.delete is denied by rule no-deletes; sdk.export needs one data steward (ttl 1h);
// sdk.purge needs one but expires after 2s; everything else is allowed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AbortedError, CountersignError, IntentDeniedError, PermissionDeniedError, VerdictTimeoutError, connect, intentHash, isAllowed,
} from '../dist/index.js';
import { AGENT, AGENT_KEY, PRINCIPAL, URL_, approveWhenPending, flakyProxy, skip } from './support.mjs';

const intent = (action, target = 'pg://crm/customers', more = {}) =>
  ({ action, principal: PRINCIPAL, targets: [target], framework: 'node-test', ...more });
const client = (url = URL_, more = {}) => connect({ url, apiKey: AGENT_KEY, initialBackoffMs: 50, maxBackoffMs: 1000, ...more });

describe('against the real gateway', { skip }, () => {
  test('allowed: the verdict hash is the one computed here, and the execution is accepted', async () => {
    const cs = client();
    const parameters = { limit: '10', filter: '{"country":"DE"}', 名前: 'zoë' };
    const intentId = await cs.submit(intent('sdk.read', undefined, { parameters }));
    const verdict = await cs.awaitVerdict(intentId, { timeoutMs: 30_000 });
    assert.ok(isAllowed(verdict));
    assert.equal(verdict.decidedBy, 'POLICY');
    assert.equal(verdict.intentHash, await intentHash({
      intentId, agent: AGENT, principal: PRINCIPAL, delegationChain: [PRINCIPAL, AGENT], action: 'sdk.read',
      targets: ['pg://crm/customers'], parameters, environment: 'prod',
    }));
    await cs.reportExecution(intentId, { status: 'SUCCEEDED', executedHash: verdict.intentHash, rowsAffected: 10 });
  });

  test('guard runs the action once when allowed and hands it the verdict (members the gateway does not know are not sent)', async () => {
    let calls = 0;
    const out = await client().guard({ ...intent('sdk.read'), note: 'not an IntentRequest member' }, ({ verdict }) => { calls++; return verdict.outcome; }, { timeoutMs: 30_000 });
    assert.equal(out, 'ALLOWED');
    assert.equal(calls, 1);
  });

  test('denied: a typed error naming the rule, and the action never runs', async () => {
    let calls = 0;
    await assert.rejects(client().guard(intent('sdk.delete'), () => calls++, { timeoutMs: 30_000 }), (e) => {
      assert.ok(e instanceof IntentDeniedError);
      assert.equal(e.decidedBy, 'POLICY');
      assert.deepEqual(e.ruleIds, ['no-deletes']);
      assert.match(e.message, /denied by policy.*no-deletes/);
      return true;
    });
    assert.equal(calls, 0);
  });

  test('review approved through the approval API: the action runs after the approval', async () => {
    const cs = client();
    let submitted;
    const original = cs.submit.bind(cs);
    cs.submit = async (...args) => (submitted = await original(...args));
    const guarded = cs.guard(intent('sdk.export'), () => 'exported', { timeoutMs: 60_000 });
    while (!submitted) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await approveWhenPending(submitted), 202);
    assert.equal(await guarded, 'exported');
  });

  test('a failing action is reported FAILED and its error is rethrown unchanged', async () => {
    const boom = new RangeError('boom');
    await assert.rejects(client().guard(intent('sdk.read'), () => { throw boom; }, { timeoutMs: 30_000 }), (e) => e === boom);
  });

  test('expiry: an unanswered review is a denial by expiry', async () => {
    await assert.rejects(client().guard(intent('sdk.purge'), () => assert.fail('must not run'), { timeoutMs: 60_000 }), (e) => {
      assert.ok(e instanceof IntentDeniedError);
      assert.equal(e.decidedBy, 'EXPIRED');
      return true;
    });
  });

  test('timeout: waiting longer than allowed names the pending intent', async () => {
    const cs = client();
    const intentId = await cs.submit(intent('sdk.export'));
    await assert.rejects(cs.awaitVerdict(intentId, { timeoutMs: 1500 }), (e) => {
      assert.ok(e instanceof VerdictTimeoutError);
      assert.equal(e.intentId, intentId);
      assert.ok(['PENDING', 'PENDING_REVIEW'].includes(e.lastStatus), e.lastStatus);
      return true;
    });
  });

  test('a pending review says what it waits for, without naming approvers to the agent', async () => {
    const cs = client();
    const intentId = await cs.submit(intent('sdk.export'));
    let review;
    for (const deadline = Date.now() + 20_000; !review && Date.now() < deadline;) {
      review = await cs.review(intentId);
      if (!review) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(review, `the review of ${intentId} was never reported`);
    assert.deepEqual([review.quorum, review.approvals, review.eligibleGroups, review.approvedBy], [1, 0, ['data-stewards'], undefined]);
    assert.ok(review.expiresAt);
    assert.equal(await cs.review(await cs.submit(intent('sdk.read'))), undefined, 'an intent without review has none');
  });

  test('the caller is what the key is, its owner first among the principals it may name', async () => {
    const me = await client().caller();
    assert.deepEqual([me.keyId, me.subject, me.owner, me.roles, me.principals[0], me.anyPrincipal],
      ['key-sdk-agent', AGENT, PRINCIPAL, ['AGENT'], PRINCIPAL, false]);
  });

  test('a principal the key may not name is refused with the id the refusal is audited under', async () => {
    await assert.rejects(client().submit({ ...intent('sdk.read'), principal: 'user:mallory@example.com' }), (e) => {
      assert.ok(e instanceof PermissionDeniedError);
      assert.equal(e.errorCode, 'principal_not_allowed');
      assert.match(e.refusedIntentId ?? '', /^[0-9a-f-]{36}$/);
      return true;
    });
  });

  test('an AbortSignal stops a long-poll at once', async () => {
    const cs = client();
    const intentId = await cs.submit(intent('sdk.export'));
    const started = Date.now();
    await assert.rejects(cs.awaitVerdict(intentId, { timeoutMs: 120_000, signal: AbortSignal.timeout(500) }), AbortedError);
    assert.ok(Date.now() - started < 10_000);
  });

  test('two 503 answers are retried and the submission goes through once', async () => {
    const proxy = await flakyProxy(URL_, 2);
    try {
      assert.equal(await client(proxy.url).guard(intent('sdk.read'), () => 'ok', { timeoutMs: 30_000 }), 'ok');
      assert.deepEqual(proxy.seen.slice(0, 3), ['POST /v1/intents', 'POST /v1/intents', 'POST /v1/intents']);
    } finally {
      await proxy.close();
    }
  });

  test('503 beyond the retry budget is a typed error without the key', async () => {
    const proxy = await flakyProxy(URL_, 5);
    try {
      await assert.rejects(client(proxy.url, { maxRetries: 1 }).submit(intent('sdk.read')), (e) => {
        assert.ok(e instanceof CountersignError);
        assert.equal(e.httpStatus, 503);
        assert.ok(!e.message.includes(AGENT_KEY));
        return true;
      });
    } finally {
      await proxy.close();
    }
  });
});
