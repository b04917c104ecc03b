// Dev-only fixture data that follows dashboards/API.md: ~130 intents over the last 30 days, a lineage graph
// with PII inherited along a path, dataset usage, agents and approvals analytics. Deterministic (seeded).
import { createHash } from 'node:crypto';

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(20261123);
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const sha = (s) => createHash('sha256').update(s).digest('hex');

const NOW = Date.now();
const DAY = 86400000;
export const dayOf = (ms) => new Date(ms).toISOString().slice(0, 10);

// ---- datasets and lineage ----

export const DATASETS = {
  'app://signup-service': { owners: ['team:growth'], declared: [] },
  'pg://crm/customers': { owners: ['user:dora@example.com', 'group:data-stewards'], declared: [{ label: 'PII', source: 'DECLARED' }],
    declaredBy: 'user:dora@example.com', declaredUpdatedAt: '2026-11-18T09:12:00Z' },
  'pg://billing/invoices': { owners: ['group:finance-data'], declared: [{ label: 'PCI', source: 'DECLARED' }] },
  's3://lake/raw/customers': { owners: ['group:platform'], declared: [] },
  's3://lake/curated/customer_360': { owners: ['group:analytics'], declared: [] },
  'bq://analytics/churn_features': { owners: ['group:ml'], declared: [] },
  'ml://models/churn_v3': { owners: ['group:ml'], declared: [] },
  's3://exports/partner_feed': { owners: ['group:partnerships'], declared: [{ label: 'EXTERNAL_SHARE', source: 'DECLARED' }] },
  'bq://finance/revenue_daily': { owners: ['group:finance-data'], declared: [{ label: 'INTERNAL', source: 'DEFAULT' }] },
  'pg://hr/employees': { owners: ['group:people-ops'], declared: [{ label: 'PII', source: 'DECLARED' }, { label: 'SECRET', source: 'DECLARED' }] },
  'gs://marketing/campaigns': { owners: [], declared: [{ label: 'PUBLIC', source: 'DECLARED' }] },
};

export const EDGES = [
  { source: 'app://signup-service', target: 'pg://crm/customers', job: 'cdc_ingest', transformation: 'IDENTITY', origin: 'OPENLINEAGE', intentId: null },
  { source: 'pg://crm/customers', target: 's3://lake/raw/customers', job: 'nightly_export', transformation: 'IDENTITY', origin: 'EXECUTION', intentId: 'int-0007' },
  { source: 's3://lake/raw/customers', target: 's3://lake/curated/customer_360', job: 'build_360', transformation: 'AGGREGATION', origin: 'OPENLINEAGE', intentId: null },
  { source: 'pg://billing/invoices', target: 's3://lake/curated/customer_360', job: 'build_360', transformation: 'AGGREGATION', origin: 'OPENLINEAGE', intentId: null },
  { source: 's3://lake/curated/customer_360', target: 'bq://analytics/churn_features', job: 'train_features', transformation: 'TRANSFORMATION', origin: 'EXECUTION', intentId: 'int-0012' },
  { source: 's3://lake/curated/customer_360', target: 's3://exports/partner_feed', job: 'partner_export', transformation: 'MASKED', origin: 'OPENLINEAGE', intentId: null },
  { source: 'bq://analytics/churn_features', target: 'ml://models/churn_v3', job: 'train_churn', transformation: 'TRAINING', origin: 'EXECUTION', intentId: 'int-0021' },
  { source: 'pg://billing/invoices', target: 'bq://finance/revenue_daily', job: 'revenue_rollup', transformation: 'AGGREGATION', origin: 'DECLARED', intentId: null },
];

/** Inherited labels: follow declared labels downstream along the edges (first path found). */
function inheritedLabels() {
  const out = new Map(Object.keys(DATASETS).map((d) => [d, []]));
  for (const [origin, info] of Object.entries(DATASETS)) {
    for (const l of info.declared) {
      if (l.source !== 'DECLARED' || !['PII', 'PCI'].includes(l.label)) continue;
      const queue = [{ node: origin, path: [origin], via: [] }];
      const seen = new Set([origin]);
      while (queue.length) {
        const { node, path, via } = queue.shift();
        for (const e of EDGES.filter((x) => x.source === node)) {
          if (seen.has(e.target)) continue;
          seen.add(e.target);
          const p = { node: e.target, path: [...path, e.target], via: [...via, e.job] };
          out.get(e.target).push({ label: l.label, source: 'INHERITED', provenance: p.path, via: p.via });
          queue.push(p);
        }
      }
    }
  }
  return out;
}
const INHERITED = inheritedLabels();

export function labelsOf(uri) {
  const d = DATASETS[uri];
  if (!d) return [];
  return [...new Set([...d.declared.map((l) => l.label), ...(INHERITED.get(uri) || []).map((l) => l.label)])];
}

export function lineage(root, upstream, downstream) {
  const nodes = new Map([[root, { id: root, labels: labelsOf(root), root: true }]]);
  const edges = [];
  const walk = (dir, maxDepth) => {
    let frontier = [root];
    const seen = new Set([root]);
    for (let depth = 1; depth <= maxDepth && frontier.length; depth++) {
      const next = [];
      for (const n of frontier) {
        for (const e of EDGES.filter((x) => (dir === 'upstream' ? x.target === n : x.source === n))) {
          const far = dir === 'upstream' ? e.source : e.target;
          edges.push({ ...e, depth, direction: dir });
          if (!nodes.has(far)) nodes.set(far, { id: far, labels: labelsOf(far), root: false });
          if (!seen.has(far)) {
            seen.add(far);
            next.push(far);
          }
        }
      }
      frontier = next;
    }
  };
  walk('upstream', upstream);
  walk('downstream', downstream);
  return { root, nodes: [...nodes.values()], edges };
}

// ---- intents ----

const AGENTS = ['agent:etl', 'agent:exporter-7', 'agent:infra-bot', 'agent:ml-trainer', 'agent:support-copilot'];
const PRINCIPALS = ['user:alice@example.com', 'user:dan@example.com', 'user:erin@example.com', 'svc:nightly-scheduler'];
const APPROVERS = ['user:bob@example.com', 'user:carol@example.com', 'user:frank@example.com'];
const PLANS = [
  { action: 'db.read', targets: ['pg://crm/customers'], rules: ['allow-reads'], effect: 'ALLOW' },
  { action: 'db.export', targets: ['pg://crm/customers'], dest: 's3://lake/raw/customers', rules: ['prod-export-review'], effect: 'REVIEW' },
  { action: 'db.export', targets: ['s3://lake/curated/customer_360'], dest: 'sftp://partner.example.net/in', external: true, rules: ['no-pii-export'], effect: 'DENY' },
  { action: 'db.write', targets: ['bq://finance/revenue_daily'], rules: ['allow-internal-writes'], effect: 'ALLOW' },
  { action: 'iam.grant', targets: ['aws://iam/role/data-admin'], rules: ['iam-change-review'], effect: 'REVIEW' },
  { action: 'infra.apply', targets: ['tf://prod/network'], rules: ['infra-prod-review'], effect: 'REVIEW' },
  { action: 'ml.train', targets: ['bq://analytics/churn_features'], rules: ['pii-training-review'], effect: 'REVIEW' },
  { action: 'db.read', targets: ['pg://hr/employees'], rules: ['no-secret-reads'], effect: 'DENY' },
  { action: 'db.read', targets: ['gs://marketing/campaigns', 'pg://billing/invoices'], rules: ['allow-reads'], effect: 'ALLOW' },
];
const REASONS = [
  'Nightly refresh of the customer lake copy',
  'Partner asked for the weekly churn feed',
  'Quarterly revenue roll-up for finance',
  'Grant temporary admin to rotate keys',
  'Apply reviewed network change (ticket OPS-4411)',
  'Retrain churn model on November data',
  'Answer a support ticket about a missing invoice',
];
const APPROVE_REASONS = ['contract checked', 'ticket OPS-4411 reviewed', 'looks fine', 'matches the change plan', '', 'ok'];
const DENY_REASONS = ['no DPA with this partner', 'scope too broad, narrow the WHERE clause', 'not during the freeze'];

let chainSeq = [0, 0, 0, 0, 0, 0].map(() => 100 + Math.floor(rnd() * 50));

/** The tail of the one long, agent-chosen intent id (int-0100-…): the audit table must cut it, not overlap the next column. */
export const LONG_ID_TAIL = 'nightly-customer-360-refresh-idempotency-8d2f6c1e-4b7a-4f0e-9c3d-5a1b2e7f9d04';

export const INTENTS = [];
for (let i = 1; i <= 132; i++) {
  // One id an agent chose itself (agents writing to Kafka may; up to 128 characters), longer than the gateway's UUIDs.
  const id = i === 100 ? `int-0100-${LONG_ID_TAIL}` : `int-${String(i).padStart(4, '0')}`;
  const plan = i === 3 ? PLANS[2] : i === 7 ? PLANS[1] : i === 12 || i === 21 ? PLANS[6] : pick(PLANS);
  const agent = plan.action === 'infra.apply' || plan.action === 'iam.grant' ? 'agent:infra-bot'
    : plan.action === 'ml.train' ? 'agent:ml-trainer'
      : plan.action === 'db.export' ? pick(['agent:etl', 'agent:exporter-7']) : pick(AGENTS);
  const principal = pick(PRINCIPALS);
  const receivedAt = NOW - Math.floor(rnd() * 29.5 * DAY) - 60000;
  const labels = [...new Set(plan.targets.flatMap(labelsOf))];
  const riskScore = Math.min(100, 10 + labels.length * 25 + (plan.external ? 30 : 0) + Math.floor(rnd() * 15));
  let outcome;
  let decidedBy;
  let ttd;
  const approvers = [];
  let review = null;
  const pending = plan.effect === 'REVIEW' && i % 29 === 0;
  if (plan.effect === 'ALLOW') {
    outcome = 'ALLOWED'; decidedBy = 'POLICY'; ttd = 4 + Math.floor(rnd() * 30);
  } else if (plan.effect === 'DENY') {
    outcome = 'DENIED'; decidedBy = 'POLICY'; ttd = 5 + Math.floor(rnd() * 30);
  } else {
    review = {
      requestId: `req-${id}`, eligibleGroups: plan.action === 'infra.apply' || plan.action === 'iam.grant' ? ['platform-leads'] : ['data-stewards'],
      quorum: plan.action === 'iam.grant' ? 2 : 1, requestedAt: new Date(receivedAt + 40).toISOString(),
      expiresAt: new Date(receivedAt + 3600000).toISOString(),
    };
    if (pending) {
      outcome = null; decidedBy = null; ttd = null;
    } else if (rnd() < 0.08) {
      outcome = 'DENIED'; decidedBy = 'EXPIRED'; ttd = 3600000;
    } else {
      const n = review.quorum;
      const who = [...APPROVERS].sort(() => rnd() - 0.5).slice(0, n);
      let denied = false;
      ttd = 0;
      for (const a of who) {
        const fast = a === 'user:bob@example.com';
        const took = fast ? 2000 + Math.floor(rnd() * 7000) : 20000 + Math.floor(rnd() * 500000);
        const deny = !fast && rnd() < 0.2;
        denied = denied || deny;
        ttd = Math.max(ttd, took);
        approvers.push({ approver: a, decision: deny ? 'DENY' : 'APPROVE', reason: deny ? pick(DENY_REASONS) : pick(APPROVE_REASONS) || null,
          channel: rnd() < 0.7 ? 'slack' : 'api', decidedAt: new Date(receivedAt + 40 + took).toISOString() });
      }
      outcome = denied ? 'DENIED' : 'ALLOWED'; decidedBy = 'APPROVERS';
    }
  }
  const intentHash = sha(`${id}|${plan.action}|${plan.targets.join(',')}`);
  const executed = outcome === 'ALLOWED' && rnd() < 0.8;
  const violation = i === 5 ? 'EXECUTED_AFTER_DENIAL' : i === 44 ? 'HASH_MISMATCH' : null;
  INTENTS.push({
    intentId: id,
    receivedAt: new Date(receivedAt).toISOString(),
    lastEventAt: new Date(receivedAt + (ttd || 0) + 5000).toISOString(),
    agent, framework: pick(['langgraph', 'crewai', 'custom']), agentOwner: 'user:olga@example.com',
    principal, delegationChain: [principal, agent],
    action: plan.action, targets: plan.targets,
    destination: plan.dest || null, external: !!plan.external, environment: 'prod',
    reason: pick(REASONS),
    maskedParameters: plan.action.startsWith('db.')
      ? ['where=email = [masked:email]', `limit=${1000 + Math.floor(rnd() * 9000)}`, 'format=parquet']
      : plan.action === 'iam.grant' ? ['role=data-admin', 'ttl=PT2H'] : ['plan=[masked:secret]'],
    labels,
    datasets: plan.targets.map((t) => ({ dataset: t, labels: labelsOf(t) })),
    riskScore, riskReasons: [...labels.map((l) => `target labelled ${l}`), ...(plan.external ? ['external destination'] : []), 'production environment'],
    effect: plan.effect, rules: plan.rules, policyVersion: 'policy@4f2c9e1',
    review,
    outcome, decidedBy,
    decidedAt: ttd === null ? null : new Date(receivedAt + ttd).toISOString(),
    timeToDecisionMs: ttd,
    verdictMessage: outcome === 'DENIED'
      ? (decidedBy === 'EXPIRED' ? 'No quorum before the request expired' : decidedBy === 'APPROVERS' ? 'Denied by an approver' : `Denied by rule ${plan.rules[0]}: labelled data may not leave`)
      : outcome === 'ALLOWED' ? (decidedBy === 'APPROVERS' ? 'Approved by quorum' : 'Allowed by policy') : null,
    intentHash,
    approvers,
    execution: executed || violation === 'EXECUTED_AFTER_DENIAL' ? {
      status: rnd() < 0.9 ? 'SUCCEEDED' : 'FAILED',
      executedHash: violation === 'HASH_MISMATCH' ? sha('tampered') : intentHash,
      outputDatasets: plan.dest && !plan.external ? [plan.dest] : [],
      rowsAffected: rnd() < 0.2 ? -1 : Math.floor(rnd() * 200000),
      reportedAt: new Date(receivedAt + (ttd || 0) + 90000).toISOString(),
    } : null,
    violation,
  });
}
INTENTS.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));

export function timelineOf(intent) {
  const partition = parseInt(sha(intent.intentId).slice(0, 2), 16) % 6;
  const t0 = Date.parse(intent.receivedAt);
  const events = [
    { eventType: 'RECEIVED', at: t0, actor: intent.agent, note: `${intent.action} on ${intent.targets.join(', ')}` },
    { eventType: 'CLASSIFIED', at: t0 + 8, actor: 'countersign', note: `effect ${intent.effect}, risk ${intent.riskScore}` },
  ];
  if (intent.review) {
    events.push({ eventType: 'APPROVAL_REQUESTED', at: t0 + 40, actor: 'countersign', note: `asked ${intent.review.eligibleGroups.join(', ')} (quorum ${intent.review.quorum})` });
    for (const a of intent.approvers) {
      events.push({ eventType: 'DECISION_ACCEPTED', at: Date.parse(a.decidedAt), actor: a.approver, note: a.reason, approver: a.approver, decision: a.decision });
    }
    if (intent.intentId === 'int-0007') {
      events.push({ eventType: 'DECISION_REJECTED', at: t0 + 5000, actor: intent.principal, note: 'approver is in the delegation chain', approver: intent.principal, decision: 'APPROVE' });
    }
  }
  if (intent.outcome) events.push({ eventType: 'VERDICT', at: Date.parse(intent.decidedAt) + 60, actor: 'countersign', note: `${intent.outcome} by ${intent.decidedBy}` });
  if (intent.execution) events.push({ eventType: 'EXECUTION', at: Date.parse(intent.execution.reportedAt), actor: intent.agent, note: `${intent.execution.status}` });
  if (intent.violation) events.push({ eventType: 'VIOLATION', at: Date.parse(intent.lastEventAt) + 100000, actor: 'countersign', note: intent.violation });
  events.sort((a, b) => a.at - b.at);
  let prev = sha(`genesis-${partition}`);
  const seq0 = chainSeq[partition];
  chainSeq[partition] += events.length + 3;
  return events.map((e, k) => {
    const hash = sha(`${prev}|${intent.intentId}|${e.eventType}|${e.at}`);
    const row = { eventType: e.eventType, occurredAt: new Date(e.at).toISOString(), actor: e.actor, note: e.note || null,
      approver: e.approver || null, decision: e.decision || null, chainPartition: partition, sequence: seq0 + k * 2, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

export const TIMELINES = new Map(INTENTS.map((i) => [i.intentId, timelineOf(i)]));

// ---- usage ----

export function usageSeries(uri, days) {
  const r = mulberry32(uri.length * 7919 + uri.charCodeAt(6));
  const agents = INTENTS.filter((i) => i.targets.includes(uri) || i.destination === uri).map((i) => i.agent);
  const who = [...new Set(agents.length ? agents : ['agent:etl', 'agent:support-copilot'])].slice(0, 4);
  const series = [];
  for (let d = days - 1; d >= 0; d--) {
    const day = dayOf(NOW - d * DAY);
    for (const a of who) {
      if (r() < 0.35) continue;
      const total = Math.floor(r() * 9) + 1;
      series.push({ day, agent: a, total, denials: r() < 0.2 ? Math.min(total, 1 + Math.floor(r() * 2)) : 0 });
    }
  }
  return series;
}

export function datasetDoc(uri) {
  const info = DATASETS[uri];
  const touching = INTENTS.filter((i) => i.targets.includes(uri));
  if (!info && touching.length === 0) return null;
  const agents = new Map();
  for (const i of touching) {
    const a = agents.get(i.agent) || { agent: i.agent, total: 0, reads: 0, exports: 0, writes: 0, denials: 0, lastAccessedAt: null };
    a.total++;
    if (i.action.endsWith('.read')) a.reads++;
    if (i.action.endsWith('.export')) a.exports++;
    if (i.action.endsWith('.write')) a.writes++;
    if (i.outcome === 'DENIED') a.denials++;
    if (!a.lastAccessedAt || i.receivedAt > a.lastAccessedAt) a.lastAccessedAt = i.receivedAt;
    agents.set(i.agent, a);
  }
  const list = [...agents.values()].sort((x, y) => y.total - x.total);
  const sum = (k) => list.reduce((s, a) => s + a[k], 0);
  const last = list.reduce((best, a) => (!best || a.lastAccessedAt > best.lastAccessedAt ? a : best), null);
  return {
    dataset: uri,
    owners: info?.owners || [],
    declaredLabels: (info?.declared || []).map((l) => ({ label: l.label, source: l.source, provenance: [], via: [], declaredBy: info?.declaredBy })),
    declaredBy: info?.declared?.length ? info.declaredBy : undefined,
    declaredUpdatedAt: info?.declared?.length ? info.declaredUpdatedAt : undefined,
    inheritedLabels: INHERITED.get(uri) || [],
    usage: list.length ? {
      total: sum('total'), reads: sum('reads'), exports: sum('exports'), writes: sum('writes'), denials: sum('denials'),
      lastAccessedAt: last.lastAccessedAt, lastAccessedBy: last.agent, agents: list,
    } : null,
  };
}

export const ALL_DATASETS = [...new Set([...Object.keys(DATASETS), ...INTENTS.flatMap((i) => i.targets)])].sort();

export { NOW, DAY, APPROVERS };
