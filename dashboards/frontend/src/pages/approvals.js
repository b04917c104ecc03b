// #/approvals?days=30&fastSeconds=10 — how long reviews take, by rule and approver group, and who
// rubber-stamps (approvers flagged for never denying or deciding too fast).

import { api, apiPaths } from '../api.js';
import { h, table, select } from '../dom.js';
import { formatDuration, formatSeconds, formatNumber, badge, plural } from '../format.js';
import { navigate, hashFor } from '../router.js';

const DAY_OPTIONS = [7, 30, 90].map((v) => ({ value: v, label: `Last ${v} days` }));
const DEFAULT_DAYS = 30;
const DEFAULT_FAST = 10;

function stateFrom(q) {
  const days = parseInt(q.get('days') || String(DEFAULT_DAYS), 10);
  const fast = Number(q.get('fastSeconds') || DEFAULT_FAST);
  return {
    days: DAY_OPTIONS.some((o) => o.value === days) ? days : DEFAULT_DAYS,
    fastSeconds: Number.isFinite(fast) && fast > 0 ? fast : DEFAULT_FAST,
  };
}

function go(state) {
  navigate('/approvals', { days: state.days, fastSeconds: state.fastSeconds });
}

export function title() {
  return 'Approvals';
}

export async function render(ctx) {
  const state = stateFrom(ctx.query);
  const data = await api(apiPaths.approvals(), { params: { days: state.days, fastSeconds: state.fastSeconds }, signal: ctx.signal });
  const byRule = data.byRule || [];
  const byGroup = data.byGroup || [];
  const approvers = data.approvers || [];
  const flagged = approvers.filter((a) => a.flags && a.flags.length);

  const fast = h('input', { id: 'fast-seconds', name: 'fastSeconds', type: 'number', min: '1', max: '3600', step: '1', value: String(state.fastSeconds), inputmode: 'numeric' });
  const controls = h('form', { class: 'controls', 'aria-label': 'Period and threshold' },
    select({ id: 'approvals-days', label: 'Period', options: DAY_OPTIONS, value: state.days, onChange: (v) => go({ ...state, days: Number(v) }) }),
    h('span', { class: 'field' }, h('label', { for: 'fast-seconds' }, 'Fast decision: under (seconds)'), fast),
    h('button', { type: 'submit' }, 'Apply'));
  controls.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = Number(fast.value);
    go({ ...state, fastSeconds: Number.isFinite(v) && v > 0 ? v : DEFAULT_FAST });
  });

  const timingColumns = (first) => [first, 'Reviews', 'Median (p50)', '95th percentile (p95)'];
  const timingRows = (rows, link) => rows.map((r) => [
    link ? h('a', { href: link(r.key) }, r.key) : r.key,
    h('span', { class: 'num' }, formatNumber(r.count)),
    h('span', { class: 'num' }, formatDuration(r.p50Ms)),
    h('span', { class: 'num' }, formatDuration(r.p95Ms)),
  ]);

  const approverRows = approvers.map((a) => {
    const flags = a.flags || [];
    const tr = h('tr', { class: flags.length ? 'flagged' : null },
      h('td', a.approver),
      h('td', { class: 'num' }, formatNumber(a.decisions)),
      h('td', { class: 'num' }, formatNumber(a.approvals)),
      h('td', { class: 'num' }, formatNumber(a.denials)),
      h('td', { class: 'num' }, formatNumber(a.fastDecisions)),
      h('td', { class: 'num' }, formatSeconds(a.medianSeconds)),
      h('td', flags.length
        ? h('ul', { class: 'plain flags' }, flags.map((f) => h('li', badge(`⚠ Warning: ${f}`, 'warn'))))
        : h('span', { class: 'muted' }, 'none')));
    return tr;
  });

  const node = h('section', { class: 'page page-approvals' },
    h('h1', { tabindex: '-1' }, 'Approvals'),
    controls,
    h('p', { class: 'lede' }, `${plural(data.reviewed ?? 0, 'reviewed intent')} in the last ${data.days ?? state.days} days. `,
      'A decision’s time runs from the review request to the approver’s answer.',
      flagged.length ? h('strong', { class: 'warn-text' }, ` ${plural(flagged.length, 'approver')} flagged.`) : null),
    h('div', { class: 'two-columns' },
      h('section', { 'aria-labelledby': 'h-by-rule' }, h('h2', { id: 'h-by-rule' }, 'Time to decision by rule'),
        table({ id: 'approvals-by-rule', className: 'numeric', caption: 'Review time by the policy rule that asked for review',
          columns: timingColumns('Rule'), rows: timingRows(byRule, (k) => hashFor('/search', { rule: k })), empty: 'No reviews in this period' })),
      h('section', { 'aria-labelledby': 'h-by-group' }, h('h2', { id: 'h-by-group' }, 'Time to decision by approver group'),
        table({ id: 'approvals-by-group', className: 'numeric', caption: 'Review time by the approver group asked',
          columns: timingColumns('Group'), rows: timingRows(byGroup), empty: 'No reviews in this period' }))),
    h('section', { 'aria-labelledby': 'h-load' }, h('h2', { id: 'h-load' }, 'Approvers'),
      table({ id: 'approver-load', className: 'numeric',
        caption: `Decisions per approver; a fast decision took under ${formatSeconds(state.fastSeconds)}`,
        columns: ['Approver', 'Decisions', 'Approvals', 'Denials', 'Fast decisions', 'Median time', 'Flags'],
        rows: approverRows, empty: 'No approver decided in this period' })));
  return { node, announce: `${plural(data.reviewed ?? 0, 'reviewed intent')}, ${plural(flagged.length, 'flagged approver')}` };
}
