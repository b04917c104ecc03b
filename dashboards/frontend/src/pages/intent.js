// #/intents/{id} — one intent: who, what, why, the decision, approvers, and its hash-chained timeline.

import { api, apiPaths, ApiError, SessionEnded } from '../api.js';
import { h, dl, table, replaceChildren } from '../dom.js';
import {
  timeEl, formatTime, datasetLink, agentLink, joined, labelBadges, outcomeBadge, badge, formatDuration, shortHash,
  formatNumber, plural, hrefs,
} from '../format.js';
import { hashFor } from '../router.js';

export function title(ctx) {
  return `Intent ${ctx.params.id}`;
}

export async function render(ctx) {
  const id = ctx.params.id;
  const data = await api(apiPaths.intent(id), { signal: ctx.signal });
  const intent = data.intent || {};
  const timeline = data.timeline || [];

  const node = h('section', { class: 'page page-intent' },
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/search' }, 'Audit search'), ' › intent'),
    h('h1', { tabindex: '-1' }, `Intent ${id}`),
    h('p', { class: 'lede' }, outcomeBadge(intent.outcome), ' ', intent.action || '', intent.agent ? ` by ${intent.agent}` : '',
      intent.receivedAt ? [' · received ', timeEl(intent.receivedAt)] : ''),
    verifyPanel(id),
    h('section', { 'aria-labelledby': 'h-summary' }, h('h2', { id: 'h-summary' }, 'Summary'), summary(intent, data.blastRadius)),
    h('section', { 'aria-labelledby': 'h-params' }, h('h2', { id: 'h-params' }, 'Parameters (masked)'), maskedParameters(intent.maskedParameters)),
    h('section', { 'aria-labelledby': 'h-approvers' }, h('h2', { id: 'h-approvers' }, 'Approvers'), approversTable(intent)),
    h('section', { 'aria-labelledby': 'h-timeline' }, h('h2', { id: 'h-timeline' }, 'Timeline'),
      h('p', { class: 'muted' }, 'Every step as recorded in the tamper-evident audit log, in chain order.'),
      timelineList(timeline)),
    h('section', { 'aria-labelledby': 'h-execution' }, h('h2', { id: 'h-execution' }, 'Execution'), execution(intent)));
  return { node, announce: `Intent ${id}: ${intent.outcome || 'pending'}, ${plural(timeline.length, 'audit record')}` };
}

// "feeds 14 datasets in 3 hops, 2 labelled PII; used by 5 agents this month" as the approval cards say it (text
// nodes only), with each target's dataset page for the lineage behind it; absent without a lineage index.
function blastRadius(radius, targets) {
  if (!radius) return undefined; // no row at all
  const pages = (targets || []).slice(0, 3).map((t, n, all) => h('a', { href: hrefs.dataset(t) },
    all.length === 1 ? 'dataset page' : `dataset page ${n + 1}`));
  return [h('span', { class: radius.available ? null : 'muted' }, radius.line), pages.length ? [' · ', joined(pages, (p) => p)] : null];
}

function summary(i, radius) {
  const datasetLabels = new Map((i.datasets || []).map((d) => [d.dataset, d.labels || []]));
  const agentExtra = [i.framework && `framework ${i.framework}`, i.agentOwner && `owner ${i.agentOwner}`].filter(Boolean).join(', ');
  const review = i.review;
  return dl('intent-summary', [
    ['Agent', i.agent ? [agentLink(i.agent), agentExtra ? h('span', { class: 'muted' }, ` (${agentExtra})`) : null] : null],
    ['Acting for', i.principal ? [i.principal, ' ', i.principalProven ? badge('proven by the identity provider', 'ok') : badge('claimed by the agent', 'neutral')] : null],
    ['Delegation chain', i.delegationChain && i.delegationChain.length ? joined(i.delegationChain, (x) => x, ' → ') : null],
    ['Action', i.action || null],
    ['Targets', i.targets && i.targets.length
      ? h('ul', { class: 'plain' }, i.targets.map((t) => h('li', datasetLink(t), ' ', h('span', { class: 'badges' },
        datasetLabels.get(t)?.length ? labelBadges(datasetLabels.get(t)) : null))))
      : null],
    ['Blast radius', blastRadius(radius, i.targets)],
    ['Destination', i.destination
      ? [h('span', { class: 'mono' }, i.destination), ' ', i.external ? badge('external', 'bad') : badge('internal', 'neutral')]
      : null],
    ['Environment', i.environment || null],
    ['Reason', i.reason || null],
    ['Labels', i.labels && i.labels.length ? h('span', { class: 'badges' }, labelBadges(i.labels)) : 'none'],
    ['Risk score', i.riskScore === undefined || i.riskScore === null ? null
      : [String(i.riskScore), i.riskReasons && i.riskReasons.length
        ? h('ul', { class: 'plain reasons' }, i.riskReasons.map((r) => h('li', r))) : null]],
    ['Policy effect', i.effect || null],
    ['Matched rules', i.rules && i.rules.length
      ? joined(i.rules, (r) => h('a', { href: hashFor('/search', { rule: r }) }, r))
      : 'none'],
    ['Policy version', i.policyVersion ? h('span', { class: 'mono' }, i.policyVersion) : null],
    review ? ['Review', [
      review.eligibleGroups && review.eligibleGroups.length ? `eligible: ${review.eligibleGroups.join(', ')}` : 'eligible: —',
      review.quorum ? ` · quorum ${review.quorum}` : '',
      review.requestedAt ? [' · requested ', timeEl(review.requestedAt)] : '',
      review.expiresAt ? [' · expires ', timeEl(review.expiresAt)] : '',
    ]] : ['Review', 'not needed'],
    ['Outcome', [outcomeBadge(i.outcome), i.decidedBy ? ` decided by ${i.decidedBy}` : '',
      i.decidedAt ? [' at ', timeEl(i.decidedAt)] : '',
      i.verdictMessage ? h('div', { class: 'verdict-message' }, i.verdictMessage) : null]],
    ['Time to decision', formatDuration(i.timeToDecisionMs)],
    ['Intent hash', i.intentHash ? h('code', { title: i.intentHash }, shortHash(i.intentHash)) : null],
  ]);
}

function maskedParameters(params) {
  let entries = [];
  if (Array.isArray(params)) {
    entries = params.map((p) => {
      const s = String(p);
      const eq = s.indexOf('=');
      return eq > 0 ? [s.slice(0, eq), s.slice(eq + 1)] : [s, ''];
    });
  } else if (params && typeof params === 'object') {
    entries = Object.entries(params).map(([k, v]) => [k, String(v)]);
  }
  if (entries.length === 0) return h('ul', { id: 'masked-parameters', class: 'params' }, h('li', { class: 'muted' }, 'No parameters'));
  return h('ul', { id: 'masked-parameters', class: 'params' },
    entries.map(([k, v]) => h('li', h('code', { class: 'param-key' }, k), ' = ', h('code', { class: 'param-value' }, v))));
}

// How the channel established who the approver is, as the signed decision records it (README, "Step-up approvals").
function authentication(a) {
  if (!a.authMethod) {
    return '—';
  }
  const factors = (a.amr || []).length ? ` (${a.amr.join(', ')})` : '';
  return a.authMethod === 'OIDC_STEP_UP' ? badge(`step-up sign-in${factors}`, 'ok') : `${a.authMethod.toLowerCase().replaceAll('_', ' ')}${factors}`;
}

function approversTable(i) {
  const approvers = i.approvers || [];
  return table({
    id: 'approvers',
    caption: 'Approver decisions on this intent',
    columns: ['Approver', 'Decision', 'Reason', 'Channel', 'Authenticated by', 'Time'],
    rows: approvers.map((a) => [a.approver || '—', badge(a.decision || '—', a.decision === 'APPROVE' ? 'ok' : a.decision === 'DENY' ? 'bad' : 'neutral'),
      a.reason || '—', a.channel || '—', authentication(a), timeEl(a.decidedAt)]),
    empty: i.review ? 'No approver has decided' : 'No approval was needed',
  });
}

function timelineList(timeline) {
  if (timeline.length === 0) return h('ol', { id: 'timeline', class: 'timeline' }, h('li', { class: 'muted' }, 'No audit records yet'));
  return h('ol', { id: 'timeline', class: 'timeline' }, timeline.map((e) => h('li', { class: ['timeline-entry', `ev-${String(e.eventType || '').toLowerCase()}`] },
    h('div', { class: 'timeline-head' },
      h('strong', { class: 'event-type' }, humanEvent(e.eventType)), ' ', timeEl(e.occurredAt)),
    h('div', { class: 'timeline-body' },
      e.actor ? h('span', 'by ', h('span', { class: 'actor' }, e.actor)) : null,
      e.approver || e.decision ? h('span', { class: 'decision' }, ' · ', e.approver || '', e.decision ? [' ', badge(e.decision, e.decision === 'APPROVE' ? 'ok' : 'bad')] : '') : null,
      e.note ? h('div', { class: 'note' }, e.note) : null),
    h('div', { class: 'chain muted small' },
      `partition ${e.chainPartition ?? '?'} · #${e.sequence ?? '?'}`, ' · hash ',
      h('code', { title: e.hash || '' }, shortHash(e.hash)),
      e.prevHash ? [' · prev ', h('code', { title: e.prevHash }, shortHash(e.prevHash))] : null))));
}

function humanEvent(type) {
  return String(type || 'EVENT').replace(/_/g, ' ');
}

function execution(i) {
  const x = i.execution;
  const parts = [];
  if (x) {
    parts.push(dl('intent-execution', [
      ['Status', badge(x.status || '—', x.status === 'SUCCEEDED' ? 'ok' : x.status === 'FAILED' ? 'bad' : 'neutral')],
      ['Reported at', timeEl(x.reportedAt)],
      ['Rows affected', x.rowsAffected === undefined || x.rowsAffected === null || x.rowsAffected < 0 ? 'unknown' : formatNumber(x.rowsAffected)],
      ['Output datasets', x.outputDatasets && x.outputDatasets.length ? joined(x.outputDatasets, datasetLink) : 'none'],
      ['Executed hash', x.executedHash ? [h('code', { title: x.executedHash }, shortHash(x.executedHash)),
        i.intentHash ? (x.executedHash === i.intentHash ? ' (matches the approved intent)' : ' (differs from the approved intent)') : ''] : null],
    ]));
  } else {
    parts.push(h('p', { class: 'muted' }, 'No execution has been reported.'));
  }
  if (i.violation) {
    parts.push(h('div', { class: 'violation', role: 'note' }, h('strong', 'Violation: '), String(i.violation).replace(/_/g, ' ')));
  }
  return parts;
}

// ---- verify ----

function verifyPanel(id) {
  const result = h('div', { id: 'verify-result', role: 'status', 'aria-live': 'polite', class: 'verify-result' });
  const button = h('button', { type: 'button', id: 'verify-button', class: 'primary' }, 'Verify this record');
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.className = 'verify-result';
    replaceChildren(result, 'Verifying against the audit log…');
    try {
      const v = await api(apiPaths.verify(id), { method: 'POST' });
      showVerification(result, v);
    } catch (e) {
      if (e instanceof SessionEnded) return;
      result.className = 'verify-result verify-bad';
      if (e instanceof ApiError && e.status === 403) replaceChildren(result, 'Verifying needs the auditor role');
      else replaceChildren(result, `Could not verify: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'verify' },
    button,
    h('span', { class: 'muted small' }, ' Recomputes each record’s hash, its chain links and the signed checkpoint that seals it.'),
    result);
}

function showVerification(result, v) {
  const findings = v.findings || [];
  const cp = v.checkpoint;
  if (v.verified) {
    result.className = 'verify-result verify-ok';
    const sealed = cp
      ? [`, sealed by checkpoint #${cp.sequence} signed `, timeEl(cp.signedAt), cp.keyId ? ` with key ${cp.keyId}` : '']
      : '';
    replaceChildren(result, h('p', h('strong', 'Verified: '),
      `${plural(v.records ?? 0, 'record')}, chain intact`, sealed,
      v.partition !== undefined ? ` (partition ${v.partition}, #${v.firstSequence}–#${v.lastSequence})` : '', '.'));
    return;
  }
  result.className = 'verify-result verify-bad';
  replaceChildren(result,
    h('p', h('strong', 'Not verified: '), `${plural(findings.length, 'problem')} found in ${plural(v.records ?? 0, 'record')}`,
      cp ? [` (nearest checkpoint #${cp.sequence}, signed ${formatTime(cp.signedAt)}, signature ${cp.signatureValid ? 'valid' : 'INVALID'})`] : ' (no signed checkpoint covers it yet)', '.'),
    h('ul', { class: 'findings' }, findings.map((f) => h('li', f.sequence !== undefined && f.sequence !== null ? `Record #${f.sequence}: ` : '', f.problem || String(f)))));
}
