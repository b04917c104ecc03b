// Hash routing: #/search?q=…, #/intents/{id}, #/datasets/{uri}, #/agents, #/agents/{id}, #/approvals.
// Each page module exports title(ctx) (used for the h1 and document.title) and an async render(ctx)
// that returns {node, after?, announce?}. The router swaps the page in at once, sets the title and
// moves focus to the page's h1 (or, when only the query of the same page changed, keeps focus on the
// control that caused it).

import { SessionEnded, query as toQuery } from './api.js';
import { h, replaceChildren } from './dom.js';

export function parseHash(hash = location.hash) {
  let raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = raw.indexOf('?');
  const pathPart = q >= 0 ? raw.slice(0, q) : raw;
  const queryPart = q >= 0 ? raw.slice(q + 1) : '';
  return { path: pathPart.split('/').filter(Boolean), query: new URLSearchParams(queryPart) };
}

/** Build "#/a/b?x=1" from a path string and params ({k: v | [v]}). */
export function hashFor(path, params) {
  const qs = params ? toQuery(params) : '';
  return `#${path}${qs ? `?${qs}` : ''}`;
}

export function navigate(path, params, { replace = false } = {}) {
  const target = hashFor(path, params);
  if (target === location.hash) return;
  if (replace) {
    history.replaceState(null, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = target;
  }
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function match(routes, path) {
  if (path.length === 0) return { route: routes.find((r) => r.isDefault), params: {} };
  for (const route of routes) {
    const pattern = route.pattern;
    const params = {};
    let ok = true;
    for (let i = 0; i < pattern.length; i++) {
      const p = pattern[i];
      if (p.startsWith('*')) {
        // The rest of the path is one value (tolerates an unencoded "pg://crm/customers").
        if (i >= path.length) { ok = false; break; }
        params[p.slice(1)] = safeDecode(path.slice(i).join('/'));
        return { route, params };
      }
      if (i >= path.length) { ok = false; break; }
      if (p.startsWith(':')) params[p.slice(1)] = safeDecode(path[i]);
      else if (p !== path[i]) { ok = false; break; }
    }
    if (ok && path.length === pattern.length) return { route, params };
  }
  return null;
}

export function startRouter({ routes, main, status, onRoute, context = {} }) {
  let current = null; // {key, controller}
  let cleanup = null; // what the page on screen asked to run when it goes away
  let renderCount = 0;

  async function render() {
    const { path, query } = parseHash();
    const found = match(routes, path);
    const route = found?.route;
    const key = route ? `${route.name}/${JSON.stringify(found.params)}` : 'not-found';
    const samePage = current && current.key === key;
    const activeId = samePage && document.activeElement && document.activeElement.id;
    if (current) current.controller.abort();
    const controller = new AbortController();
    current = { key, controller };
    const mine = ++renderCount;
    delete main.dataset.renderedHash;

    onRoute?.(route?.name ?? 'not-found');
    const ctx = { ...context, params: found?.params ?? {}, query, signal: controller.signal, status, samePage };
    let title = 'Page not found';
    let node;
    let after;
    let announce;
    let dispose;
    if (!route) {
      node = h('section', h('h1', { tabindex: '-1' }, title),
        h('p', 'There is no page at this address. ', h('a', { href: '#/search' }, 'Go to the audit search.')));
      announce = title;
    } else {
      title = route.page.title(ctx);
      status.set('Loading…');
      main.setAttribute('aria-busy', 'true');
      if (!main.firstChild) main.appendChild(h('p', { class: 'loading' }, 'Loading…'));
      try {
        ({ node, after, announce, dispose } = await route.page.render(ctx));
      } catch (e) {
        if (mine !== renderCount || (e && e.name === 'AbortError')) return;
        if (e instanceof SessionEnded) {
          status.set(e.message);
          return;
        }
        console.warn('page failed', e);
        node = h('section', h('h1', { tabindex: '-1' }, title), errorBox(e));
        announce = `Error: ${e.message}`;
      }
      if (mine !== renderCount) return;
      main.removeAttribute('aria-busy');
    }
    if (cleanup) {
      try { cleanup(); } catch (e) { console.warn('cleanup failed', e); }
    }
    cleanup = dispose || null;
    replaceChildren(main, node);
    document.title = `${title} · Countersign`;
    const again = activeId && document.getElementById(activeId);
    if (again) {
      again.focus({ preventScroll: true });
    } else {
      const h1 = main.querySelector('h1');
      if (h1) {
        if (!h1.hasAttribute('tabindex')) h1.setAttribute('tabindex', '-1');
        h1.focus({ preventScroll: samePage });
      } else {
        main.focus();
      }
      if (!samePage) window.scrollTo(0, 0);
    }
    if (after) {
      try {
        await after();
      } catch (e) {
        if (e instanceof SessionEnded || (e && e.name === 'AbortError')) return;
        console.warn('page update failed', e);
        status.set(`Error: ${e.message}`);
        return;
      }
    }
    if (mine === renderCount) {
      status.set(announce ?? '');
      main.dataset.renderedHash = location.hash; // lets tests wait for a page to be complete
    }
  }

  window.addEventListener('hashchange', render);
  return render();
}

/** An error message box for API failures: shows the API's own error text. */
export function errorBox(e, prefix = '') {
  const msg = e && e.message ? e.message : String(e);
  return h('div', { class: 'error', role: 'alert' }, h('p', `${prefix}${msg}`));
}
