// Dev-only browser smoke test of the built UI against dev/mock-server.mjs, with the machine's Chromium
// (never a downloaded browser). Fails on any console error or page error that a step did not expect.
//   npm run build && node dev/smoke.mjs        (UI_OUT and CHROMIUM may point elsewhere)
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LONG_ID_TAIL } from './fixtures.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SHOTS = resolve(here, 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TZ = 'America/New_York';

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function startMock(env = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [resolve(here, 'mock-server.mjs')], {
    env: { ...process.env, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('mock server did not start')), 10000);
    child.stdout.on('data', (d) => {
      if (String(d).includes('mock dashboards on')) {
        clearTimeout(timer);
        ok();
      }
    });
    child.once('exit', (code) => fail(new Error(`mock server exited with ${code}`)));
  });
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

// ---- tiny harness ----
let passed = 0;
let failed = 0;
const failures = [];
let allowed = []; // console error patterns the current step expects (e.g. a deliberate 403)
const unexpected = [];

async function step(name, fn) {
  allowed = [];
  const before = unexpected.length;
  try {
    await fn();
    if (unexpected.length > before) throw new Error(`console/page errors: ${unexpected.slice(before).join(' | ')}`);
    passed++;
    console.log(`  ok   ${name}`);
  } catch (e) {
    failed++;
    failures.push(`${name}: ${e.message}`);
    console.log(`  FAIL ${name}\n       ${String(e.message).split('\n').join('\n       ')}`);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

function watch(page) {
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = `${msg.text()} @ ${msg.location()?.url || ''}`;
    if (allowed.some((re) => re.test(text))) return;
    unexpected.push(`console: ${text}`);
  });
  page.on('pageerror', (err) => unexpected.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => {
    const f = req.failure()?.errorText || '';
    if (/ERR_ABORTED/.test(f)) return; // navigations away, cancelled fetches
    unexpected.push(`request failed: ${req.url()} ${f}`);
  });
}

const ids = async (page, list) => {
  const missing = [];
  for (const id of list) if ((await page.locator(`#${id}`).count()) === 0) missing.push(id);
  assert(missing.length === 0, `missing ids: ${missing.join(', ')}`);
};

const focusedTag = (page) => page.evaluate(() => document.activeElement && document.activeElement.tagName);
const hash = (page) => page.evaluate(() => decodeURIComponent(location.hash));
const shot = (page, name) => page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
const settle = (page) => page.waitForFunction(() => {
  const main = document.getElementById('main');
  return !main.hasAttribute('aria-busy') && main.dataset.renderedHash === location.hash;
});

async function nodeCenter(page, id) {
  await page.locator('#lineage-graph').scrollIntoViewIfNeeded();
  // Cytoscape caches the container's position and refreshes it on scroll events, which arrive with the next frame.
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  return page.evaluate((nid) => {
    const cy = window.__countersignGraph;
    const n = cy.getElementById(nid);
    const box = cy.container().getBoundingClientRect();
    const p = n.renderedPosition();
    return { x: box.left + p.x, y: box.top + p.y };
  }, id);
}

async function main() {
  await mkdir(SHOTS, { recursive: true });
  const mock = await startMock();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, timezoneId: TZ, locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  watch(page);
  const B = mock.base;
  const enc = encodeURIComponent;

  try {
    console.log(`smoke against ${B} (Chromium ${browser.version()}, zone ${TZ})`);

    await step('search page: default route renders with every required id', async () => {
      await page.goto(`${B}/`);
      await page.waitForSelector('#results tbody tr');
      await settle(page);
      await ids(page, ['search-form', 'search-input', 'from', 'to', 'facets', 'results', 'pager', 'export-csv', 'result-count', 'main', 'status']);
      assert(/^\d+ intents?$/.test(await page.textContent('#result-count')), 'result count text');
      assert((await page.textContent('label[for="search-input"]')).trim() === 'Search the audit log', 'search label');
      assert(await page.locator('#results caption').count() === 1, 'caption');
      assert(await page.locator('#results thead th[scope="col"]').count() >= 9, 'th scope=col');
      assert(await page.locator('#results th[aria-sort] button').count() >= 4, 'sortable headers are buttons with aria-sort');
      assert(await page.getAttribute('#results th:has(#sort-receivedAt)', 'aria-sort') === 'descending', 'default sort aria-sort');
      assert(await page.locator('#results a.intent-link').count() === 25, '25 intent links');
      assert((await page.getAttribute('#results a.intent-link >> nth=0', 'href')).startsWith('#/intents/'), 'intent link href');
      assert(await page.locator('#facets fieldset').count() === 7, '7 facet fieldsets');
      assert(await focusedTag(page) === 'H1', 'focus on h1');
      assert((await page.title()).startsWith('Audit search'), 'document title');
      assert((await page.textContent('#time-zone')) === TZ, 'zone in footer');
      assert(/Page 1 of \d+/.test(await page.textContent('#pager')), 'pager text');
      assert(await page.getAttribute('#main', 'tabindex') === '-1', 'main tabindex');
      assert(await page.getAttribute('#status', 'aria-live') === 'polite', 'status live region');
      assert((await page.textContent('#user-name')).includes('ana'), 'signed-in user');
      await page.waitForFunction(() => /\d+ intents?/.test(document.getElementById('status').textContent));
      await shot(page, 'search');
      await page.screenshot({ path: resolve(SHOTS, 'search-viewport.png') });
    });

    await step('search: submit updates the hash, export link follows, back/forward works', async () => {
      await page.fill('#search-input', 'export');
      await page.click('#search-form button[type="submit"]');
      await page.waitForFunction(() => location.hash.includes('q=export'));
      await page.waitForSelector('#results tbody tr');
      await settle(page);
      const href = await page.getAttribute('#export-csv', 'href');
      assert(href.startsWith('/api/v1/audit/export.csv?') && href.includes('q=export'), `export href ${href}`);
      assert((await page.getAttribute('#export-csv', 'download')) !== null, 'download attribute');
      const res = await page.request.get(`${B}${href}`);
      assert(res.status() === 200 && (await res.text()).startsWith('intentId,receivedAt'), 'export answers CSV');
      const countQ = await page.textContent('#result-count');
      await page.goBack();
      await page.waitForFunction(() => !location.hash.includes('q=export'));
      await settle(page);
      assert(await page.inputValue('#search-input') === '', 'input cleared after back');
      await page.goForward();
      await page.waitForFunction(() => location.hash.includes('q=export'));
      await settle(page);
      assert(await page.textContent('#result-count') === countQ, 'same count after forward');
    });

    await step('search at 1400 px: a long intent id is cut in its own column, whole in the link\'s title and href', async () => {
      const id = `int-0100-${LONG_ID_TAIL}`;
      await page.setViewportSize({ width: 1400, height: 900 });
      try {
        await page.goto(`${B}/#/search?q=idempotency`);
        await settle(page);
        const cell = await page.evaluate(() => {
          const link = document.querySelector('#results tbody a.intent-link');
          return { text: link.textContent, title: link.title, href: link.getAttribute('href'), right: link.getBoundingClientRect().right,
            receivedLeft: link.closest('tr').children[1].getBoundingClientRect().left, cut: link.scrollWidth > link.clientWidth,
            textOverflow: getComputedStyle(link).textOverflow };
        });
        assert(cell.text === id && cell.title === id, 'the whole id in the link text and title');
        assert(cell.href === `#/intents/${encodeURIComponent(id)}`, 'the whole id in the href');
        assert(cell.right <= cell.receivedLeft, `id ends at ${cell.right}, Received starts at ${cell.receivedLeft}`);
        assert(cell.cut && cell.textOverflow === 'ellipsis', 'the long id is cut with an ellipsis');
        await shot(page, 'search-long-id');
      } finally {
        await page.setViewportSize({ width: 1366, height: 900 });
      }
    });

    await step('search: facet checkbox filters and keeps focus; sort and pager', async () => {
      await page.goto(`${B}/#/search`);
      await settle(page);
      const box = page.locator('#facets fieldset:has(legend:text("Outcome")) input[type="checkbox"]').first();
      const value = await box.getAttribute('value');
      await box.focus();
      await page.keyboard.press('Space');
      await page.waitForFunction((v) => location.hash.includes(`outcome=${v}`), value);
      await settle(page);
      const active = await page.evaluate(() => document.activeElement && document.activeElement.type === 'checkbox' && document.activeElement.checked);
      assert(active, 'focus stays on the checked checkbox');
      const outcomes = await page.$$eval('#results tbody tr td:nth-child(9) .badge', (els) => els.map((e) => e.textContent));
      assert(outcomes.length > 0 && outcomes.every((o) => o === value), `all rows ${value}`);
      await page.click('#sort-receivedAt');
      await page.waitForFunction(() => location.hash.includes('order=asc'));
      await settle(page);
      assert(await page.getAttribute('#results th:has(#sort-receivedAt)', 'aria-sort') === 'ascending', 'aria-sort ascending');
      await page.goto(`${B}/#/search`);
      await settle(page);
      await page.click('#pager-next');
      await page.waitForFunction(() => location.hash.includes('page=2'));
      await settle(page);
      assert(/Page 2 of/.test(await page.textContent('#pager')), 'page 2');
      assert(await page.evaluate(() => document.activeElement.id) === 'pager-next', 'focus stays on Next');
      await page.fill('#from', '2020-01-01T00:00');
      await page.click('#search-form button[type="submit"]');
      await page.waitForFunction(() => /from=2020-01-01T\d\d%3A00%3A00\.000Z/.test(location.hash));
      await settle(page);
      assert(await page.inputValue('#from') === '2020-01-01T00:00', 'from input round-trips in local time');
    });

    await step('search: empty state and API error text', async () => {
      await page.goto(`${B}/#/search?q=zzzz-no-such-thing`);
      await settle(page);
      assert((await page.textContent('#results')).includes('No intents match'), 'empty state');
      assert(await page.textContent('#result-count') === '0 intents', '0 intents');
      allowed = [/status of 400/];
      await page.goto(`${B}/#/search?from=2026-12-01T00:00:00Z&to=2026-01-01T00:00:00Z`);
      await settle(page);
      assert((await page.textContent('#main .error')).includes('"from" is after "to"'), 'shows the API error text');
      assert(await page.locator('#search-form').count() === 1, 'form still there to fix it');
    });

    await step('intent page: summary, parameters, approvers, timeline, verify', async () => {
      await page.goto(`${B}/#/search?q=int-0007`);
      await settle(page);
      await page.click('#results a.intent-link');
      await page.waitForSelector('#timeline');
      await settle(page);
      await ids(page, ['intent-summary', 'masked-parameters', 'approvers', 'timeline', 'verify-button', 'verify-result']);
      assert((await page.textContent('h1')) === 'Intent int-0007', 'h1');
      assert(await focusedTag(page) === 'H1', 'focus on h1 after navigation');
      assert(await page.getAttribute('#verify-result', 'role') === 'status', 'verify result role');
      const api = await (await page.request.get(`${B}/api/v1/intents/int-0007`)).json();
      assert(await page.locator('#timeline > li').count() === api.timeline.length, 'one li per timeline entry');
      assert(await page.locator('#timeline li time[datetime]').count() === api.timeline.length, 'time elements');
      const chainText = await page.textContent('#timeline > li >> nth=0');
      assert(chainText.includes(`partition ${api.timeline[0].chainPartition} · #${api.timeline[0].sequence}`), 'chain position');
      assert(await page.getAttribute('#timeline li code >> nth=0', 'title') === api.timeline[0].hash, 'full hash in title');
      assert((await page.textContent('#timeline li code >> nth=0')) === api.timeline[0].hash.slice(0, 12), 'short hash');
      assert((await page.textContent('#intent-summary')).includes('pg://crm/customers'), 'targets');
      assert(await page.locator('#intent-summary a[href^="#/datasets/"]').count() >= 1, 'targets link to datasets');
      assert((await page.textContent('#intent-summary')).includes(api.blastRadius.line), 'blast radius line');
      assert((await page.textContent('#masked-parameters')).includes('[masked:email]'), 'masked parameters');
      await page.click('#verify-button');
      await page.waitForFunction(() => document.getElementById('verify-result').textContent.startsWith('Verified:'));
      const v = await page.textContent('#verify-result');
      assert(/^Verified: \d+ records, chain intact, sealed by checkpoint #\d+ signed /.test(v), `verify text: ${v}`);
      await shot(page, 'intent');
    });

    await step('intent page: failed verification lists findings; 403 explains the role', async () => {
      await page.goto(`${B}/#/intents/int-0005`);
      await page.waitForSelector('#verify-button');
      await settle(page);
      await page.click('#verify-button');
      await page.waitForSelector('#verify-result .findings li');
      assert((await page.textContent('#verify-result')).includes('hash does not match content'), 'finding shown');
      assert((await page.textContent('#main')).includes('EXECUTED AFTER DENIAL'), 'violation shown');
      await shot(page, 'intent-findings');
      allowed = [/status of 403/];
      await page.route('**/api/v1/intents/*/verify', (route) => route.fulfill({ status: 403, contentType: 'application/json', body: '{"error":"forbidden","message":"auditor role needed","requestId":"r-1"}' }));
      await page.click('#verify-button');
      await page.waitForFunction(() => document.getElementById('verify-result').textContent === 'Verifying needs the auditor role');
      await page.unroute('**/api/v1/intents/*/verify');
    });

    const root = 's3://lake/curated/customer_360';
    await step('dataset page: labels with provenance, graph, tables, usage chart', async () => {
      await page.goto(`${B}/#/datasets/${enc(root)}`);
      await page.waitForFunction(() => window.__countersignGraph && window.__countersignGraph.nodes().length > 0);
      await settle(page);
      await ids(page, ['labels', 'lineage-graph', 'lineage-table', 'lineage-nodes', 'usage-chart', 'usage-table', 'upstream-depth', 'downstream-depth']);
      assert((await page.textContent('h1')) === root, 'h1 is the URI');
      const labels = await page.$$eval('#labels > li', (els) => els.map((e) => e.textContent));
      assert(labels.some((t) => t.includes('PII — inherited from pg://crm/customers via jobs nightly_export, build_360')), `inherited line: ${labels}`);
      assert(await page.locator('#labels a[href^="#/datasets/"]').count() >= 3, 'path datasets are links');
      const g = await page.evaluate(() => {
        const cy = window.__countersignGraph;
        return { nodes: cy.nodes().length, edges: cy.edges().length, root: cy.nodes('.root').map((n) => n.id()),
          labelled: cy.nodes('.labelled').length, zoom: cy.userZoomingEnabled() && cy.userPanningEnabled(),
          height: cy.container().clientHeight };
      });
      assert(g.nodes >= 6, `≥6 nodes, got ${g.nodes}`);
      assert(g.root.length === 1 && g.root[0] === root, 'root highlighted');
      assert(g.labelled >= 3, 'labelled nodes marked');
      assert(g.zoom, 'pan and zoom enabled');
      assert(g.height >= 400, 'graph height');
      assert(await page.locator('#lineage-table tbody tr').count() === g.edges, 'one table row per edge');
      assert(await page.locator('#lineage-nodes button.expand').count() === g.nodes, 'one Expand button per node');
      assert(await page.getAttribute('#usage-chart', 'role') === 'img', 'chart role=img');
      assert((await page.getAttribute('#usage-chart', 'aria-label')).length > 20, 'chart aria-label');
      assert(await page.locator('#usage-chart title').count() > 5, 'chart titles');
      assert(await page.locator('#usage-table tbody tr').count() > 5, 'usage data table');
      assert((await page.textContent('#usage-counters')).includes('Total uses'), 'usage counters');
      await shot(page, 'dataset');
      await page.locator('#lineage-graph').screenshot({ path: resolve(SHOTS, 'dataset-graph.png') });
    });

    await step('dataset graph: Expand button and double-click expand in place', async () => {
      const before = await page.evaluate(() => window.__countersignGraph.nodes().length);
      await page.click('#lineage-nodes button[data-dataset="pg://billing/invoices"]');
      await page.waitForFunction(() => window.__countersignGraph.getElementById('bq://finance/revenue_daily').nonempty());
      const after = await page.evaluate(() => window.__countersignGraph.nodes().length);
      assert(after > before, 'Expand added nodes');
      assert(await page.evaluate(() => document.activeElement.dataset.dataset) === 'pg://billing/invoices', 'focus kept on the Expand button');
      const startHash = await hash(page);
      const p = await nodeCenter(page, 'pg://crm/customers');
      await page.mouse.dblclick(p.x, p.y);
      await page.waitForFunction(() => window.__countersignGraph.getElementById('app://signup-service').nonempty());
      await page.waitForTimeout(600);
      assert(await hash(page) === startHash, 'double-click did not navigate');
      assert(await page.locator('#lineage-table tbody tr').count() === await page.evaluate(() => window.__countersignGraph.edges().length), 'table follows the graph');
      await shot(page, 'dataset-expanded');
      await page.locator('#lineage-graph').screenshot({ path: resolve(SHOTS, 'dataset-graph-expanded.png') });
    });

    await step('dataset graph: edge clicks open the intent or the job search', async () => {
      const intentId = await page.evaluate(() => {
        const e = window.__countersignGraph.edges().filter((x) => x.data('intentId'))[0];
        e.emit('tap');
        return e.data('intentId');
      });
      await page.waitForFunction((id) => location.hash === `#/intents/${id}`, intentId);
      await page.goBack();
      await page.waitForFunction(() => window.__countersignGraph && window.__countersignGraph.container() && document.getElementById('lineage-graph'));
      await settle(page);
      await page.evaluate(() => window.__countersignGraph.edges().filter((x) => !x.data('intentId'))[0].emit('tap'));
      await page.waitForFunction(() => location.hash.startsWith('#/search?q='));
      await page.goBack();
      await page.waitForFunction(() => document.getElementById('lineage-graph') && window.__countersignGraph.nodes().length > 0);
      await settle(page);
    });

    await step('dataset graph: clicking a node opens its dataset page', async () => {
      // a real mouse click on the node…
      await page.waitForTimeout(100);
      const p = await nodeCenter(page, 'pg://crm/customers');
      await page.mouse.click(p.x, p.y);
      await page.waitForFunction(() => location.hash === '#/datasets/pg%3A%2F%2Fcrm%2Fcustomers');
      await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'pg://crm/customers');
      await settle(page);
      assert((await page.textContent('#labels')).includes('PII — declared by user:dora@example.com'), 'declared label line says who');
      assert((await page.textContent('#declared-by')).includes('user:dora@example.com'), 'who last changed the declaration');
      // …and a tap emitted through the exposed Cytoscape instance.
      await page.waitForFunction(() => window.__countersignGraph.getElementById('s3://lake/raw/customers').nonempty());
      await page.evaluate(() => window.__countersignGraph.getElementById('s3://lake/raw/customers').emit('tap'));
      await page.waitForFunction(() => location.hash === '#/datasets/s3%3A%2F%2Flake%2Fraw%2Fcustomers');
      await settle(page);
    });

    await step('dataset graph: depth selects reload the lineage', async () => {
      await page.goto(`${B}/#/datasets/${enc(root)}`);
      await page.waitForFunction(() => window.__countersignGraph && document.getElementById('lineage-graph'));
      await settle(page);
      const before = await page.evaluate(() => window.__countersignGraph.nodes().length);
      await page.selectOption('#downstream-depth', '1');
      await page.selectOption('#upstream-depth', '1');
      await page.waitForFunction((n) => window.__countersignGraph.nodes().length < n, before);
      assert(await page.inputValue('#upstream-depth') === '1', 'select kept');
    });

    await step('dataset page: unknown dataset shows the API error', async () => {
      allowed = [/status of 404/];
      await page.goto(`${B}/#/datasets/${enc('nope://nothing')}`);
      await settle(page);
      assert((await page.textContent('#main .error')).includes('nothing is known of dataset nope://nothing'), 'error text');
      assert((await page.textContent('h1')).includes('nope://nothing'), 'h1');
    });

    await step('agents: table, days selector, agent page', async () => {
      await page.click('nav a[href="#/agents"]');
      await page.waitForSelector('#agents-table tbody tr');
      await settle(page);
      assert(await focusedTag(page) === 'H1', 'focus on h1');
      assert(await page.getAttribute('nav a[href="#/agents"]', 'aria-current') === 'page', 'nav aria-current');
      assert(await page.inputValue('#agents-days') === '7', 'default 7 days');
      await page.selectOption('#agents-days', '30');
      await page.waitForFunction(() => location.hash === '#/agents?days=30');
      await settle(page);
      assert(await page.inputValue('#agents-days') === '30', 'select follows the hash');
      await shot(page, 'agents');
      await page.click('#agents-table a.agent-link >> nth=0');
      await page.waitForSelector('#agent-chart');
      await settle(page);
      await ids(page, ['agent-chart', 'agent-chart-table', 'agent-actions', 'agent-datasets', 'agent-denials']);
      assert((await page.textContent('h1')).startsWith('agent:'), 'h1 agent id');
      assert(await page.locator('#agent-datasets a[href^="#/datasets/"]').count() > 0, 'dataset links');
      assert(await page.getAttribute('#agent-chart', 'role') === 'img', 'chart role');
      await shot(page, 'agent');
    });

    await step('approvals: timing tables, flagged approver with a text badge', async () => {
      await page.click('nav a[href="#/approvals"]');
      await page.waitForSelector('#approver-load tbody tr');
      await settle(page);
      await ids(page, ['approvals-by-rule', 'approvals-by-group', 'approver-load', 'approvals-days', 'fast-seconds']);
      assert(await page.inputValue('#fast-seconds') === '10', 'default threshold');
      assert(/\d+ min( \d+ s)?/.test(await page.textContent('#approvals-by-rule')), 'human durations');
      const flagged = await page.textContent('#approver-load tr.flagged');
      assert(flagged.includes('Warning: never denies'), `flag text: ${flagged}`);
      await page.fill('#fast-seconds', '5');
      await page.press('#fast-seconds', 'Enter');
      await page.waitForFunction(() => location.hash.includes('fastSeconds=5'));
      await settle(page);
      assert(await page.inputValue('#fast-seconds') === '5', 'threshold kept');
      await page.selectOption('#approvals-days', '90');
      await page.waitForFunction(() => location.hash.includes('days=90'));
      await settle(page);
      await shot(page, 'approvals');
    });

    await step('dataset finder in the header', async () => {
      await page.fill('#dataset-q', 'crm');
      await page.waitForSelector('#dataset-results a');
      await shot(page, 'finder');
      await page.keyboard.press('ArrowDown');
      assert(await page.evaluate(() => document.activeElement.textContent) === 'pg://crm/customers', 'arrow down focuses the first result');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => location.hash === '#/datasets/pg%3A%2F%2Fcrm%2Fcustomers');
      await settle(page);
      assert(await page.locator('#dataset-results').isHidden(), 'results closed');
    });

    await step('not found route and skip link', async () => {
      await page.goto(`${B}/#/nowhere`);
      await settle(page);
      assert((await page.textContent('h1')) === 'Page not found', 'not found page');
      await page.focus('#skip-link');
      assert(await page.locator('#skip-link').isVisible(), 'skip link visible when focused');
      await page.keyboard.press('Enter');
      assert(await focusedTag(page) === 'H1', 'skip link moves focus to h1');
      assert(await hash(page) === '#/nowhere', 'skip link keeps the route');
    });

    await step('a 401 sends the browser to /login?next=…', async () => {
      allowed = [/status of 401/];
      await page.goto(`${B}/#/approvals`);
      await settle(page);
      await page.route('**/api/v1/agents**', (route) => route.fulfill({ status: 401, contentType: 'application/json', body: '{"error":"unauthenticated","message":"sign in first: POST /login","requestId":"r-2"}' }));
      await page.click('nav a[href="#/agents"]');
      await page.waitForURL(/\/login\?next=/);
      assert(page.url().endsWith(`/login?next=${enc('/#/agents')}`), `login url ${page.url()}`);
      await page.unroute('**/api/v1/agents**');
    });

    await step('sign out posts to /logout', async () => {
      await page.goto(`${B}/#/search`);
      await settle(page);
      await Promise.all([page.waitForURL(/\/login$/), page.click('button:text("Sign out")')]);
    });

    await step('analyst role: export marked auditor-only', async () => {
      const analyst = await startMock({ MOCK_ROLES: 'analyst' });
      try {
        await page.goto(`${analyst.base}/#/search`);
        await settle(page);
        assert((await page.textContent('.export')).includes('needs the auditor role'), 'export note');
        allowed = [/status of 403/];
        await page.goto(`${analyst.base}/#/intents/int-0001`);
        await page.waitForSelector('#verify-button');
        await settle(page);
        await page.click('#verify-button');
        await page.waitForFunction(() => document.getElementById('verify-result').textContent === 'Verifying needs the auditor role');
      } finally {
        analyst.stop();
      }
    });
  } finally {
    await browser.close();
    mock.stop();
  }
  console.log(`\nscreenshots in ${SHOTS}`);
  if (failures.length) console.log(`failures:\n  ${failures.join('\n  ')}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
