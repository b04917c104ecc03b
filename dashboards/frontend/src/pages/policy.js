// #/policy — an auditor uploads a candidate policy and sees which past intents of a period it would decide
// differently (POST /api/v1/policy/replay): counts old → new effect, by rule, by agent and action, and the
// flipping intents, each linking to its intent page. Every value from the API goes in as text (dom.js).

import { api, apiPaths, ApiError, SessionEnded } from '../api.js';
import { h, table, replaceChildren } from '../dom.js';
import { formatNumber, plural, intentLink, agentLink, timeEl, badge } from '../format.js';
import { periodFields, isAuditor } from '../period.js';

const MAX_BYTES = 256 * 1024;

export function title() {
  return 'Policy replay';
}

function effectBadge(effect) {
  const e = String(effect || '?').toLowerCase();
  return badge(e, { allow: 'ok', deny: 'bad', review: 'warn' }[e] || 'neutral');
}

function countTable(id, caption, keyName, counts) {
  const rows = Object.entries(counts || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => [k, h('span', { class: 'num' }, formatNumber(n))]);
  return table({ id, caption, className: 'numeric', columns: [keyName, 'Intents'], rows, empty: 'Nothing flips' });
}

function results(data) {
  const r = data.report || {};
  const flips = r.flips || [];
  const listed = flips.length < (r.flipped ?? 0) ? ` (the first ${formatNumber(flips.length)} listed)` : '';
  return h('section', { class: 'replay-results', 'aria-labelledby': 'h-replay-results' },
    h('h2', { id: 'h-replay-results' }, 'What would change'),
    h('p', { id: 'replay-summary', class: 'lede' }, `${plural(r.replayed ?? 0, 'intent')} replayed; `,
      h('strong', `${plural(r.flipped ?? 0, 'intent')} would be decided differently`), ` by candidate version ${r.policyVersion ?? '?'}.`),
    h('div', { class: 'two-columns' },
      countTable('replay-by-transition', 'Flips by old → new effect', 'Old → new', r.byTransition),
      countTable('replay-by-rule', 'Flips by the rule that made the difference', 'Rule', r.byRule)),
    countTable('replay-by-agent', 'Flips by agent and action', 'Agent and action', r.byAgentAndAction),
    h('div', { class: 'table-scroll' }, table({ id: 'replay-flips', className: 'results-table', caption: `Intents that flip${listed}`,
      columns: ['Intent', 'Occurred', 'Agent', 'Action', 'Before → after', 'Rule'],
      rows: flips.map((f) => [intentLink(f.intentId), timeEl(f.occurredAt), f.agent ? agentLink(f.agent) : '—', f.action || '—',
        [effectBadge(f.before), ' → ', effectBadge(f.after)], f.cause || '—']),
      empty: 'No intent of the period flips' })));
}

function failure(e) {
  return h('div', { class: 'error', role: 'alert', id: 'replay-error' }, h('p', e.message),
    e.problems && e.problems.length > 1 ? h('ul', e.problems.map((p) => h('li', h('code', p)))) : null);
}

export async function render(ctx) {
  if (!isAuditor(ctx.user)) {
    return { node: h('section', { class: 'page page-policy' }, h('h1', { tabindex: '-1' }, 'Policy replay'),
      h('p', 'Replaying a candidate policy needs the auditor role.')), announce: 'Needs the auditor role' };
  }
  const file = h('input', { id: 'policy-file', name: 'policy', type: 'file', accept: '.yaml,.yml,text/yaml,application/yaml', required: true });
  const period = periodFields('replay');
  const button = h('button', { type: 'submit', id: 'replay-run' }, 'Replay');
  const out = h('div', { id: 'replay-output', 'aria-live': 'polite' });
  const form = h('form', { class: 'controls', id: 'replay-form', 'aria-label': 'Candidate policy and period' },
    h('span', { class: 'field' }, h('label', { for: 'policy-file' }, 'Candidate policy (YAML)'), file), period.node, button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const p = period.value();
    const chosen = file.files && file.files[0];
    if (p.error || !chosen) {
      replaceChildren(out, failure(new Error(p.error || 'Choose a policy file.')));
      return;
    }
    if (chosen.size > MAX_BYTES) {
      replaceChildren(out, failure(new Error(`The policy is larger than ${MAX_BYTES / 1024} KiB.`)));
      return;
    }
    button.disabled = true;
    ctx.status.set('Replaying…');
    replaceChildren(out, h('p', { class: 'loading' }, 'Replaying the period through the candidate…'));
    try {
      const data = await api(apiPaths.policyReplay(), { method: 'POST', params: p, body: await chosen.text(),
        contentType: 'application/yaml', signal: ctx.signal });
      replaceChildren(out, results(data));
      ctx.status.set(`${plural(data.report?.flipped ?? 0, 'intent')} would flip`);
    } catch (err) {
      if (err instanceof SessionEnded || (err && err.name === 'AbortError')) return;
      replaceChildren(out, failure(err instanceof ApiError ? err : new Error(String(err))));
      ctx.status.set(`Error: ${err.message}`);
    } finally {
      button.disabled = false;
    }
  });
  const node = h('section', { class: 'page page-policy' },
    h('h1', { tabindex: '-1' }, 'Policy replay'),
    h('p', { class: 'lede' }, 'See which past intents a candidate policy would decide differently. Each intent of the period is decided again ',
      'on the labels it had when it was classified. Nothing is stored and nothing changes in the running pipeline.'),
    form, out);
  return { node, announce: 'Choose a candidate policy and a period' };
}
