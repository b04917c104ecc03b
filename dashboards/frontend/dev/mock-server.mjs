// Dev-only mock of the dashboards server (dashboards/API.md), Node http, no dependencies.
//   UI_OUT=../target/classes/ui PORT=8090 node dev/mock-server.mjs
// Serves the built UI at /ui/ and index.html at /, a bare /login page, and the /api/v1 routes with fixture data.
// MOCK_ROLES=analyst makes the signed-in user an analyst (auditor-only routes answer 403).
// Every response carries a strict Content-Security-Policy, so the UI is proven to need no inline script or style.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve, dirname, extname, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  INTENTS, TIMELINES, ALL_DATASETS, labelsOf, lineage, datasetDoc, usageSeries, NOW, DAY, dayOf, APPROVERS,
} from './fixtures.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const UI_DIR = process.env.UI_OUT ? resolve(process.cwd(), process.env.UI_OUT) : resolve(here, '../../target/classes/ui');
const ROLES = (process.env.MOCK_ROLES || 'analyst,auditor').split(',').filter(Boolean);
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; "
  + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.map': 'application/json', '.svg': 'image/svg+xml' };

/** The server's one error shape: {"error": code, "message": what to do, "requestId"}. */
const ERROR_CODES = { 400: 'invalid_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' };
function apiError(status, message) {
  return { error: ERROR_CODES[status] || (status >= 500 ? 'internal' : 'bad_request'), message, requestId: randomUUID() };
}

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function send(res, status, body, type = 'application/json; charset=utf-8', extra = {}) {
  res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store', ...extra });
  res.end(body);
}
const json = (res, status, obj) => send(res, status, JSON.stringify(obj));

function requireAuditor() {
  if (!ROLES.includes('auditor')) throw new HttpError(403, 'This needs the auditor role; ask an administrator to grant it.');
}

function intParam(q, name, def, min, max) {
  if (!q.has(name)) return def;
  const v = Number(q.get(name));
  if (!Number.isInteger(v) || v < min || v > max) throw new HttpError(400, `${name} must be a whole number from ${min} to ${max}`);
  return v;
}

// ---- audit search ----

const FACETS = ['action', 'label', 'outcome', 'agent', 'principal', 'approver', 'rule'];
const facetValues = (i, f) => ({
  action: [i.action], label: i.labels, outcome: [i.outcome || 'PENDING'], agent: [i.agent], principal: [i.principal],
  approver: i.approvers.map((a) => a.approver), rule: i.rules,
}[f]);

function searchAll(q) {
  const text = (q.get('q') || '').toLowerCase().trim();
  const from = q.get('from');
  const to = q.get('to');
  for (const [name, v] of [['from', from], ['to', to]]) {
    if (v && Number.isNaN(Date.parse(v))) throw new HttpError(400, `${name} must be an ISO-8601 instant, e.g. 2026-11-20T00:00:00Z`);
  }
  if (from && to && Date.parse(from) > Date.parse(to)) throw new HttpError(400, '"from" is after "to": swap them or widen the range');
  const sort = q.get('sort') || 'receivedAt';
  const order = q.get('order') || 'desc';
  if (!['receivedAt', 'timeToDecisionMs', 'riskScore', 'action', 'agent', 'outcome'].includes(sort)) {
    throw new HttpError(400, `unknown sort "${sort}": use receivedAt, timeToDecisionMs, riskScore, action, agent or outcome`);
  }
  if (!['asc', 'desc'].includes(order)) throw new HttpError(400, 'order must be asc or desc');
  let hits = INTENTS.filter((i) => {
    if (from && i.receivedAt < new Date(from).toISOString()) return false;
    if (to && i.receivedAt > new Date(to).toISOString()) return false;
    if (text) {
      const hay = [i.intentId, i.agent, i.principal, i.action, ...i.targets, i.reason, ...i.rules,
        ...i.approvers.flatMap((a) => [a.approver, a.reason || ''])].join(' ').toLowerCase();
      if (!text.split(/\s+/).every((w) => hay.includes(w))) return false;
    }
    return true;
  });
  const filtered = (except) => hits.filter((i) => FACETS.every((f) => {
    if (f === except) return true;
    const wanted = q.getAll(f);
    return wanted.length === 0 || facetValues(i, f).some((v) => wanted.includes(v));
  }));
  const facets = {};
  for (const f of FACETS) {
    const counts = new Map();
    for (const i of filtered(f)) for (const v of new Set(facetValues(i, f))) counts.set(v, (counts.get(v) || 0) + 1);
    facets[f] = [...counts.entries()].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  hits = filtered(null);
  const key = (i) => i[sort] ?? (order === 'asc' ? Infinity : -Infinity);
  hits.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const c = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : x < y ? -1 : x > y ? 1 : 0;
    return order === 'asc' ? c : -c;
  });
  return { hits, facets };
}

function hitOf(i) {
  const { intentId, receivedAt, agent, principal, action, targets, labels, outcome, decidedBy, rules, riskScore, timeToDecisionMs, approvers } = i;
  return { intentId, receivedAt, agent, principal, action, targets, labels, outcome, decidedBy, rules, riskScore, timeToDecisionMs, approvers };
}

function csvCell(v) {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// ---- routes ----

async function api(req, res, segs, q) {
  // segs: decoded path segments after /api/v1
  const [head, id, tail] = segs;
  if (req.method === 'POST' && head === 'intents' && tail === 'verify' && segs.length === 3) {
    requireAuditor();
    const t = TIMELINES.get(id);
    if (!t) throw new HttpError(404, `no intent ${id}`);
    const partition = t[0].chainPartition;
    const first = t[0].sequence;
    const last = t[t.length - 1].sequence;
    if (id === 'int-0005') {
      return json(res, 200, { verified: false, records: t.length, partition, firstSequence: first, lastSequence: last,
        checkpoint: { sequence: last + 3, signedAt: new Date(NOW - 3600000).toISOString(), keyId: 'cs-audit-2026-11', signatureValid: true },
        findings: [{ sequence: t[1].sequence, problem: 'hash does not match content' }, { sequence: t[2].sequence, problem: 'prevHash does not link to the record before it' }] });
    }
    if (INTENTS.find((i) => i.intentId === id) === INTENTS[0]) {
      return json(res, 200, { verified: false, records: t.length, partition, firstSequence: first, lastSequence: last, checkpoint: null,
        findings: [{ sequence: last, problem: 'no signed checkpoint covers this record yet' }] });
    }
    return json(res, 200, { verified: true, records: t.length, partition, firstSequence: first, lastSequence: last,
      checkpoint: { sequence: last + 3, signedAt: new Date(Date.parse(t[t.length - 1].occurredAt) + 60000).toISOString(), keyId: 'cs-audit-2026-11', signatureValid: true },
      findings: [] });
  }
  if (req.method === 'POST' && head === 'policy' && id === 'replay' && segs.length === 2) {
    requireAuditor();
    let yaml = '';
    for await (const chunk of req) yaml += chunk;
    if (/condition:\s*["']?\s*$/m.test(yaml) || !/rules:/.test(yaml)) {
      const problems = ['candidate.yaml:3: rule broken: ERROR: <input>:1:1: Syntax error: mismatched input'];
      return json(res, 400, { ...apiError(400, `the policy does not compile: ${problems[0]}`), problems });
    }
    // Fixture flips: the first reviewed intents would now be denied (their agent strings are the fixtures', hostile ones included).
    const flips = INTENTS.filter((i) => i.review).slice(0, 6).map((i) => ({ intentId: i.intentId, occurredAt: i.receivedAt, agent: i.agent,
      action: i.action, before: 'REVIEW', after: 'DENY', rulesBefore: i.rules, rulesAfter: ['candidate-deny'], cause: 'candidate-deny' }));
    const count = (xs) => xs.reduce((m, x) => ({ ...m, [x]: (m[x] || 0) + 1 }), {});
    return json(res, 200, { from: q.get('from'), to: q.get('to'), report: { replayed: INTENTS.length, flipped: flips.length,
      policyVersion: 'mock', byTransition: count(flips.map(() => 'review→deny')), byRule: count(flips.map((f) => f.cause)),
      byAgentAndAction: count(flips.map((f) => `${f.agent} ${f.action}`)), flips } });
  }
  if (req.method !== 'GET') throw new HttpError(405, 'method not allowed');

  if (head === 'me' && segs.length === 1) return json(res, 200, { username: 'ana', roles: ROLES });

  if (head === 'audit' && id === 'search' && segs.length === 2) {
    const page = intParam(q, 'page', 1, 1, 100000);
    const size = intParam(q, 'size', 25, 1, 200);
    const { hits, facets } = searchAll(q);
    return json(res, 200, { total: hits.length, page, size, hits: hits.slice((page - 1) * size, page * size).map(hitOf), facets });
  }
  if (head === 'audit' && id === 'export.csv' && segs.length === 2) {
    requireAuditor();
    const { hits } = searchAll(q);
    const cols = ['intentId', 'receivedAt', 'agent', 'principal', 'action', 'targets', 'labels', 'outcome', 'decidedBy', 'rules', 'approvers', 'timeToDecisionMs'];
    const lines = [cols.join(',')];
    for (const i of hits) lines.push(cols.map((c) => csvCell(c === 'approvers' ? i.approvers.map((a) => a.approver) : i[c])).join(','));
    return send(res, 200, `${lines.join('\n')}\n`, 'text/csv; charset=utf-8', { 'Content-Disposition': 'attachment; filename="countersign-audit.csv"' });
  }
  if (head === 'intents' && segs.length === 2) {
    const intent = INTENTS.find((i) => i.intentId === id);
    if (!intent) throw new HttpError(404, `no intent ${id}`);
    const blastRadius = intent.targets && intent.targets.length
      ? { line: 'feeds 3 datasets in 2 hops, 2 labelled PII; used by 4 agents this month', available: true, datasets: 3, hops: 2,
        capped: false, labelled: { PII: 2 }, consumers: 4, windowDays: 30 }
      : undefined;
    return json(res, 200, { intent, timeline: TIMELINES.get(id), blastRadius });
  }
  if (head === 'datasets' && segs.length === 1) {
    const text = (q.get('q') || '').toLowerCase();
    const size = intParam(q, 'size', 20, 1, 200);
    const datasets = ALL_DATASETS.filter((d) => d.toLowerCase().includes(text)).slice(0, size)
      .map((d) => ({ dataset: d, labels: labelsOf(d), total: INTENTS.filter((i) => i.targets.includes(d)).length }));
    return json(res, 200, { datasets });
  }
  if (head === 'datasets' && segs.length >= 2) {
    const doc = datasetDoc(id);
    if (!doc) throw new HttpError(404, `nothing is known of dataset ${id}`);
    if (segs.length === 2) return json(res, 200, doc);
    if (tail === 'lineage' && segs.length === 3) {
      return json(res, 200, lineage(id, intParam(q, 'upstream', 2, 0, 10), intParam(q, 'downstream', 2, 0, 10)));
    }
    if (tail === 'usage' && segs.length === 3) {
      const days = intParam(q, 'days', 30, 1, 365);
      return json(res, 200, { days, series: usageSeries(id, days) });
    }
  }
  if (head === 'agents') {
    const days = intParam(q, 'days', 7, 1, 365);
    const since = new Date(NOW - days * DAY).toISOString();
    const recent = INTENTS.filter((i) => i.receivedAt >= since);
    if (segs.length === 1) {
      const m = new Map();
      for (const i of recent) {
        const a = m.get(i.agent) || { agent: i.agent, total: 0, denied: 0, lastSeen: i.receivedAt };
        a.total++;
        if (i.outcome === 'DENIED') a.denied++;
        if (i.receivedAt > a.lastSeen) a.lastSeen = i.receivedAt;
        m.set(i.agent, a);
      }
      return json(res, 200, { agents: [...m.values()].sort((a, b) => b.total - a.total) });
    }
    if (segs.length === 2) {
      if (!INTENTS.some((i) => i.agent === id)) throw new HttpError(404, `no agent ${id}`);
      const mine = recent.filter((i) => i.agent === id);
      const perDay = [];
      for (let d = days - 1; d >= 0; d--) {
        const day = dayOf(NOW - d * DAY);
        const those = mine.filter((i) => i.receivedAt.startsWith(day));
        perDay.push({ day, allowed: those.filter((i) => i.outcome === 'ALLOWED').length,
          denied: those.filter((i) => i.outcome === 'DENIED' && i.decidedBy !== 'EXPIRED').length,
          expired: those.filter((i) => i.decidedBy === 'EXPIRED').length });
      }
      const count = (vals) => {
        const m = new Map();
        for (const v of vals) m.set(v, (m.get(v) || 0) + 1);
        return [...m.entries()].map(([value, c]) => ({ value, count: c })).sort((a, b) => b.count - a.count);
      };
      return json(res, 200, {
        agent: id, days, total: mine.length, denied: mine.filter((i) => i.outcome === 'DENIED').length, perDay,
        actions: count(mine.map((i) => i.action)), datasets: count(mine.flatMap((i) => i.targets)),
        denials: mine.filter((i) => i.outcome === 'DENIED').map(({ intentId, receivedAt, action, targets, rules, verdictMessage }) => ({ intentId, receivedAt, action, targets, rules, verdictMessage })),
      });
    }
  }
  if (head === 'approvals' && id === 'analytics' && segs.length === 2) {
    const days = intParam(q, 'days', 30, 1, 365);
    const fastSeconds = Number(q.get('fastSeconds') || 10);
    if (!(fastSeconds > 0)) throw new HttpError(400, 'fastSeconds must be a positive number of seconds');
    const since = new Date(NOW - days * DAY).toISOString();
    const reviewed = INTENTS.filter((i) => i.review && i.receivedAt >= since);
    const decisions = reviewed.flatMap((i) => i.approvers.map((a) => ({ ...a, ms: Date.parse(a.decidedAt) - Date.parse(i.review.requestedAt), rule: i.rules[0], group: i.review.eligibleGroups[0] })));
    const pct = (xs, p) => {
      if (!xs.length) return null;
      const s = [...xs].sort((a, b) => a - b);
      return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
    };
    const groupBy = (k) => {
      const m = new Map();
      for (const d of decisions) m.set(d[k], [...(m.get(d[k]) || []), d.ms]);
      return [...m.entries()].map(([key, ms]) => ({ key, count: ms.length, p50Ms: pct(ms, 0.5), p95Ms: pct(ms, 0.95) })).sort((a, b) => b.count - a.count);
    };
    const approvers = APPROVERS.map((who) => {
      const mine = decisions.filter((d) => d.approver === who);
      const approvals = mine.filter((d) => d.decision === 'APPROVE').length;
      const fast = mine.filter((d) => d.ms < fastSeconds * 1000).length;
      const flags = [];
      if (mine.length >= 5 && approvals === mine.length) flags.push('never denies');
      if (mine.length >= 5 && fast / mine.length > 0.5) flags.push(`${fast} of ${mine.length} decisions in under ${fastSeconds} s`);
      const med = pct(mine.map((d) => d.ms), 0.5);
      return { approver: who, decisions: mine.length, approvals, denials: mine.length - approvals, fastDecisions: fast,
        medianSeconds: med === null ? null : Math.round(med / 100) / 10, flags };
    }).filter((a) => a.decisions > 0);
    return json(res, 200, { days, reviewed: reviewed.length, byRule: groupBy('rule'), byGroup: groupBy('group'), approvers });
  }
  if (head === 'audit' && id === 'evidence.zip' && segs.length === 2) {
    requireAuditor();
    return send(res, 200, Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'binary'), 'application/zip',
      { 'Content-Disposition': 'attachment; filename="countersign-evidence-mock.zip"' });
  }
  throw new HttpError(404, `no API route ${req.method} /api/v1/${segs.map(encodeURIComponent).join('/')}`);
}

async function serveFile(res, file) {
  try {
    const body = await readFile(file);
    send(res, 200, body, TYPES[extname(file)] || 'application/octet-stream', { 'Cache-Control': 'no-cache' });
  } catch {
    send(res, 404, 'not found', 'text/plain; charset=utf-8');
  }
}

const LOGIN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · Countersign</title>
<link rel="icon" href="/ui/favicon.svg"><link rel="stylesheet" href="/ui/app.css"></head><body><main id="main">
<h1>Sign in (mock)</h1><p>The dev mock has no passwords: this page only shows where a 401 sends you.</p></main></body></html>`;

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const raw = url.pathname;
  try {
    if (raw.startsWith('/api/v1/') || raw === '/api/v1') {
      const segs = raw.slice('/api/v1'.length).split('/').filter(Boolean).map(decodeURIComponent);
      await api(req, res, segs, url.searchParams);
      return;
    }
    if (raw === '/' || raw === '/index.html') return serveFile(res, resolve(UI_DIR, 'index.html'));
    if (raw === '/login') return send(res, 200, LOGIN_PAGE, 'text/html; charset=utf-8');
    if (raw === '/logout' && req.method === 'POST') return send(res, 303, '', 'text/plain', { Location: '/login' });
    if (raw.startsWith('/ui/')) {
      const file = normalize(resolve(UI_DIR, `.${decodeURIComponent(raw.slice(3))}`));
      if (!file.startsWith(UI_DIR + sep)) return send(res, 404, 'not found', 'text/plain; charset=utf-8');
      return serveFile(res, file);
    }
    send(res, 404, 'not found', 'text/plain; charset=utf-8');
  } catch (e) {
    if (e instanceof HttpError) return json(res, e.status, apiError(e.status, e.message));
    console.error(e);
    json(res, 500, apiError(500, `mock server failed: ${e.message}`));
  }
});

const port = Number(process.env.PORT || 8090);
server.listen(port, '127.0.0.1', () => {
  console.log(`mock dashboards on http://127.0.0.1:${server.address().port}/ serving ${UI_DIR} (roles: ${ROLES.join(', ')})`);
});

export default server;
