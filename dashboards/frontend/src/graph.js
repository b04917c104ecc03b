// Lineage graph: a model (nodes and edges merged from one or more lineage answers) and its Cytoscape view.

import cytoscape from 'cytoscape';

const NODE_W = 250;
const NODE_H = 54;
const SINGLE_TAP_DELAY_MS = 300; // a double click (expand) cancels the pending single click (open)

export function edgeId(e) {
  return JSON.stringify([e.source, e.target, e.job ?? '']);
}

/** A merged lineage model around one root dataset. */
export function createModel(root) {
  return { root, nodes: new Map(), edges: new Map(), expanded: new Set() };
}

/** Adds a lineage answer's nodes and edges; returns how many nodes and edges were new. */
export function mergeLineage(model, data, expandedFrom = null) {
  let newNodes = 0;
  let newEdges = 0;
  for (const n of data.nodes || []) {
    const old = model.nodes.get(n.id);
    if (old) {
      old.labels = [...new Set([...(old.labels || []), ...(n.labels || [])])];
    } else {
      model.nodes.set(n.id, { id: n.id, labels: n.labels || [], foundBy: expandedFrom });
      newNodes++;
    }
  }
  for (const e of data.edges || []) {
    // Edges may name datasets that are not in nodes (defensive): add them.
    for (const id of [e.source, e.target]) {
      if (!model.nodes.has(id)) {
        model.nodes.set(id, { id, labels: [], foundBy: expandedFrom });
        newNodes++;
      }
    }
    const id = edgeId(e);
    if (!model.edges.has(id)) {
      model.edges.set(id, { ...e, id, foundBy: expandedFrom });
      newEdges++;
    }
  }
  if (expandedFrom) model.expanded.add(expandedFrom);
  return { newNodes, newEdges };
}

/**
 * Direction and depth of every edge relative to the root, by breadth-first search over the merged
 * graph (so edges found by expanding other nodes get correct hop counts too). Edges neither upstream
 * nor downstream of the root (siblings found by expanding) get direction "beside".
 */
export function relateToRoot(model) {
  const incoming = new Map();
  const outgoing = new Map();
  for (const e of model.edges.values()) {
    if (!incoming.has(e.target)) incoming.set(e.target, []);
    if (!outgoing.has(e.source)) outgoing.set(e.source, []);
    incoming.get(e.target).push(e);
    outgoing.get(e.source).push(e);
  }
  const bfs = (next, far) => {
    const dist = new Map([[model.root, 0]]);
    const queue = [model.root];
    while (queue.length) {
      const n = queue.shift();
      for (const e of next.get(n) || []) {
        const m = e[far];
        if (!dist.has(m)) {
          dist.set(m, dist.get(n) + 1);
          queue.push(m);
        }
      }
    }
    return dist;
  };
  const up = bfs(incoming, 'source');
  const down = bfs(outgoing, 'target');
  const result = new Map();
  for (const e of model.edges.values()) {
    if (up.has(e.source) && up.has(e.target) && up.get(e.source) === up.get(e.target) + 1) {
      result.set(e.id, { direction: 'upstream', depth: up.get(e.source) });
    } else if (down.has(e.source) && down.has(e.target) && down.get(e.target) === down.get(e.source) + 1) {
      result.set(e.id, { direction: 'downstream', depth: down.get(e.target) });
    } else {
      result.set(e.id, { direction: 'beside', depth: null });
    }
  }
  return result;
}

function nodeLabel(n) {
  return n.labels && n.labels.length ? `${n.id}\n⚠ ${n.labels.join(' · ')}` : n.id;
}

function elements(model) {
  const els = [];
  for (const n of model.nodes.values()) {
    const classes = [];
    if (n.id === model.root) classes.push('root');
    if (n.labels && n.labels.length) classes.push('labelled');
    if (model.expanded.has(n.id)) classes.push('expanded');
    els.push({ group: 'nodes', data: { id: n.id, label: nodeLabel(n), labels: n.labels || [] }, classes: classes.join(' ') });
  }
  for (const e of model.edges.values()) {
    els.push({
      group: 'edges',
      data: { id: e.id, source: e.source, target: e.target, job: e.job || '', intentId: e.intentId || null,
        transformation: e.transformation || null, origin: e.origin || null },
      classes: e.intentId ? 'has-intent' : '',
    });
  }
  return els;
}

const STYLE = [
  { selector: 'node', style: {
    shape: 'round-rectangle', width: NODE_W, height: NODE_H,
    'background-color': '#f3f6fa', 'border-width': 1.5, 'border-color': '#5b6b7f',
    label: 'data(label)', 'text-valign': 'center', 'text-halign': 'center',
    'text-wrap': 'wrap', 'text-max-width': 238, 'text-overflow-wrap': 'anywhere',
    'font-size': 13, 'font-family': 'system-ui, sans-serif', color: '#1b2430',
  } },
  { selector: 'node.labelled', style: { 'background-color': '#fde8e6', 'border-color': '#b3261e', 'border-width': 2, 'border-style': 'dashed', color: '#6e1712' } },
  { selector: 'node.root', style: { 'border-width': 4, 'border-style': 'solid', 'border-color': '#0b4fa8', 'font-weight': 'bold', 'background-color': '#dce9fb' } },
  { selector: 'node.root.labelled', style: { 'background-color': '#fde8e6' } },
  { selector: 'node:selected', style: { 'overlay-color': '#0b4fa8', 'overlay-opacity': 0.15, 'overlay-padding': 6 } },
  { selector: 'edge', style: {
    width: 2, 'line-color': '#6b7685', 'target-arrow-color': '#6b7685', 'target-arrow-shape': 'triangle',
    'curve-style': 'bezier', label: 'data(job)', 'font-size': 12, color: '#2b3440',
    'text-rotation': 'autorotate', 'text-background-color': '#ffffff', 'text-background-opacity': 1, 'text-background-padding': 2,
  } },
  { selector: 'edge.has-intent', style: { 'line-color': '#1f5fa8', 'target-arrow-color': '#1f5fa8', width: 2.5 } },
];

/**
 * Cytoscape injects an inline <style> (".__________cytoscape_container { position: relative }") unless an
 * element with its id already exists; an inline style breaks under a strict Content-Security-Policy
 * (style-src 'self'). app.css carries that rule, so a placeholder with the id is enough.
 */
function preventStyleInjection() {
  const id = '__________cytoscape_stylesheet';
  if (!document.getElementById(id)) {
    const marker = document.createElement('meta');
    marker.id = id;
    marker.name = 'cytoscape-style-in-app-css';
    document.head.appendChild(marker);
  }
}

/**
 * Renders the model into container. handlers: open(uri) on a single click/tap of a node, expand(uri) on a
 * double click, edge(edgeData) on a click of an edge. Returns {cy, refresh(), fit(), zoomBy(f)}.
 */
export function createGraphView(container, model, handlers) {
  preventStyleInjection();
  const cy = cytoscape({
    container,
    elements: elements(model),
    style: STYLE,
    minZoom: 0.2,
    maxZoom: 3,
    userPanningEnabled: true,
    userZoomingEnabled: true,
    boxSelectionEnabled: false,
    autoungrabify: false,
  });

  let pendingTap = null;
  cy.on('tap', 'node', (ev) => {
    const id = ev.target.id();
    clearTimeout(pendingTap);
    pendingTap = setTimeout(() => {
      pendingTap = null;
      handlers.open(id);
    }, SINGLE_TAP_DELAY_MS);
  });
  cy.on('dbltap', 'node', (ev) => {
    clearTimeout(pendingTap);
    pendingTap = null;
    handlers.expand(ev.target.id());
  });
  cy.on('tap', 'edge', (ev) => handlers.edge({ ...ev.target.data() }));
  cy.on('mouseover', 'node, edge', () => { container.style.cursor = 'pointer'; });
  cy.on('mouseout', 'node, edge', () => { container.style.cursor = ''; });

  function layout() {
    const byId = (a, b) => (a.id() < b.id() ? -1 : a.id() > b.id() ? 1 : 0);
    const roots = cy.nodes().filter((n) => n.indegree(false) === 0).sort(byId);
    // Order nodes within a level by a depth-first walk from the roots, so connected nodes sit close together.
    // (Cytoscape's own weighted sort trips over the holes that `maximal` leaves; this one tolerates them.)
    const order = new Map();
    const visit = (n) => {
      if (order.has(n.id())) return;
      order.set(n.id(), order.size);
      n.outgoers('node').sort(byId).forEach(visit);
    };
    roots.forEach(visit);
    cy.nodes().sort(byId).forEach(visit);
    // Longest-path levels (what `maximal` will produce), to size the layout's box: breadthfirst otherwise
    // spreads the levels over the whole container and a small graph ends up tiny after the fit.
    const level = new Map(cy.nodes().map((n) => [n.id(), 0]));
    for (let pass = 0, changed = true; changed && pass < cy.nodes().length; pass++) {
      changed = false;
      cy.edges().forEach((e) => {
        const want = level.get(e.source().id()) + 1;
        if (e.source().id() !== e.target().id() && level.get(e.target().id()) < want) {
          level.set(e.target().id(), want);
          changed = true;
        }
      });
    }
    const perLevel = new Map();
    for (const l of level.values()) perLevel.set(l, (perLevel.get(l) || 0) + 1);
    const levels = Math.max(1, ...perLevel.keys()) + 1;
    const widest = Math.max(1, ...perLevel.values());
    const depthSort = (a, b) => {
      if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
      return order.get(a.id()) - order.get(b.id());
    };
    // Laid out top-down in a box sized from the levels, then turned to flow left to right by swapping x and
    // y (breadthfirst's own 'rightward' skews the result to the container's aspect ratio and spreads a
    // small graph thin). Nodes are wide and short, so levels need wide gaps and siblings only short ones.
    const pad = 24;
    cy.layout({
      name: 'breadthfirst',
      directed: true,
      maximal: true, // push nodes to their deepest level so edges keep flowing left to right (bails out on cycles)
      roots: roots.length ? roots : cy.getElementById(model.root),
      depthSort,
      boundingBox: { x1: 0, y1: 0, w: widest * 84 + 2 * pad + NODE_W, h: levels * 320 + 2 * pad + NODE_H },
      avoidOverlap: false,
      spacingFactor: 1,
      padding: pad,
      animate: false,
      fit: true,
      transform: (node, pos) => ({ x: pos.y, y: pos.x }),
    }).run();
    if (cy.zoom() > 1) {
      cy.zoom(1);
      cy.center();
    }
  }

  layout();
  window.__countersignGraph = cy;

  return {
    cy,
    /** Re-reads the model (after an expand), adds what is new and re-runs the layout. */
    refresh() {
      const els = elements(model);
      cy.batch(() => {
        for (const el of els) {
          const existing = cy.getElementById(el.data.id);
          if (existing.nonempty()) {
            existing.data(el.data);
            existing.classes(el.classes);
          } else {
            cy.add(el);
          }
        }
      });
      layout();
      window.__countersignGraph = cy;
    },
    fit() {
      cy.fit(undefined, 24);
    },
    zoomBy(factor) {
      const z = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
      cy.zoom({ level: z, renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 } });
    },
    destroy() {
      clearTimeout(pendingTap);
      cy.destroy();
    },
  };
}
