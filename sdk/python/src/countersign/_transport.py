"""One logical gateway call: bearer authentication, JSON, and retries with full jitter.

Retried: 408, 429 and 503 (the gateway did not process the request), and for idempotent calls also 502,
504 and lost connections (a lost answer might hide a processed request). A Retry-After wins over the
computed backoff but is capped at ``max_backoff``.
"""
from __future__ import annotations

import json
import random
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Mapping, Optional

from ._errors import AuthenticationError, CountersignError, PermissionDeniedError

USER_AGENT = "countersign-sdk-python/0.1"


class Transport:
    def __init__(self, url: str, api_key: str, *, request_timeout: float = 30.0, max_retries: int = 5,
                 initial_backoff: float = 0.2, max_backoff: float = 10.0) -> None:
        scheme = urllib.parse.urlsplit(url).scheme
        if scheme not in ("http", "https"):
            raise ValueError("url must be an http(s) URL such as http://127.0.0.1:8088, got %r" % url)
        if not api_key or any(ord(c) <= 0x20 or ord(c) >= 0x7F for c in api_key):
            raise ValueError("api_key is missing or holds whitespace/non-ASCII characters: set COUNTERSIGN_API_KEY")
        if max_retries < 0 or initial_backoff <= 0 or max_backoff < initial_backoff:
            raise ValueError("need max_retries >= 0 and 0 < initial_backoff <= max_backoff")
        self.base = url.rstrip("/") + "/"
        self._key = api_key
        self.request_timeout = request_timeout
        self.max_retries = max_retries
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff

    def call(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None, *, idempotent: bool,
             extra_timeout: float = 0.0, headers: Optional[Mapping[str, str]] = None,
             cancel: Optional[threading.Event] = None) -> Dict[str, Any]:
        """Performs the call (``path`` without the leading slash) and returns the parsed 2xx body."""
        what = "%s /%s" % (method, path)
        payload = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        attempt = 0
        while True:
            attempt += 1
            req = urllib.request.Request(self.base + path, data=payload, method=method)
            req.add_header("Authorization", "Bearer " + self._key)
            req.add_header("Accept", "application/json")
            req.add_header("User-Agent", USER_AGENT)
            if payload is not None:
                req.add_header("Content-Type", "application/json; charset=utf-8")
            for name, value in (headers or {}).items():
                req.add_header(name, value)
            try:
                with urllib.request.urlopen(req, timeout=self.request_timeout + extra_timeout) as resp:
                    raw = resp.read()
                    return json.loads(raw) if raw else {}
            except urllib.error.HTTPError as e:
                status, raw, retry_after = e.code, e.read(), e.headers.get("Retry-After")
                if _retryable(status, idempotent) and attempt <= self.max_retries:
                    self._pause(attempt, _seconds(retry_after), cancel, what)
                    continue
                raise self._error(what, status, raw, e.headers.get("X-Request-Id"), attempt) from None
            except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError) as e:
                reason = getattr(e, "reason", e)
                if not idempotent or attempt > self.max_retries:
                    raise CountersignError(self._redact("%s to %s failed after %d attempt(s): %s%s" % (
                        what, self.base, attempt, reason, "" if idempotent else " (not retried: the gateway may have processed it)"))
                    ) from None
                self._pause(attempt, None, cancel, what)

    def _pause(self, attempt: int, retry_after: Optional[float], cancel: Optional[threading.Event], what: str) -> None:
        if retry_after is not None:
            delay = min(max(0.0, retry_after), self.max_backoff)
        else:
            # Full jitter: a random delay up to the exponential cap spreads agents hit by the same outage.
            delay = random.uniform(0, min(self.max_backoff, self.initial_backoff * (2 ** min(attempt - 1, 30))))
        if cancel is not None:
            if cancel.wait(delay):
                raise CountersignError("cancelled while backing off before retrying " + what)
        else:
            threading.Event().wait(delay)

    def _error(self, what: str, status: int, raw: bytes, header_request_id: Optional[str], attempts: int) -> CountersignError:
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = {}
        body = body if isinstance(body, dict) else {}
        code, message, field = (self._redact(body.get(k)) if isinstance(body.get(k), str) else None
                                for k in ("error", "message", "field"))
        request_id = body.get("requestId") if isinstance(body.get("requestId"), str) else header_request_id
        refused_intent_id = body.get("intentId") if isinstance(body.get("intentId"), str) else None
        text = "%s answered HTTP %d%s: %s" % (what, status, " " + code if code else "", message or "no error message in the response")
        if field:
            text += " (field %s)" % field
        if request_id:
            text += " [requestId %s]" % request_id
        if attempts > 1:
            text += " - gave up after %d attempts" % attempts
        kind = AuthenticationError if status == 401 else PermissionDeniedError if status == 403 else CountersignError
        return kind(text, http_status=status, error_code=code, field=field, request_id=request_id,
                    refused_intent_id=refused_intent_id)

    def _redact(self, text: Optional[str]) -> Optional[str]:
        # A proxy echoing the key must not leak it into messages or logs.
        return None if text is None else text.replace(self._key, "***")


def _retryable(status: int, idempotent: bool) -> bool:
    return status in (408, 429, 503) or (idempotent and status in (502, 504))


def _seconds(header: Optional[str]) -> Optional[float]:
    try:
        value = float(header.strip()) if header else None
    except ValueError:
        return None
    return value if value is not None and value >= 0 else None


def segment(value: str) -> str:
    """Percent-encodes an id so it can never alter the path."""
    if not value or not value.strip():
        raise ValueError("intent id must not be empty")
    return urllib.parse.quote(value, safe="")
