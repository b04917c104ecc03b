// #/search?q=…&from=…&to=…&action=…&label=…&sort=…&order=…&page=… — the audit log search.

import { api, apiPaths, query, ApiError } from '../api.js';
import { h, table } from '../dom.js';
import {
  timeEl, datasetLink, agentLink, joined, labelBadges, outcomeBadge, formatDuration, formatNumber, plural,
  isoToLocalInput, localInputToIso, slug, breakable, badge, intentLink,
} from '../format.js';
import { navigate, errorBox } from '../router.js';

export const FACETS = [
  ['action', 'Action'], ['label', 'Label'], ['outcome', 'Outcome'], ['agent', 'Agent'],
  ['principal', 'Principal'], ['approver', 'Approver'], ['rule', 'Rule'],
];
const SORTS = ['receivedAt', 'timeToDecisionMs', 'riskScore', 'action', 'agent', 'outcome'];
const TEXT_SORTS = new Set(['action', 'agent', 'outcome']);

/** The search state held in the hash query. */
export function stateFrom(q) {
  const state = {
    q: q.get('q') || '',
    from: q.get('from') || '',
    to: q.get('to') || '',
    sort: SORTS.includes(q.get('sort')) ? q.get('sort') : 'receivedAt',
    order: q.get('order') === 'asc' ? 'asc' : 'desc',
    page: Math.max(1, parseInt(q.get('page') || '1', 10) || 1),
    facets: {},
  };
  for (const [key] of FACETS) state.facets[key] = q.getAll(key).filter(Boolean);
  return state;
}

/** Parameters of the search (and export) without paging. */
function filterParams(state) {
  const p = { q: state.q, from: state.from, to: state.to };
  for (const [key] of FACETS) p[key] = state.facets[key];
  // Sorting is left out while it is the default (newest first); once changed, both are spelled out.
  if (state.sort !== 'receivedAt' || state.order !== 'desc') {
    p.sort = state.sort;
    p.order = state.order;
  }
  return p;
}

function hashParams(state) {
  const p = filterParams(state);
  if (state.page > 1) p.page = state.page;
  return p;
}

function go(state) {
  navigate('/search', hashParams(state));
}

export function title() {
  return 'Audit search';
}

export async function render(ctx) {
  const state = stateFrom(ctx.query);
  const form = searchForm(state);
  let data = null;
  let error = null;
  try {
    data = await api(apiPaths.search(), { params: { ...filterParams(state), page: state.page }, signal: ctx.signal });
  } catch (e) {
    if (!(e instanceof ApiError) || e.name === 'SessionEnded') throw e;
    error = e;
  }
  const node = h('section', { class: 'page page-search' },
    h('h1', { tabindex: '-1' }, 'Audit search'),
    form,
    error
      ? errorBox(error)
      : h('div', { class: 'search-layout' }, facetsPanel(state, data.facets || {}), resultsPanel(state, data, ctx.user)));
  return { node, announce: error ? `Error: ${error.message}` : plural(data.total ?? 0, 'intent') };
}

function searchForm(state) {
  const input = h('input', { id: 'search-input', name: 'q', type: 'search', value: state.q, autocomplete: 'off',
    placeholder: 'intent id, agent, dataset, reason, approver…' });
  const from = h('input', { id: 'from', name: 'from', type: 'datetime-local', value: isoToLocalInput(state.from) });
  const to = h('input', { id: 'to', name: 'to', type: 'datetime-local', value: isoToLocalInput(state.to) });
  const anyFilter = state.q || state.from || state.to || FACETS.some(([k]) => state.facets[k].length);
  const form = h('form', { id: 'search-form', role: 'search', 'aria-label': 'Audit log', class: 'search-form' },
    h('div', { class: 'field field-grow' }, h('label', { for: 'search-input' }, 'Search the audit log'), input),
    h('div', { class: 'field' }, h('label', { for: 'from' }, 'From'), from),
    h('div', { class: 'field' }, h('label', { for: 'to' }, 'To'), to),
    h('div', { class: 'field field-buttons' },
      h('button', { type: 'submit', class: 'primary' }, 'Search'),
      anyFilter ? h('a', { href: '#/search', class: 'button-link' }, 'Clear all') : null));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    go({ ...state, q: input.value.trim(), from: localInputToIso(from.value), to: localInputToIso(to.value), page: 1 });
  });
  return form;
}

function facetsPanel(state, facets) {
  const aside = h('aside', { id: 'facets', class: 'facets', 'aria-labelledby': 'facets-heading' },
    h('h2', { id: 'facets-heading' }, 'Filter'));
  for (const [key, label] of FACETS) {
    const buckets = [...(facets[key] || [])];
    // Keep selected values visible (and uncheckable) even when the current result has none of them.
    for (const v of state.facets[key]) {
      if (!buckets.some((b) => b.value === v)) buckets.push({ value: v, count: 0 });
    }
    const fs = h('fieldset', { class: 'facet' }, h('legend', label));
    if (buckets.length === 0) {
      fs.appendChild(h('p', { class: 'muted' }, 'None in these results'));
    }
    for (const b of buckets) {
      const id = `facet-${key}-${slug(String(b.value))}`;
      const checked = state.facets[key].includes(b.value);
      const box = h('input', { type: 'checkbox', id, name: key, value: b.value, checked });
      box.addEventListener('change', () => {
        const values = state.facets[key].filter((v) => v !== b.value);
        if (box.checked) values.push(b.value);
        go({ ...state, facets: { ...state.facets, [key]: values }, page: 1 });
      });
      fs.appendChild(h('div', { class: 'facet-option' }, box,
        h('label', { for: id }, h('span', { class: 'facet-value' }, String(b.value)), ' ',
          h('span', { class: 'count' }, `(${formatNumber(b.count)})`))));
    }
    aside.appendChild(fs);
  }
  return aside;
}

function sortHeader(state, label, key) {
  if (!key) return h('th', { scope: 'col' }, label);
  const active = state.sort === key;
  const ariaSort = active ? (state.order === 'asc' ? 'ascending' : 'descending') : 'none';
  const button = h('button', { type: 'button', id: `sort-${key}`, class: 'sort' }, label,
    h('span', { class: 'sort-icon', 'aria-hidden': 'true' }, active ? (state.order === 'asc' ? ' ▲' : ' ▼') : ' ↕'));
  button.addEventListener('click', () => {
    const order = active ? (state.order === 'asc' ? 'desc' : 'asc') : (TEXT_SORTS.has(key) ? 'asc' : 'desc');
    go({ ...state, sort: key, order, page: 1 });
  });
  return h('th', { scope: 'col', 'aria-sort': ariaSort }, button);
}

function resultsPanel(state, data, user) {
  const hits = data.hits || [];
  const total = data.total ?? hits.length;
  const size = data.size || 25;
  const page = data.page || state.page;
  const pages = Math.max(1, Math.ceil(total / size));
  const exportQs = query(filterParams(state));
  const auditor = !user || (user.roles || []).includes('auditor');

  const columns = [
    h('th', { scope: 'col' }, 'Intent'),
    sortHeader(state, 'Received', 'receivedAt'),
    sortHeader(state, 'Agent', 'agent'),
    sortHeader(state, 'Principal'),
    sortHeader(state, 'Action', 'action'),
    sortHeader(state, 'Targets'),
    sortHeader(state, 'Labels'),
    sortHeader(state, 'Risk', 'riskScore'),
    sortHeader(state, 'Outcome', 'outcome'),
    sortHeader(state, 'Approvers'),
    sortHeader(state, 'Time to decision', 'timeToDecisionMs'),
  ];
  const rows = hits.map((hit) => [
    intentLink(hit.intentId),
    timeEl(hit.receivedAt),
    hit.agent ? agentLink(hit.agent) : '—',
    hit.principal ? breakable(hit.principal) : '—',
    hit.action || '—',
    h('span', { class: 'cell-list' }, joined(hit.targets, datasetLink, () => h('br'))),
    h('span', { class: 'badges' }, labelBadges(hit.labels)),
    hit.riskScore ?? '—',
    [outcomeBadge(hit.outcome), hit.decidedBy ? h('span', { class: 'muted small' }, ` by ${hit.decidedBy}`) : null],
    h('span', { class: 'cell-list' }, joined(hit.approvers, (a) => [breakable(a.approver), ' ', decisionBadge(a.decision)], () => h('br'))),
    h('span', { class: 'num' }, formatDuration(hit.timeToDecisionMs)),
  ]).map((cells) => h('tr', cells.map((c) => h('td', c))));

  const prev = h('button', { type: 'button', id: 'pager-prev', disabled: page <= 1 }, '← Previous');
  const next = h('button', { type: 'button', id: 'pager-next', disabled: page >= pages }, 'Next →');
  prev.addEventListener('click', () => go({ ...state, page: page - 1 }));
  next.addEventListener('click', () => go({ ...state, page: page + 1 }));

  return h('div', { class: 'results' },
    h('div', { class: 'results-bar' },
      h('p', { id: 'result-count', class: 'result-count' }, plural(total, 'intent')),
      h('p', { class: 'export' },
        h('a', { id: 'export-csv', href: `/api/v1/audit/export.csv?${exportQs}`, download: 'countersign-audit.csv' },
          'Export these results as CSV'),
        auditor ? null : h('span', { class: 'muted small' }, ' (needs the auditor role)'))),
    h('div', { class: 'table-scroll' },
      table({ id: 'results', caption: captionFor(state, total), columns, rows, empty: 'No intents match', className: 'results-table' })),
    h('nav', { id: 'pager', class: 'pager', 'aria-label': 'Result pages' },
      prev, h('span', { class: 'page-of' }, `Page ${formatNumber(page)} of ${formatNumber(pages)}`), next));
}

function decisionBadge(decision) {
  return badge(decision || '?', decision === 'APPROVE' ? 'ok' : decision === 'DENY' ? 'bad' : 'neutral');
}

function captionFor(state, total) {
  const parts = ['Audit log'];
  if (state.q) parts.push(`matching “${state.q}”`);
  const filters = FACETS.filter(([k]) => state.facets[k].length).map(([k, label]) => `${label.toLowerCase()}: ${state.facets[k].join(' or ')}`);
  if (filters.length) parts.push(`filtered by ${filters.join('; ')}`);
  parts.push(`— ${plural(total, 'intent')}, sorted by ${sortName(state.sort)} ${state.order === 'asc' ? 'ascending' : 'descending'}`);
  return parts.join(' ');
}

function sortName(key) {
  return { receivedAt: 'received time', timeToDecisionMs: 'time to decision', riskScore: 'risk score' }[key] || key;
}
