"""Typed errors: every failure the client raises is a CountersignError; denials name who decided and why."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from ._model import Verdict


class CountersignError(Exception):
    """A failed gateway call, with the HTTP status (0 on the client side), the gateway's error code, the
    offending field and the request id to quote to operators. Never contains the API key or parameter values."""

    def __init__(self, message: str, *, http_status: int = 0, error_code: Optional[str] = None,
                 field: Optional[str] = None, request_id: Optional[str] = None,
                 refused_intent_id: Optional[str] = None) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.error_code = error_code
        self.field = field
        self.request_id = request_id
        # The id under which the gateway audited its refusal (403 principal_not_allowed or delegation_not_proven).
        self.refused_intent_id = refused_intent_id


class AuthenticationError(CountersignError):
    """HTTP 401: the API key is missing, unknown or revoked."""


class PermissionDeniedError(CountersignError):
    """HTTP 403: the key may not do this (for example name that principal, or report another agent's intent)."""


class VerdictTimeoutError(CountersignError):
    """No verdict in time. The intent is still pending: wait again with ``client.await_verdict(e.intent_id)``."""

    def __init__(self, intent_id: str, timeout: float, last_status: Optional[str]) -> None:
        super().__init__("no verdict for intent %s within %ss (last status %s); the intent is still pending on the gateway:"
                         " wait again with await_verdict(intent_id) or use a longer timeout" % (intent_id, timeout, last_status))
        self.intent_id = intent_id
        self.timeout = timeout
        self.last_status = last_status


class IntentDeniedError(CountersignError):
    """The intent was not allowed (policy, approvers, or expiry); under ``guard`` the action did not run.

    The message names who decided, each approver's answer and reason, the matched rules and the gateway's message.
    """

    def __init__(self, action: str, intent_id: str, verdict: "Verdict") -> None:
        super().__init__(describe(action, intent_id, verdict), request_id=verdict.request_id)
        self.intent_id = intent_id
        self.verdict = verdict

    @property
    def decided_by(self) -> str:
        return self.verdict.decided_by

    @property
    def rule_ids(self) -> list:
        return [r.id for r in self.verdict.matched_rules]


def describe(action: str, intent_id: str, v: "Verdict") -> str:
    who = {"POLICY": "was denied by policy", "APPROVERS": "was denied by approvers",
           "EXPIRED": "expired before approvers decided (unanswered reviews count as denied)"}
    parts = ["intent '%s' (%s) %s" % (action, intent_id, who.get(v.decided_by, "was not allowed (outcome %s, decided by %s)"
                                                                   % (v.outcome, v.decided_by)))]
    if v.decisions:
        parts.append("approvers: " + ", ".join("%s %s%s" % (d.approver, d.decision, " (%s)" % d.reason if d.reason else "")
                                               for d in v.decisions))
    if v.matched_rules:
        parts.append("matched rules: " + ", ".join("%s(%s)" % (r.id, r.effect) for r in v.matched_rules))
    if v.message:
        parts.append("message: " + v.message)
    if v.policy_version:
        parts.append("policy version " + v.policy_version)
    return "; ".join(parts)
