"""Test support: the gateway the Maven build started (environment variables), the approver's API calls,
and a loopback proxy that answers 503 a given number of times before forwarding."""
import http.server
import json
import os
import threading
import time
import urllib.request

URL = os.environ.get("COUNTERSIGN_URL")
AGENT_KEY = os.environ.get("COUNTERSIGN_API_KEY")
APPROVER_KEY = os.environ.get("COUNTERSIGN_APPROVER_KEY")
AGENT = os.environ.get("COUNTERSIGN_AGENT")
PRINCIPAL = "user:alice@example.com"
NEEDS_GATEWAY = "needs the gateway the Maven build starts (sdk-tests: SdkClientsIT sets COUNTERSIGN_URL and the keys)"


def approver(method, path, body=None):
    req = urllib.request.Request(URL.rstrip("/") + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + APPROVER_KEY, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        raw = r.read()
        return r.status, (json.loads(raw) if raw else {})


def approve_when_pending(intent_id, timeout=30.0):
    """Waits until the intent's approval request is listed, then approves it through the approval API."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _, listed = approver("GET", "/v1/approvals?status=pending")
        for a in listed.get("approvals", []):
            if a.get("intentId") == intent_id:
                return approver("POST", "/v1/approvals/%s/decisions" % a["requestId"],
                                {"decision": "APPROVE", "reason": "checked by the SDK test"})[0]
        time.sleep(0.2)
    raise AssertionError("no pending approval for intent %s" % intent_id)


class FlakyProxy:
    """Answers the first ``failures`` requests with 503 (Retry-After: 0), then forwards to the gateway."""

    def __init__(self, target, failures):
        proxy = self
        self.target, self.remaining, self.seen = target.rstrip("/"), failures, []

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _any(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                proxy.seen.append(self.command + " " + self.path)
                if proxy.remaining > 0:
                    proxy.remaining -= 1
                    body = b'{"error":"unavailable","message":"try again","requestId":"proxy"}'
                    self.send_response(503)
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                req = urllib.request.Request(proxy.target + self.path, data=raw or None, method=self.command, headers=headers)
                try:
                    with urllib.request.urlopen(req, timeout=60) as r:
                        status, data = r.status, r.read()
                except urllib.error.HTTPError as e:
                    status, data = e.code, e.read()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _any

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
