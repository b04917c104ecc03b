// Test support: the gateway the Maven build started (environment variables), the approver's API calls,
// and a loopback proxy that answers 503 a given number of times before forwarding.
import { createServer } from 'node:http';

export const URL_ = process.env.COUNTERSIGN_URL;
export const AGENT_KEY = process.env.COUNTERSIGN_API_KEY;
export const APPROVER_KEY = process.env.COUNTERSIGN_APPROVER_KEY;
export const AGENT = process.env.COUNTERSIGN_AGENT;
export const PRINCIPAL = 'user:alice@example.com';
export const skip = URL_ && AGENT_KEY ? false
  : 'needs the gateway the Maven build starts (sdk-tests: SdkClientsIT sets COUNTERSIGN_URL and the keys)';

async function approver(method, path, body) {
  const r = await fetch(URL_.replace(/\/$/, '') + path, {
    method,
    headers: { Authorization: `Bearer ${APPROVER_KEY}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : {} };
}

/** Waits until the intent's approval request is listed, then approves it through the approval API; the HTTP status. */
export async function approveWhenPending(intentId, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const listed = await approver('GET', '/v1/approvals?status=pending');
    const mine = (listed.body.approvals ?? []).find((a) => a.intentId === intentId);
    if (mine) {
      return (await approver('POST', `/v1/approvals/${mine.requestId}/decisions`, { decision: 'APPROVE', reason: 'checked by the SDK test' })).status;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no pending approval for intent ${intentId}`);
}

/** Answers the first `failures` requests with 503 (Retry-After: 0), then forwards to the gateway. */
export async function flakyProxy(target, failures) {
  const seen = [];
  let remaining = failures;
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    seen.push(`${req.method} ${req.url}`);
    if (remaining > 0) {
      remaining--;
      res.writeHead(503, { 'Retry-After': '0', 'Content-Type': 'application/json' });
      res.end('{"error":"unavailable","message":"try again","requestId":"proxy"}');
      return;
    }
    const headers = { ...req.headers };
    delete headers.host;
    delete headers['content-length'];
    delete headers.connection;
    const r = await fetch(target.replace(/\/$/, '') + req.url, {
      method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    res.writeHead(r.status, { 'Content-Type': 'application/json' });
    res.end(Buffer.from(await r.arrayBuffer()));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) };
}
