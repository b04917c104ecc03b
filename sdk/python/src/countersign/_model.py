"""Immutable values of the gateway contract (openapi.json): intents, verdicts, execution reports."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

#: Intent statuses on the gateway (IntentStatus.status); UNKNOWN is a newer gateway's value, never final.
STATUSES = ("PENDING", "PENDING_REVIEW", "ALLOWED", "DENIED", "EXPIRED")
FINAL_STATUSES = ("ALLOWED", "DENIED", "EXPIRED")
EXECUTION_STATUSES = ("STARTED", "SUCCEEDED", "FAILED", "CANCELLED")


@dataclass(frozen=True)
class Destination:
    """Where the action sends data; ``external`` is the agent's view, recorded but ignored by policy."""
    uri: str
    external: bool = False


@dataclass(frozen=True)
class Intent:
    """What an agent asks to do (IntentRequest). ``parameters`` are strings: encode structured values as JSON.

    Without ``idempotency_key`` each submission gets a fresh one, so the same ``Intent`` may be submitted
    (or guarded) repeatedly while the SDK's own retries of one submission never create a second intent.
    ``repr`` shows only the action and targets: principals and parameter values may be sensitive.
    """
    action: str
    principal: str
    targets: Tuple[str, ...]
    delegation_chain: Tuple[str, ...] = ()
    destination: Optional[Destination] = None
    parameters: Mapping[str, str] = field(default_factory=dict, hash=False)
    reason: Optional[str] = None
    environment: Optional[str] = None
    framework: Optional[str] = None
    model: Optional[str] = None
    idempotency_key: Optional[str] = None

    def __init__(self, action: str, *, principal: str, targets: Sequence[str], delegation_chain: Sequence[str] = (),
                 destination: Optional[Destination] = None, parameters: Optional[Mapping[str, str]] = None,
                 reason: Optional[str] = None, environment: Optional[str] = None, framework: Optional[str] = None,
                 model: Optional[str] = None, idempotency_key: Optional[str] = None) -> None:
        if not action or not action.strip():
            raise ValueError('an intent needs an action, e.g. Intent("db.export", ...)')
        if not principal or not principal.strip():
            raise ValueError("intent %r needs a principal (who the agent acts for), e.g. user:alice@example.com" % action)
        if isinstance(targets, str) or not targets:
            raise ValueError("intent %r needs a list of at least one target, e.g. ['pg://crm/customers']" % action)
        params = dict(parameters or {})
        for k, v in params.items():
            if not isinstance(k, str) or not isinstance(v, str):
                raise TypeError("parameter %r of intent %r: names and values must be strings (send structured values as JSON text)"
                                % (k, action))
        for name, value in (("action", action), ("principal", principal), ("targets", tuple(targets)),
                            ("delegation_chain", tuple(delegation_chain)), ("destination", destination),
                            ("parameters", params), ("reason", reason), ("environment", environment),
                            ("framework", framework), ("model", model), ("idempotency_key", idempotency_key)):
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return "Intent(action=%r, targets=%r)" % (self.action, list(self.targets))

    def to_json(self, idempotency_key: str) -> Dict[str, Any]:
        """The request body of POST /v1/intents."""
        body: Dict[str, Any] = {"action": self.action, "principal": self.principal, "targets": list(self.targets)}
        if self.delegation_chain:
            body["delegationChain"] = list(self.delegation_chain)
        if self.destination is not None:
            body["destination"] = {"uri": self.destination.uri, "external": self.destination.external}
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        for key, value in (("reason", self.reason), ("environment", self.environment), ("framework", self.framework),
                           ("model", self.model)):
            if value is not None:
                body[key] = value
        body["idempotencyKey"] = idempotency_key
        return body


@dataclass(frozen=True)
class MatchedRule:
    """A policy rule that matched: its id, effect (ALLOW, REVIEW, DENY) and description."""
    id: Optional[str]
    effect: Optional[str]
    description: Optional[str] = None


@dataclass(frozen=True)
class ApproverDecision:
    """One approver's answer on a verdict."""
    approver: Optional[str]
    decision: Optional[str]
    reason: Optional[str] = None
    channel: Optional[str] = None
    decided_at: Optional[_dt.datetime] = None
    #: How the approver was authenticated, as the gateway reports it: method (e.g. OIDC_STEP_UP), authTime, amr, acr.
    authentication: Optional[Mapping[str, Any]] = field(default=None, hash=False, compare=False)


@dataclass(frozen=True)
class Verdict:
    """The final decision: outcome ALLOWED or DENIED, decided_by POLICY, APPROVERS or EXPIRED, and why.

    ``intent_hash`` is the SHA-256 of the canonical intent it applies to: report it as the executed hash.
    """
    outcome: str
    decided_by: str
    decisions: Tuple[ApproverDecision, ...] = ()
    matched_rules: Tuple[MatchedRule, ...] = ()
    policy_version: Optional[str] = None
    intent_hash: Optional[str] = None
    request_id: Optional[str] = None
    message: Optional[str] = None
    received_at: Optional[_dt.datetime] = None
    decided_at: Optional[_dt.datetime] = None
    latency_ms: Optional[int] = None

    @property
    def allowed(self) -> bool:
        """True only for ALLOWED; unknown outcomes fail closed."""
        return self.outcome == "ALLOWED"

    @staticmethod
    def from_json(v: Mapping[str, Any]) -> "Verdict":
        return Verdict(
            outcome=_text(v, "outcome") or "UNKNOWN", decided_by=_text(v, "decidedBy") or "UNKNOWN",
            decisions=tuple(ApproverDecision(_text(d, "approver"), _text(d, "decision"), _text(d, "reason"),
                                             _text(d, "channel"), _instant(_text(d, "decidedAt")),
                                             d.get("authentication") if isinstance(d.get("authentication"), dict) else None)
                            for d in _objects(v.get("decisions"))),
            matched_rules=tuple(MatchedRule(_text(r, "id"), _text(r, "effect"), _text(r, "description"))
                                for r in _objects(v.get("matchedRules"))),
            policy_version=_text(v, "policyVersion"), intent_hash=_text(v, "intentHash"), request_id=_text(v, "requestId"),
            message=_text(v, "message"), received_at=_instant(_text(v, "receivedAt")),
            decided_at=_instant(_text(v, "decidedAt")),
            latency_ms=v.get("latencyMs") if isinstance(v.get("latencyMs"), int) else None)

    @staticmethod
    def expired() -> "Verdict":
        """What an EXPIRED status without a verdict body means: denied by expiry."""
        return Verdict("DENIED", "EXPIRED", message="the intent expired without a verdict")


@dataclass(frozen=True)
class Review:
    """What a pending review waits for (IntentStatus.review): ``approvals`` of ``quorum`` distinct approvals so far,
    from members of ``eligible_groups``, until ``expires_at``; ``step_up`` when approvers must sign in again.

    ``approved_by`` names who approved only for approver and steward keys; an agent's key gets the count.
    Older gateways send no review.
    """
    request_id: Optional[str]
    quorum: int
    approvals: int
    approved_by: Tuple[str, ...] = ()
    eligible_groups: Tuple[str, ...] = ()
    expires_at: Optional[_dt.datetime] = None
    step_up: bool = False

    @staticmethod
    def from_json(r: Mapping[str, Any]) -> "Review":
        def count(name: str) -> int:
            value = r.get(name)
            return value if isinstance(value, int) and not isinstance(value, bool) else 0
        return Review(request_id=_text(r, "requestId"), quorum=count("quorum"), approvals=count("approvals"),
                      approved_by=_strings(r.get("approvedBy")), eligible_groups=_strings(r.get("eligibleGroups")),
                      expires_at=_instant(_text(r, "expiresAt")), step_up=r.get("stepUp") is True)


@dataclass(frozen=True)
class Caller:
    """What this client's API key is (GET /v1/me): the agent or person it is, the human who owns it, its roles, and
    the principals its intents may name (the owner first); ``any_principal`` when it may name anyone."""
    key_id: Optional[str]
    subject: Optional[str]
    owner: Optional[str]
    roles: Tuple[str, ...] = ()
    principals: Tuple[str, ...] = ()
    any_principal: bool = False

    @staticmethod
    def from_json(c: Mapping[str, Any]) -> "Caller":
        return Caller(key_id=_text(c, "keyId"), subject=_text(c, "subject"), owner=_text(c, "owner"),
                      roles=_strings(c.get("roles")), principals=_strings(c.get("principals")),
                      any_principal=c.get("anyPrincipal") is True)


@dataclass(frozen=True)
class ExecutionReport:
    """What ran (POST /v1/intents/{id}/execution). Keep ``detail`` free of data values: it is audited."""
    status: str
    executed_hash: str
    output_datasets: Tuple[str, ...] = ()
    rows_affected: Optional[int] = None
    detail: Optional[str] = None

    def to_json(self) -> Dict[str, Any]:
        if self.status not in EXECUTION_STATUSES:
            raise ValueError("execution status must be one of %s" % (EXECUTION_STATUSES,))
        body: Dict[str, Any] = {"status": self.status, "executedHash": self.executed_hash}
        if self.output_datasets:
            body["outputDatasets"] = list(self.output_datasets)
        if self.rows_affected is not None:
            body["rowsAffected"] = self.rows_affected
        if self.detail is not None:
            body["detail"] = self.detail
        return body


def _text(node: Any, name: str) -> Optional[str]:
    value = node.get(name) if isinstance(node, Mapping) else None
    return value if isinstance(value, str) else None


def _objects(value: Any) -> List[Mapping[str, Any]]:
    return [x for x in value if isinstance(x, Mapping)] if isinstance(value, list) else []


def _strings(value: Any) -> Tuple[str, ...]:
    return tuple(x for x in value if isinstance(x, str)) if isinstance(value, list) else ()


def _instant(text: Optional[str]) -> Optional[_dt.datetime]:
    if text is None:
        return None
    try:
        return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None  # an odd timestamp must not break a verdict
