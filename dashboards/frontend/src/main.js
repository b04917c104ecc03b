// Countersign dashboards: the analysts' single-page UI. Hash routes, same-origin JSON API (dashboards/API.md).

import { api, apiPaths, SessionEnded } from './api.js';
import { h, replaceChildren } from './dom.js';
import { timeZoneName, labelBadges, hrefs, plural } from './format.js';
import { startRouter } from './router.js';
import { createStatus } from './status.js';
import * as search from './pages/search.js';
import * as intent from './pages/intent.js';
import * as dataset from './pages/dataset.js';
import * as agents from './pages/agents.js';
import * as approvals from './pages/approvals.js';
import * as policy from './pages/policy.js';
import * as evidence from './pages/evidence.js';

const routes = [
  { name: 'search', pattern: ['search'], page: search, isDefault: true, nav: 'search' },
  { name: 'intent', pattern: ['intents', '*id'], page: intent, nav: 'search' },
  { name: 'dataset', pattern: ['datasets', '*uri'], page: dataset },
  { name: 'agents', pattern: ['agents'], page: agents.list, nav: 'agents' },
  { name: 'agent', pattern: ['agents', '*id'], page: agents.detail, nav: 'agents' },
  { name: 'approvals', pattern: ['approvals'], page: approvals, nav: 'approvals' },
  { name: 'policy', pattern: ['policy'], page: policy, nav: 'policy' },
  { name: 'evidence', pattern: ['evidence'], page: evidence, nav: 'evidence' },
];

function markNav(routeName) {
  const nav = routes.find((r) => r.name === routeName)?.nav;
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function skipLink() {
  const link = document.getElementById('skip-link');
  link?.addEventListener('click', (e) => {
    // A real href="#main" would change the route; move focus instead.
    e.preventDefault();
    const main = document.getElementById('main');
    (main.querySelector('h1') || main).focus();
  });
}

async function loadUser(context) {
  const el = document.getElementById('user-name');
  try {
    const me = await api(apiPaths.me());
    context.user = me;
    replaceChildren(el, 'Signed in as ', h('strong', me.username || '?'),
      me.roles && me.roles.length ? h('span', { class: 'roles' }, ` (${me.roles.join(', ')})`) : null);
  } catch (e) {
    if (e instanceof SessionEnded) throw e;
    replaceChildren(el, h('span', { class: 'muted' }, 'Signed-in user unknown'));
  }
}

function datasetFinder(status) {
  const form = document.getElementById('dataset-finder');
  const input = document.getElementById('dataset-q');
  const results = document.getElementById('dataset-results');
  if (!form || !input || !results) return;
  let timer = null;
  let seq = 0;

  const close = () => {
    results.hidden = true;
    replaceChildren(results);
    input.setAttribute('aria-expanded', 'false');
  };

  async function find(q) {
    const mine = ++seq;
    if (!q.trim()) {
      close();
      return;
    }
    try {
      const data = await api(apiPaths.datasets(), { params: { q: q.trim(), size: 20 } });
      if (mine !== seq) return;
      const list = data.datasets || [];
      replaceChildren(results,
        h('p', { class: 'finder-count', role: 'status' }, list.length ? plural(list.length, 'dataset') + ' found' : 'No dataset matches'),
        list.length ? h('ul', { class: 'finder-list' }, list.map((d) => h('li',
          h('a', { href: hrefs.dataset(d.dataset), class: 'dataset-link' }, d.dataset), ' ',
          h('span', { class: 'badges' }, d.labels && d.labels.length ? labelBadges(d.labels) : null),
          d.total !== undefined ? h('span', { class: 'muted small' }, ` ${plural(d.total, 'use')}`) : null))) : null);
      results.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    } catch (e) {
      if (e instanceof SessionEnded || mine !== seq) return;
      replaceChildren(results, h('p', { class: 'error', role: 'alert' }, e.message));
      results.hidden = false;
      status.set(`Error: ${e.message}`);
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => find(input.value), 250);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    find(input.value).then(() => results.querySelector('a')?.focus());
  });
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      close();
      input.focus();
    } else if (e.key === 'ArrowDown' && document.activeElement === input) {
      const first = results.querySelector('a');
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  });
  results.addEventListener('click', (e) => {
    if (e.target.closest('a')) {
      input.value = '';
      close();
    }
  });
  document.addEventListener('click', (e) => {
    if (!form.contains(e.target)) close();
  });
  window.addEventListener('hashchange', close);
}

async function boot() {
  const status = createStatus(document.getElementById('status'));
  const tz = document.getElementById('time-zone');
  if (tz) tz.textContent = timeZoneName();
  skipLink();
  datasetFinder(status);
  const context = { user: null };
  try {
    await loadUser(context);
  } catch {
    return; // on the way to the login page
  }
  await startRouter({ routes, main: document.getElementById('main'), status, onRoute: markNav, context });
}

boot();
