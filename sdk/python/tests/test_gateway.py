"""The client against the real ingest gateway and decision pipeline (started by the Maven build, sdk-tests).

The pipeline's policy: ``sdk.delete`` is denied by rule ``no-deletes``; ``sdk.export`` needs one data
steward (ttl 1h); ``sdk.purge`` needs one but expires after 2s; everything else is allowed.
"""
import threading
import time
import unittest

from countersign import (ExecutionReport, Intent, IntentDeniedError, VerdictTimeoutError, connect, intent_hash)
from countersign import CountersignError, PermissionDeniedError
from tests.support import AGENT, AGENT_KEY, NEEDS_GATEWAY, PRINCIPAL, URL, FlakyProxy, approve_when_pending


def intent(action, target="pg://crm/customers", **more):
    return Intent(action, principal=PRINCIPAL, targets=[target], framework="unittest", **more)


@unittest.skipUnless(URL and AGENT_KEY, NEEDS_GATEWAY)
class GatewayTest(unittest.TestCase):

    def setUp(self):
        self.cs = connect(URL, AGENT_KEY, initial_backoff=0.05, max_backoff=1.0)

    def test_allowed_action_runs_and_the_verdict_hash_is_the_one_computed_here(self):
        asked = intent("sdk.read", parameters={"limit": "10", "filter": '{"country":"DE"}', "名前": "zoë"})
        intent_id = self.cs.submit(asked)
        verdict = self.cs.await_verdict(intent_id, 30)
        self.assertTrue(verdict.allowed)
        self.assertEqual("POLICY", verdict.decided_by)
        self.assertEqual(intent_hash(intent_id=intent_id, agent=AGENT, principal=PRINCIPAL, delegation_chain=[PRINCIPAL, AGENT],
                                     action="sdk.read", targets=["pg://crm/customers"], parameters=asked.parameters,
                                     environment="prod"), verdict.intent_hash)
        self.cs.report_execution(intent_id, ExecutionReport("SUCCEEDED", verdict.intent_hash, rows_affected=10))

    def test_guard_runs_the_action_once_when_allowed(self):
        calls = []
        self.assertEqual("done", self.cs.guard(intent("sdk.read"), lambda: calls.append(1) or "done", timeout=30))
        self.assertEqual([1], calls)

    def test_denied_raises_a_typed_error_naming_the_rule_and_the_action_never_runs(self):
        calls = []
        with self.assertRaises(IntentDeniedError) as caught:
            self.cs.guard(intent("sdk.delete"), lambda: calls.append(1), timeout=30)
        self.assertEqual([], calls)
        self.assertEqual("POLICY", caught.exception.decided_by)
        self.assertIn("no-deletes", caught.exception.rule_ids)
        self.assertIn("denied by policy", str(caught.exception))
        self.assertIn("no-deletes", str(caught.exception))

    def test_review_approved_through_the_approval_api_runs_the_decorated_function(self):
        submitted = []
        original = self.cs.submit

        def remember(i, **kw):
            submitted.append(original(i, **kw))
            return submitted[-1]
        self.cs.submit = remember

        @self.cs.guarded(lambda table: intent("sdk.export", target="pg://crm/" + table), timeout=60)
        def export(table):
            return "exported " + table

        approvals = []
        approver = threading.Thread(target=lambda: approvals.append(self._approve_first(submitted)))
        approver.start()
        self.assertEqual("exported customers", export("customers"))
        approver.join(30)
        self.assertEqual([202], approvals)

    def _approve_first(self, submitted):
        for _ in range(300):
            if submitted:
                return approve_when_pending(submitted[0])
            threading.Event().wait(0.1)
        raise AssertionError("nothing submitted")

    def test_context_manager_reports_failed_and_reraises_the_actions_error(self):
        with self.assertRaises(KeyError):
            with self.cs.guarding(intent("sdk.read"), timeout=30) as verdict:
                self.assertTrue(verdict.allowed)
                raise KeyError("boom")

    def test_unanswered_review_expires_into_a_denial_by_expiry(self):
        with self.assertRaises(IntentDeniedError) as caught:
            self.cs.guard(intent("sdk.purge"), lambda: self.fail("must not run"), timeout=60)
        self.assertEqual("EXPIRED", caught.exception.decided_by)
        self.assertIn("expired", str(caught.exception))

    def test_waiting_longer_than_the_timeout_raises_a_timeout_naming_the_pending_intent(self):
        intent_id = self.cs.submit(intent("sdk.export"))
        with self.assertRaises(VerdictTimeoutError) as caught:
            self.cs.await_verdict(intent_id, 1.5)
        self.assertEqual(intent_id, caught.exception.intent_id)
        self.assertIn(caught.exception.last_status, ("PENDING", "PENDING_REVIEW"))

    def test_a_pending_review_says_what_it_waits_for_without_naming_approvers_to_the_agent(self):
        intent_id = self.cs.submit(intent("sdk.export"))
        deadline = time.monotonic() + 20
        review = self.cs.review(intent_id)
        while review is None and time.monotonic() < deadline:
            time.sleep(0.2)
            review = self.cs.review(intent_id)
        self.assertIsNotNone(review, "the review of %s was never reported" % intent_id)
        self.assertEqual((1, 0, ("data-stewards",), ()), (review.quorum, review.approvals, review.eligible_groups, review.approved_by))
        self.assertIsNotNone(review.expires_at)
        self.assertIsNone(self.cs.review(self.cs.submit(intent("sdk.read"))), "an intent without review has none")

    def test_the_caller_is_what_the_key_is_with_its_owner_first_among_the_principals_it_may_name(self):
        me = self.cs.caller()
        self.assertEqual(("key-sdk-agent", AGENT, PRINCIPAL, ("AGENT",)), (me.key_id, me.subject, me.owner, me.roles))
        self.assertEqual(PRINCIPAL, me.principals[0])
        self.assertFalse(me.any_principal)

    def test_a_principal_the_key_may_not_name_is_refused_with_the_id_the_refusal_is_audited_under(self):
        with self.assertRaises(PermissionDeniedError) as caught:
            self.cs.submit(Intent("sdk.read", principal="user:mallory@example.com", targets=["pg://crm/customers"], framework="unittest"))
        self.assertEqual("principal_not_allowed", caught.exception.error_code)
        self.assertRegex(caught.exception.refused_intent_id or "", r"^[0-9a-f-]{36}$")

    def test_a_cancelled_wait_stops(self):
        intent_id = self.cs.submit(intent("sdk.export"))
        cancel = threading.Event()
        threading.Timer(0.5, cancel.set).start()
        with self.assertRaises(CountersignError) as caught:
            self.cs.await_verdict(intent_id, 120, cancel=cancel)
        self.assertIn("cancelled", str(caught.exception))

    def test_two_503_answers_are_retried_and_the_submission_goes_through_once(self):
        proxy = FlakyProxy(URL, failures=2)
        try:
            cs = connect(proxy.url, AGENT_KEY, initial_backoff=0.05, max_backoff=1.0)
            self.assertEqual("ok", cs.guard(intent("sdk.read"), lambda: "ok", timeout=30))
            self.assertEqual(["POST /v1/intents"] * 3, proxy.seen[:3])
        finally:
            proxy.close()

    def test_503_beyond_the_retry_budget_is_a_typed_error(self):
        proxy = FlakyProxy(URL, failures=5)
        try:
            cs = connect(proxy.url, AGENT_KEY, max_retries=1, initial_backoff=0.05, max_backoff=1.0)
            with self.assertRaises(CountersignError) as caught:
                cs.submit(intent("sdk.read"))
            self.assertEqual(503, caught.exception.http_status)
            self.assertNotIn(AGENT_KEY, str(caught.exception))
        finally:
            proxy.close()


if __name__ == "__main__":
    unittest.main()
