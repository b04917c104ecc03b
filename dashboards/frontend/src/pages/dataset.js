// #/datasets/{uri} — a dataset: its sensitivity labels and where they came from, owners, lineage graph, usage.

import { api, apiPaths, SessionEnded } from '../api.js';
import { h, dl, table, replaceChildren, select } from '../dom.js';
import { timeEl, datasetLink, agentLink, labelBadges, formatNumber, hrefs, plural, slug } from '../format.js';
import { hashFor, errorBox } from '../router.js';
import { createModel, mergeLineage, relateToRoot, createGraphView } from '../graph.js';
import { stackedBarChart, dayRange, PALETTE } from '../chart.js';

const DEPTHS = [1, 2, 3, 4, 5].map((v) => ({ value: v }));
const USAGE_DAYS = 30;

export function title(ctx) {
  return `Dataset ${ctx.params.uri}`;
}

export async function render(ctx) {
  const uri = ctx.params.uri;
  const signal = ctx.signal;
  const lineageParams = { upstream: 2, downstream: 2 };
  const [dataset, lineage, usage] = await Promise.allSettled([
    api(apiPaths.dataset(uri), { signal }),
    api(apiPaths.lineage(uri), { params: lineageParams, signal }),
    api(apiPaths.usage(uri), { params: { days: USAGE_DAYS }, signal }),
  ]);
  for (const r of [dataset, lineage, usage]) {
    if (r.status === 'rejected' && (r.reason instanceof SessionEnded || r.reason?.name === 'AbortError')) throw r.reason;
  }
  if (dataset.status === 'rejected') throw dataset.reason;
  const d = dataset.value;

  const lineageSection = h('section', { class: 'lineage', 'aria-labelledby': 'h-lineage' });
  const state = { view: null, model: null, up: 2, down: 2, statusSet: ctx.status.set };

  const node = h('section', { class: 'page page-dataset' },
    h('p', { class: 'breadcrumb' }, 'Dataset'),
    h('h1', { tabindex: '-1', class: 'mono break' }, d.dataset || uri),
    labelsSection(d),
    ownersSection(d.owners),
    lineageSection,
    usageSection(d.usage, usage));

  return {
    node,
    announce: `Dataset ${uri}`,
    after: () => {
      if (lineage.status === 'rejected') {
        lineageShell(lineageSection, state, uri);
        replaceChildren(lineageSection.querySelector('.lineage-body'), errorBox(lineage.reason, 'Lineage could not be loaded: '));
      } else {
        lineageShell(lineageSection, state, uri);
        showLineage(lineageSection, state, uri, lineage.value);
      }
    },
    dispose: () => state.view?.destroy(),
  };
}

// ---- labels ----

function labelsSection(d) {
  const declared = d.declaredLabels || [];
  const inherited = d.inheritedLabels || [];
  const list = h('ul', { id: 'labels', class: 'labels-list' });
  for (const l of declared) {
    const how = String(l.source || 'DECLARED').toUpperCase() === 'DEFAULT' ? 'default' : 'declared';
    // Who declared each label (a steward, or a producer trusted for labels); older records do not say.
    list.appendChild(h('li', h('span', { class: 'label-line' }, labelBadges([l.label]), ` — ${how}`, l.declaredBy ? ` by ${l.declaredBy}` : '')));
  }
  for (const l of inherited) {
    list.appendChild(h('li', inheritedLine(l, d.dataset)));
  }
  if (declared.length + inherited.length === 0) list.appendChild(h('li', { class: 'muted' }, 'No sensitivity labels'));
  return h('section', { 'aria-labelledby': 'h-labels' }, h('h2', { id: 'h-labels' }, 'Sensitivity labels'), list, declarationLine(d));
}

/** The last change to the declared labels: "Declared by user:carol@example.com at <time>". */
function declarationLine(d) {
  if (!d.declaredBy && !d.declaredUpdatedAt) return null;
  return h('p', { id: 'declared-by', class: 'muted' }, 'Declared labels last changed',
    d.declaredBy ? [' by ', h('span', { class: 'mono' }, d.declaredBy)] : '', d.declaredUpdatedAt ? [' at ', timeEl(d.declaredUpdatedAt)] : '');
}

function inheritedLine(l, self) {
  const path = [...(l.provenance || [])];
  const via = l.via || [];
  if (path.length === 0 || path[path.length - 1] !== self) path.push(self);
  const origin = path[0];
  const jobs = via.filter(Boolean);
  const line = h('span', { class: 'label-line' }, labelBadges([l.label]), ' — inherited from ',
    origin === self ? origin : datasetLink(origin),
    jobs.length ? ` via ${jobs.length === 1 ? 'job' : 'jobs'} ${jobs.join(', ')}` : '');
  // The whole path, hop by hop: origin →(job)→ … → this dataset.
  const steps = [];
  path.forEach((ds, i) => {
    if (i > 0) steps.push(h('span', { class: 'hop' }, ' → ', via[i - 1] ? h('span', { class: 'via' }, `(${via[i - 1]})`) : null, via[i - 1] ? ' → ' : ''));
    steps.push(ds === self ? h('strong', { class: 'mono' }, ds) : datasetLink(ds));
  });
  return [line, h('div', { class: 'label-path' }, h('span', { class: 'muted' }, 'Path: '), steps)];
}

function ownersSection(owners) {
  return h('section', { 'aria-labelledby': 'h-owners' }, h('h2', { id: 'h-owners' }, 'Owners'),
    owners && owners.length
      ? h('ul', { id: 'owners', class: 'plain inline-list' }, owners.map((o) => h('li', o)))
      : h('p', { id: 'owners', class: 'muted' }, 'No owners recorded'));
}

// ---- lineage ----

function lineageShell(section, state, uri) {
  const reload = async () => {
    state.statusSet('Loading lineage…');
    const body = section.querySelector('.lineage-body');
    try {
      const data = await api(apiPaths.lineage(uri), { params: { upstream: state.up, downstream: state.down } });
      showLineage(section, state, uri, data);
    } catch (e) {
      if (e instanceof SessionEnded) return;
      state.view?.destroy();
      state.view = null;
      replaceChildren(body, errorBox(e, 'Lineage could not be loaded: '));
      state.statusSet(`Error: ${e.message}`);
    }
  };
  const controls = h('form', { class: 'controls', 'aria-label': 'Lineage depth' },
    select({ id: 'upstream-depth', label: 'Upstream depth', options: DEPTHS, value: state.up, onChange: (v) => { state.up = Number(v); reload(); } }),
    select({ id: 'downstream-depth', label: 'Downstream depth', options: DEPTHS, value: state.down, onChange: (v) => { state.down = Number(v); reload(); } }),
    h('span', { class: 'zoom-buttons' },
      h('button', { type: 'button', id: 'zoom-in', 'aria-label': 'Zoom in', onclick: () => state.view?.zoomBy(1.25) }, '+'),
      h('button', { type: 'button', id: 'zoom-out', 'aria-label': 'Zoom out', onclick: () => state.view?.zoomBy(0.8) }, '−'),
      h('button', { type: 'button', id: 'zoom-fit', onclick: () => state.view?.fit() }, 'Fit')));
  controls.addEventListener('submit', (e) => e.preventDefault());
  replaceChildren(section,
    h('h2', { id: 'h-lineage' }, 'Lineage'),
    controls,
    h('p', { class: 'help muted' },
      'Click a dataset to open it, double-click it to expand its neighbours in place. Click an edge to open the intent behind it, or the job’s audit records. Drag to pan, scroll to zoom.'),
    h('div', { class: 'lineage-body' }));
}

function showLineage(section, state, uri, data) {
  const body = section.querySelector('.lineage-body');
  state.view?.destroy();
  state.model = createModel(data.root || uri);
  mergeLineage(state.model, data);
  const graph = h('div', { id: 'lineage-graph', class: 'graph', role: 'img' });
  const legend = h('ul', { class: 'legend graph-legend' },
    h('li', h('span', { class: 'key key-root', 'aria-hidden': 'true' }), ' this dataset (thick blue border)'),
    h('li', h('span', { class: 'key key-labelled', 'aria-hidden': 'true' }), ' carries a sensitivity label (dashed red border, ⚠ label)'),
    h('li', h('span', { class: 'key key-edge-intent', 'aria-hidden': 'true' }), ' blue edge: made by an intent'));
  const tables = h('div', { class: 'lineage-tables' });
  replaceChildren(body, graph, legend, tables);

  const handlers = {
    open: (id) => { location.hash = hrefs.dataset(id); },
    expand: (id) => expand(section, state, id),
    edge: (e) => { location.hash = e.intentId ? hrefs.intent(e.intentId) : hashFor('/search', { q: e.job }); },
  };
  state.handlers = handlers;
  state.view = createGraphView(graph, state.model, handlers);
  renderTables(section, state);
  state.statusSet(`Lineage: ${plural(state.model.nodes.size, 'dataset')}, ${plural(state.model.edges.size, 'edge')}`);
}

async function expand(section, state, id) {
  const model = state.model;
  state.statusSet(`Expanding ${id}…`);
  try {
    const data = await api(apiPaths.lineage(id), { params: { upstream: 1, downstream: 1 } });
    if (state.model !== model) return; // the graph was reloaded meanwhile
    const { newNodes, newEdges } = mergeLineage(model, data, id);
    state.view.refresh();
    renderTables(section, state);
    state.statusSet(newNodes + newEdges === 0
      ? `Nothing new around ${id}`
      : `Added ${plural(newNodes, 'dataset')} and ${plural(newEdges, 'edge')} around ${id}`);
  } catch (e) {
    if (e instanceof SessionEnded) return;
    state.statusSet(`Error: could not expand ${id}: ${e.message}`);
  }
}

function renderTables(section, state) {
  const model = state.model;
  const tables = section.querySelector('.lineage-tables');
  const focusedId = tables.contains(document.activeElement) ? document.activeElement.id : null;
  const relations = relateToRoot(model);
  const graphEl = section.querySelector('#lineage-graph');
  graphEl.setAttribute('aria-label', `Lineage graph of ${model.root}: ${plural(model.nodes.size, 'dataset')} and ${plural(model.edges.size, 'edge')}. `
    + 'The same lineage is listed in the tables below.');

  const nodes = [...model.nodes.values()].sort((a, b) => (a.id === model.root ? -1 : b.id === model.root ? 1 : a.id.localeCompare(b.id)));
  const nodeRows = nodes.map((n) => {
    const expanded = model.expanded.has(n.id);
    const button = h('button', { type: 'button', id: `expand-${slug(n.id)}`, class: 'expand', 'aria-label': `Expand lineage of ${n.id}`, 'data-dataset': n.id },
      'Expand');
    button.addEventListener('click', () => state.handlers.expand(n.id));
    return [
      [datasetLink(n.id), n.id === model.root ? h('span', { class: 'muted small' }, ' (this dataset)') : null],
      h('span', { class: 'badges' }, labelBadges(n.labels)),
      [n.foundBy ? `expanding ${n.foundBy}` : 'first load', expanded ? h('span', { class: 'muted small' }, ' · expanded') : null],
      button,
    ];
  });
  const edges = [...model.edges.values()];
  const edgeRows = edges.map((e) => {
    const rel = relations.get(e.id);
    return [
      [datasetLink(e.source), h('span', { 'aria-hidden': 'true' }, ' → '), h('span', { class: 'sr-only' }, ' to '), datasetLink(e.target)],
      e.job
        ? h('a', { href: e.intentId ? hrefs.intent(e.intentId) : hashFor('/search', { q: e.job }) }, e.job)
        : (e.intentId ? h('a', { href: hrefs.intent(e.intentId) }, e.intentId) : '—'),
      e.transformation || '—',
      rel.direction,
      rel.depth === null ? '—' : String(rel.depth),
    ];
  });
  replaceChildren(tables,
    h('h3', 'Datasets in the graph'),
    table({ id: 'lineage-nodes', caption: 'Datasets in the lineage graph, with a button to expand each one’s neighbours', columns: ['Dataset', 'Labels', 'Found by', 'Neighbours'], rows: nodeRows }),
    h('h3', 'Edges'),
    table({ id: 'lineage-table', caption: `Lineage edges around ${model.root}: source to target, the job that made them, and their hop from this dataset`,
      columns: ['Source → target', 'Job', 'Transformation', 'Direction', 'Depth'], rows: edgeRows, empty: 'No lineage is known for this dataset' }));
  if (focusedId) document.getElementById(focusedId)?.focus();
}

// ---- usage ----

function usageSection(u, usageResult) {
  const section = h('section', { class: 'usage', 'aria-labelledby': 'h-usage' }, h('h2', { id: 'h-usage' }, 'Usage'));
  if (!u) {
    section.appendChild(h('p', { id: 'usage-counters', class: 'muted' }, 'No recorded use of this dataset.'));
  } else {
    section.appendChild(dl('usage-counters', [
      ['Total uses', formatNumber(u.total)],
      ['Reads', formatNumber(u.reads)],
      ['Exports', formatNumber(u.exports)],
      ['Writes', formatNumber(u.writes)],
      ['Denials', formatNumber(u.denials)],
      ['Last accessed', u.lastAccessedAt ? [timeEl(u.lastAccessedAt), u.lastAccessedBy ? [' by ', agentLink(u.lastAccessedBy)] : ''] : null],
    ]));
    section.appendChild(table({
      id: 'usage-agents', caption: 'Use of this dataset by agent', className: 'numeric',
      columns: ['Agent', 'Total', 'Reads', 'Exports', 'Writes', 'Denials', 'Last accessed'],
      rows: (u.agents || []).map((a) => [agentLink(a.agent), formatNumber(a.total), formatNumber(a.reads), formatNumber(a.exports),
        formatNumber(a.writes), formatNumber(a.denials), timeEl(a.lastAccessedAt)]),
      empty: 'No agent has used this dataset',
    }));
  }
  section.appendChild(h('h3', `Uses per day, last ${USAGE_DAYS} days`));
  if (usageResult.status === 'rejected') {
    section.appendChild(errorBox(usageResult.reason, 'Usage over time could not be loaded: '));
    return section;
  }
  const series = usageResult.value.series || [];
  const days = dayRange(usageResult.value.days || USAGE_DAYS, series.map((p) => p.day));
  const agents = [...new Set(series.map((p) => p.agent))].sort();
  const byKey = new Map(series.map((p) => [`${p.day}|${p.agent}`, p]));
  const { figure, table: dataTable } = stackedBarChart({
    id: 'usage-chart', tableId: 'usage-table', days, unit: 'uses',
    title: 'Uses per day by agent',
    caption: 'Uses per day by agent (days without use are left out)',
    series: agents.map((a, i) => ({ key: a, label: a, color: PALETTE[i % PALETTE.length] })),
    value: (day, agent) => byKey.get(`${day}|${agent}`)?.total ?? 0,
  });
  const denials = series.reduce((a, p) => a + (p.denials || 0), 0);
  section.appendChild(figure);
  section.appendChild(h('p', { class: 'muted small' }, `${plural(denials, 'denial')} among these uses.`));
  section.appendChild(dataTable);
  return section;
}
