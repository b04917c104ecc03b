"""The client: submit intents, wait for verdicts, report executions, and guard actions with all three."""
from __future__ import annotations

import contextlib
import functools
import logging
import threading
import time
import uuid
from typing import Any, Callable, Iterator, Optional, TypeVar, Union

from ._errors import CountersignError, IntentDeniedError, VerdictTimeoutError
from ._model import Caller, ExecutionReport, Intent, Review, Verdict
from ._transport import Transport, segment

LOG = logging.getLogger("countersign")
T = TypeVar("T")
#: Default time guard waits for a verdict: human review takes time.
DEFAULT_GUARD_TIMEOUT = 15 * 60.0
#: Longest wait one long-poll asks the gateway to hold (the gateway allows 60s).
MAX_WAIT_SECONDS = 30


class Countersign:
    """Client of the Countersign ingest gateway. Thread-safe; the API key is never logged nor shown.

    >>> cs = connect("http://127.0.0.1:8088", os.environ["COUNTERSIGN_API_KEY"])
    >>> rows = cs.guard(Intent("db.export", principal="user:alice@example.com", targets=["pg://crm/customers"]), export)
    """

    def __init__(self, url: str, api_key: str, *, request_timeout: float = 30.0, max_retries: int = 5,
                 initial_backoff: float = 0.2, max_backoff: float = 10.0) -> None:
        self._transport = Transport(url, api_key, request_timeout=request_timeout, max_retries=max_retries,
                                    initial_backoff=initial_backoff, max_backoff=max_backoff)
        self._poll_pause = initial_backoff

    def __repr__(self) -> str:
        return "Countersign(url=%r)" % self._transport.base

    def submit(self, intent: Intent, *, delegation_token: Optional[str] = None) -> str:
        """POST /v1/intents; returns the intent id. Retried safely under one idempotency key.

        ``delegation_token`` (sent as ``Countersign-Delegation``) is the principal's token-exchange token
        proving the principal delegated to this agent, when the gateway is configured for OIDC.
        """
        key = intent.idempotency_key or str(uuid.uuid4())
        headers = {"Idempotency-Key": key}
        if delegation_token:
            headers["Countersign-Delegation"] = delegation_token
        body = self._transport.call("POST", "v1/intents", intent.to_json(key), idempotent=True, headers=headers)
        intent_id = body.get("intentId")
        if not isinstance(intent_id, str) or not intent_id:
            raise CountersignError("the gateway accepted %r but returned no intentId" % (intent,))
        return intent_id

    def caller(self) -> Caller:
        """What this client's API key is (GET /v1/me): its agent, owner, roles and the principals it may name."""
        body = self._transport.call("GET", "v1/me", idempotent=True)
        if not isinstance(body, dict):
            raise CountersignError("GET /v1/me answered something other than a JSON object")
        return Caller.from_json(body)

    def status(self, intent_id: str) -> str:
        """The intent's current status once, without waiting (PENDING, PENDING_REVIEW, ALLOWED, DENIED, EXPIRED)."""
        return self._state(intent_id, 0)[0]

    def review(self, intent_id: str) -> Optional[Review]:
        """What the intent's pending review waits for, once, without waiting (quorum, approvals so far, groups, expiry);
        None when it waits for no review, or the gateway has not read the review yet or does not report it."""
        body = self._transport.call("GET", "v1/intents/%s" % segment(intent_id), idempotent=True)
        r = body.get("review")
        return Review.from_json(r) if isinstance(r, dict) and body.get("status") == "PENDING_REVIEW" else None

    def await_verdict(self, intent_id: str, timeout: float = DEFAULT_GUARD_TIMEOUT, *,
                      cancel: Optional[threading.Event] = None) -> Verdict:
        """Long-polls until the intent is decided; the verdict may be a denial (check ``verdict.allowed``).

        Raises VerdictTimeoutError after ``timeout`` seconds, CountersignError when ``cancel`` is set.
        """
        if timeout < 0:
            raise ValueError("timeout must not be negative")
        deadline = time.monotonic() + timeout
        while True:
            if cancel is not None and cancel.is_set():
                raise CountersignError("cancelled while waiting for the verdict of intent " + intent_id)
            wait = int(max(0, min(MAX_WAIT_SECONDS, deadline - time.monotonic())))
            started = time.monotonic()
            status, verdict = self._state(intent_id, wait, cancel)
            if verdict is not None:
                return verdict
            now = time.monotonic()
            if now >= deadline:
                raise VerdictTimeoutError(intent_id, timeout, status)
            # Answered well before the wait ran out (or a sub-second remainder): do not hammer the gateway.
            if wait == 0 or now - started < wait / 2:
                pause = min(self._poll_pause, deadline - now)
                if cancel is not None:
                    cancel.wait(pause)
                else:
                    time.sleep(pause)

    def report_execution(self, intent_id: str, report: ExecutionReport) -> None:
        """POST /v1/intents/{id}/execution. Not retried after a lost answer: it may have been recorded."""
        self._transport.call("POST", "v1/intents/%s/execution" % segment(intent_id), report.to_json(), idempotent=False)

    def guard(self, intent: Intent, action: Callable[[], T], *, timeout: float = DEFAULT_GUARD_TIMEOUT,
              delegation_token: Optional[str] = None) -> T:
        """Runs ``action`` only if ``intent`` is allowed; reports STARTED, then SUCCEEDED or FAILED with the verdict's hash.

        Raises IntentDeniedError or VerdictTimeoutError (the action did not run), or whatever ``action`` raises.
        """
        with self.guarding(intent, timeout=timeout, delegation_token=delegation_token):
            return action()

    @contextlib.contextmanager
    def guarding(self, intent: Intent, *, timeout: float = DEFAULT_GUARD_TIMEOUT,
                 delegation_token: Optional[str] = None) -> Iterator[Verdict]:
        """Context manager form of :meth:`guard`: the block runs only if allowed and yields the verdict."""
        intent_id = self.submit(intent, delegation_token=delegation_token)
        verdict = self.await_verdict(intent_id, timeout)
        if not verdict.allowed:
            raise IntentDeniedError(intent.action, intent_id, verdict)
        digest = verdict.intent_hash or ""
        # If STARTED cannot be recorded we do not run: an unaudited privileged action is worse than a failed one.
        self.report_execution(intent_id, ExecutionReport("STARTED", digest))
        try:
            yield verdict
        except BaseException as failure:
            try:
                # Only the class name: exception messages often carry the very data being protected.
                self.report_execution(intent_id, ExecutionReport("FAILED", digest, detail=type(failure).__name__))
            except CountersignError as e:
                LOG.warning("intent %s failed and reporting FAILED failed too: %s", intent_id, e)
            raise
        try:
            self.report_execution(intent_id, ExecutionReport("SUCCEEDED", digest))
        except CountersignError as e:
            # The action took effect; raising now would invite the caller to run it twice.
            LOG.warning("intent %s (%s) ran but reporting SUCCEEDED failed: %s", intent_id, intent.action, e)

    def guarded(self, intent: Union[Intent, Callable[..., Intent]], *,
                timeout: float = DEFAULT_GUARD_TIMEOUT) -> Callable[[Callable[..., T]], Callable[..., T]]:
        """Decorator form of :meth:`guard`. ``intent`` is an Intent, or a function of the call's arguments
        returning one (so targets and parameters can come from the arguments)."""
        def decorate(fn: Callable[..., T]) -> Callable[..., T]:
            @functools.wraps(fn)
            def wrapper(*args: Any, **kwargs: Any) -> T:
                current = intent(*args, **kwargs) if callable(intent) else intent
                return self.guard(current, lambda: fn(*args, **kwargs), timeout=timeout)
            return wrapper
        return decorate

    def _state(self, intent_id: str, wait: int, cancel: Optional[threading.Event] = None):
        path = "v1/intents/%s%s" % (segment(intent_id), "?wait=%ds" % wait if wait > 0 else "")
        body = self._transport.call("GET", path, idempotent=True, extra_timeout=wait, cancel=cancel)
        status = body.get("status") if isinstance(body.get("status"), str) else "UNKNOWN"
        v = body.get("verdict")
        if isinstance(v, dict):
            return status, Verdict.from_json(v)
        # An EXPIRED status without a verdict body still ends the wait, as a denial by expiry.
        return status, Verdict.expired() if status == "EXPIRED" else None


def connect(url: str, api_key: str, **options: Any) -> Countersign:
    """A client for the gateway at ``url`` (e.g. http://127.0.0.1:8088); nothing is sent until the first call."""
    return Countersign(url, api_key, **options)


