// Formatting of times, durations, numbers and app links. Times come from the API as ISO-8601 UTC strings
// (epoch milliseconds are accepted too) and are shown in the viewer's own time zone.

import { h } from './dom.js';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const numberFormat = new Intl.NumberFormat();

export function timeZoneName() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'your local time zone';
}

export function toDate(value) {
  if (value === null || value === undefined || value === '') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatTime(value) {
  const d = toDate(value);
  return d ? dateTime.format(d) : '—';
}

/** <time datetime="ISO">local text</time>, or a dash. */
export function timeEl(value) {
  const d = toDate(value);
  if (!d) return '—';
  return h('time', { datetime: d.toISOString(), title: d.toISOString() }, dateTime.format(d));
}

/** "2026-11-20" (a UTC day) → "Nov 20". */
export function formatDay(day) {
  const d = toDate(`${day}T00:00:00Z`);
  return d ? dayFormat.format(d) : String(day);
}

export function formatNumber(n) {
  return n === null || n === undefined || Number.isNaN(Number(n)) ? '—' : numberFormat.format(n);
}

/** Human duration: 12 ms, 6.5 s, 1 min 35 s, 2 h 5 min, 3 d 4 h. */
export function formatDuration(ms) {
  if (ms === null || ms === undefined || ms === '' || Number.isNaN(Number(ms))) return '—';
  ms = Number(ms);
  if (ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const totalSeconds = ms / 1000;
  if (totalSeconds < 10) return `${Math.round(totalSeconds * 10) / 10} s`;
  if (totalSeconds < 60) return `${Math.round(totalSeconds)} s`;
  const secs = Math.round(totalSeconds);
  const d = Math.floor(secs / 86400);
  const hr = Math.floor((secs % 86400) / 3600);
  const min = Math.floor((secs % 3600) / 60);
  const sec = secs % 60;
  if (d > 0) return hr ? `${d} d ${hr} h` : `${d} d`;
  if (hr > 0) return min ? `${hr} h ${min} min` : `${hr} h`;
  return sec ? `${min} min ${sec} s` : `${min} min`;
}

export function formatSeconds(seconds) {
  return seconds === null || seconds === undefined ? '—' : formatDuration(Number(seconds) * 1000);
}

export function plural(n, one, many = `${one}s`) {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

export function shortHash(hash) {
  return hash ? String(hash).slice(0, 12) : '—';
}

// ---- links inside the app (hash routes) ----

export const hrefs = {
  search: (params) => `#/search${params ? `?${params}` : ''}`,
  intent: (id) => `#/intents/${encodeURIComponent(id)}`,
  dataset: (uri) => `#/datasets/${encodeURIComponent(uri)}`,
  agent: (id) => `#/agents/${encodeURIComponent(id)}`,
};

/**
 * Identifiers (URIs, agent ids, e-mail addresses) with line-break opportunities (<wbr>) after "/", ":",
 * "@", "." and "_", so narrow table cells wrap them at sensible places instead of mid-word.
 */
export function breakable(text) {
  const frag = document.createDocumentFragment();
  String(text ?? '').split(/(?<=[/:@._])/).forEach((part, i) => {
    if (i > 0) frag.appendChild(document.createElement('wbr'));
    frag.appendChild(document.createTextNode(part));
  });
  return frag;
}

/** A link to the intent's page; its title carries the whole id, for tables that cut a long one short. */
export function intentLink(id, className = 'intent-link') {
  return h('a', { href: hrefs.intent(id), class: className, title: id }, id);
}

export function datasetLink(uri) {
  return h('a', { href: hrefs.dataset(uri), class: 'dataset-link' }, breakable(uri));
}

export function agentLink(id) {
  return h('a', { href: hrefs.agent(id), class: 'agent-link' }, breakable(id));
}

/** A comma-separated inline list of nodes or strings; sep may be a function making a fresh node. */
export function joined(items, render = (x) => x, sep = ', ') {
  if (!items || items.length === 0) return '—';
  const out = [];
  items.forEach((x, i) => {
    if (i > 0) out.push(typeof sep === 'function' ? sep() : sep);
    out.push(render(x));
  });
  return out;
}

/** A text badge (never colour alone): labels, outcomes, flags. */
export function badge(text, kind = '') {
  return h('span', { class: ['badge', kind && `badge-${kind}`] }, text);
}

export function labelBadges(labels) {
  if (!labels || labels.length === 0) return '—';
  return labels.map((l) => badge(l, `label-${String(l).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`));
}

export function outcomeBadge(outcome) {
  const o = outcome || 'PENDING';
  const kind = { ALLOWED: 'ok', DENIED: 'bad', EXPIRED: 'warn', PENDING: 'neutral' }[o] || 'neutral';
  return badge(o, kind);
}

// ---- datetime-local <-> ISO ----

export function isoToLocalInput(iso) {
  const d = toDate(iso);
  if (!d) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function localInputToIso(value) {
  if (!value) return '';
  const d = new Date(value); // "YYYY-MM-DDTHH:mm" without offset is local time
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** A stable, id-safe token for any string (for element ids built from API values). */
export function slug(value) {
  const v = String(value);
  let hash = 5381;
  for (let i = 0; i < v.length; i++) hash = ((hash * 33) ^ v.charCodeAt(i)) >>> 0;
  return `${v.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 24)}-${hash.toString(36)}`;
}
