"""The intent hash, computed exactly as the gateway does (io.countersign.contracts.canonical.IntentHash).

Canonical JSON: object keys sorted by UTF-16 code units (Java's String order), no white space, UTF-8,
only quote, backslash and control characters escaped (control characters other than the short forms
as \\u00XX with upper-case hex, as Jackson writes them). The repository's shared test vectors
(contracts/src/test/resources/intent-hash-vectors.json) hold this to the Java implementation.
"""
from __future__ import annotations

import hashlib
from typing import Any, List, Mapping, Optional, Sequence

_SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _string(value: str) -> str:
    out: List[str] = ['"']
    for ch in value:
        if ch in _SHORT:
            out.append(_SHORT[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04X" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _java_order(key: str) -> bytes:
    # Big-endian UTF-16 bytes compare like Java's String.compareTo (code units, not code points).
    return key.encode("utf-16-be", "surrogatepass")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Mapping):
        items = sorted(value.items(), key=lambda kv: _java_order(kv[0]))
        return "{" + ",".join(_string(k) + ":" + _value(v) for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_value(v) for v in value) + "]"
    raise TypeError("canonical intent values are strings, booleans, lists and string maps, not %s" % type(value).__name__)


def canonical_json(*, intent_id: str, agent: str, principal: str, delegation_chain: Sequence[str], action: str,
                   targets: Sequence[str], parameters: Optional[Mapping[str, str]] = None,
                   destination: Optional[Mapping[str, Any]] = None, environment: str = "prod") -> str:
    """The canonical text the gateway hashes, from the intent as the gateway stored it.

    ``delegation_chain`` is the completed chain (principal first, the agent last) and ``targets`` are in
    the gateway's canonical URI form; ``destination`` is ``{"uri": ..., "external": bool}`` or None.
    """
    form: dict = {
        "intentId": intent_id, "agent": agent, "principal": principal, "delegationChain": list(delegation_chain),
        "action": action, "targets": list(targets), "parameters": dict(parameters or {}), "environment": environment,
    }
    if destination is not None:
        form["destination"] = {"external": bool(destination.get("external", False)), "uri": destination["uri"]}
    for key, val in form["parameters"].items():
        if not isinstance(key, str) or not isinstance(val, str):
            raise TypeError("parameter %r: names and values must be strings (encode structured values as JSON text)" % (key,))
    return _value(form)


def sha256_hex(text: str) -> str:
    """Lower-case hex SHA-256 of the UTF-8 bytes of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def intent_hash(**fields: Any) -> str:
    """Hex SHA-256 of :func:`canonical_json` of the same keyword arguments: the verdict's ``intent_hash``."""
    return sha256_hex(canonical_json(**fields))
