// #/agents?days=7 — what each agent did; #/agents/{id}?days=7 — one agent's actions, datasets and denials.

import { api, apiPaths } from '../api.js';
import { h, dl, table, select } from '../dom.js';
import { timeEl, datasetLink, joined, formatNumber, plural, intentLink } from '../format.js';
import { navigate, hashFor } from '../router.js';
import { stackedBarChart, dayRange } from '../chart.js';

const DAY_OPTIONS = [
  { value: 1, label: 'Last 24 hours' },
  { value: 7, label: 'Last 7 days' },
  { value: 30, label: 'Last 30 days' },
];

function daysFrom(query) {
  const d = parseInt(query.get('days') || '7', 10);
  return DAY_OPTIONS.some((o) => o.value === d) ? d : 7;
}

function periodText(days) {
  return days === 1 ? 'the last 24 hours' : `the last ${days} days`;
}

// ---- list ----

export const list = {
  title: () => 'Agents',
  async render(ctx) {
    const days = daysFrom(ctx.query);
    const data = await api(apiPaths.agents(), { params: { days }, signal: ctx.signal });
    const agents = data.agents || [];
    const rows = agents.map((a) => [
      h('a', { href: hashFor(`/agents/${encodeURIComponent(a.agent)}`, days !== 7 ? { days } : null), class: 'agent-link' }, a.agent),
      h('span', { class: 'num' }, formatNumber(a.total)),
      h('span', { class: 'num' }, formatNumber(a.denied)),
      h('span', { class: 'num' }, a.total ? `${Math.round((a.denied / a.total) * 100)} %` : '—'),
      timeEl(a.lastSeen),
    ]);
    const node = h('section', { class: 'page page-agents' },
      h('h1', { tabindex: '-1' }, 'Agents'),
      h('form', { class: 'controls', 'aria-label': 'Period', onsubmit: (e) => e.preventDefault() },
        select({ id: 'agents-days', label: 'Period', options: DAY_OPTIONS, value: days, onChange: (v) => navigate('/agents', { days: v }) })),
      table({
        id: 'agents-table', className: 'numeric',
        caption: `Agents that asked to act in ${periodText(days)}, busiest first`,
        columns: ['Agent', 'Intents', 'Denied', 'Denied share', 'Last seen'],
        rows, empty: `No agent asked to act in ${periodText(days)}`,
      }));
    return { node, announce: plural(agents.length, 'agent') };
  },
};

// ---- one agent ----

export const detail = {
  title: (ctx) => `Agent ${ctx.params.id}`,
  async render(ctx) {
    const id = ctx.params.id;
    const days = daysFrom(ctx.query);
    const a = await api(apiPaths.agent(id), { params: { days }, signal: ctx.signal });
    const perDay = a.perDay || [];
    const byDay = new Map(perDay.map((p) => [p.day, p]));
    const range = dayRange(a.days || days, perDay.map((p) => p.day));
    const { figure, table: chartTable } = stackedBarChart({
      id: 'agent-chart', tableId: 'agent-chart-table', days: range, unit: 'intents',
      title: `Intents per day of ${id}`,
      caption: `Intents per day of ${id}, by outcome (days without intents are left out)`,
      series: [
        { key: 'allowed', label: 'Allowed', color: '#1e7a46' },
        { key: 'denied', label: 'Denied', color: '#b3261e' },
        { key: 'expired', label: 'Expired', color: '#5c6470' },
      ],
      value: (day, key) => byDay.get(day)?.[key] ?? 0,
    });
    const searchFor = (extra) => hashFor('/search', { agent: id, ...extra });
    const actions = a.actions || [];
    const datasets = a.datasets || [];
    const denials = a.denials || [];

    const node = h('section', { class: 'page page-agent' },
      h('p', { class: 'breadcrumb' }, h('a', { href: '#/agents' }, 'Agents'), ' › agent'),
      h('h1', { tabindex: '-1', class: 'mono' }, a.agent || id),
      h('form', { class: 'controls', 'aria-label': 'Period', onsubmit: (e) => e.preventDefault() },
        select({ id: 'agent-days', label: 'Period', options: DAY_OPTIONS, value: days,
          onChange: (v) => navigate(`/agents/${encodeURIComponent(id)}`, { days: v }) }),
        h('a', { href: searchFor(), class: 'button-link' }, 'All its intents in the audit search')),
      dl('agent-summary', [
        ['Intents', formatNumber(a.total)],
        ['Denied', formatNumber(a.denied)],
        ['Period', periodText(days)],
      ]),
      h('section', { 'aria-labelledby': 'h-per-day' }, h('h2', { id: 'h-per-day' }, 'Intents per day'), figure, chartTable),
      h('div', { class: 'two-columns' },
        h('section', { 'aria-labelledby': 'h-actions' }, h('h2', { id: 'h-actions' }, 'Actions'),
          h('ul', { id: 'agent-actions', class: 'count-list' }, actions.length
            ? actions.map((x) => h('li', h('a', { href: searchFor({ action: x.value }) }, x.value), h('span', { class: 'count' }, formatNumber(x.count))))
            : h('li', { class: 'muted' }, 'No actions'))),
        h('section', { 'aria-labelledby': 'h-datasets' }, h('h2', { id: 'h-datasets' }, 'Datasets touched'),
          h('ul', { id: 'agent-datasets', class: 'count-list' }, datasets.length
            ? datasets.map((x) => h('li', datasetLink(x.value), h('span', { class: 'count' }, formatNumber(x.count))))
            : h('li', { class: 'muted' }, 'No datasets')))),
      h('section', { 'aria-labelledby': 'h-denials' }, h('h2', { id: 'h-denials' }, 'Denied intents'),
        table({
          id: 'agent-denials',
          caption: `Denied intents of ${id} in ${periodText(days)}`,
          columns: ['Intent', 'Received', 'Action', 'Targets', 'Rules', 'Message'],
          rows: denials.map((d) => [
            intentLink(d.intentId),
            timeEl(d.receivedAt),
            d.action || '—',
            joined(d.targets, datasetLink),
            joined(d.rules, (r) => h('a', { href: hashFor('/search', { rule: r }) }, r)),
            d.verdictMessage || '—',
          ]),
          empty: `No denied intents in ${periodText(days)}`,
        })));
    return { node, announce: `Agent ${id}: ${plural(a.total ?? 0, 'intent')}, ${formatNumber(a.denied ?? 0)} denied` };
  },
};
