"""Countersign client for Python agents: submit action intents to the ingest gateway, wait for the verdict,
and run privileged actions only when allowed (``guard`` as a function, a decorator or a context manager).

Standard library only; Python 3.9+.
"""
from ._client import DEFAULT_GUARD_TIMEOUT, Countersign, connect
from ._errors import (AuthenticationError, CountersignError, IntentDeniedError, PermissionDeniedError,
                      VerdictTimeoutError)
from ._hash import canonical_json, intent_hash, sha256_hex
from ._model import ApproverDecision, Caller, Destination, ExecutionReport, Intent, MatchedRule, Review, Verdict

__all__ = ["connect", "Countersign", "DEFAULT_GUARD_TIMEOUT", "Intent", "Destination", "Verdict", "MatchedRule",
           "ApproverDecision", "Review", "Caller", "ExecutionReport", "CountersignError", "AuthenticationError", "PermissionDeniedError",
           "IntentDeniedError", "VerdictTimeoutError", "canonical_json", "intent_hash", "sha256_hex"]
__version__ = "0.1.0"
