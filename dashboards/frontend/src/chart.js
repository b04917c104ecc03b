// Hand-drawn SVG stacked bar charts (no chart library), each with a data table beside it for screen readers
// and keyboard users: the SVG itself is role="img" with a summary in aria-label, and each bar segment has
// a <title> for pointer users.

import { h, s } from './dom.js';
import { formatDay, formatNumber } from './format.js';

export const PALETTE = ['#1f5fa8', '#6b4fa0', '#1e7a46', '#8a5a00', '#00707a', '#a0316e', '#4d5b6b', '#b3261e'];

/** Every UTC day from (end - days + 1) to end, as "YYYY-MM-DD". end = the later of today and the last data day. */
export function dayRange(days, dataDays = []) {
  const today = new Date().toISOString().slice(0, 10);
  const last = [today, ...dataDays].sort().at(-1);
  const end = new Date(`${last}T00:00:00Z`);
  const out = [];
  for (let i = days - 1; i >= 0; i--) {
    out.push(new Date(end.getTime() - i * 86400000).toISOString().slice(0, 10));
  }
  return out;
}

/** A round step (1, 2 or 5 × 10^k, never below 1: counts are whole) giving at most 5 grid lines. */
function niceScale(v) {
  if (v <= 0) return { max: 1, step: 1 };
  const raw = Math.max(1, v / 4);
  const exp = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * exp).find((s) => s >= raw);
  return { max: Math.ceil(v / step) * step, step };
}

/**
 * days: ["2026-11-20", …]; series: [{key, label, color}]; value(day, key) → number.
 * Returns {figure, table}: the chart in a <figure> with its legend, and its data table.
 */
export function stackedBarChart({ id, tableId, days, series, value, title, unit = 'uses', caption, omitEmptyRows = true }) {
  const W = 760;
  const H = 260;
  const m = { top: 12, right: 12, bottom: 34, left: 44 };
  const iw = W - m.left - m.right;
  const ih = H - m.top - m.bottom;
  const totals = days.map((d) => series.reduce((sum, se) => sum + (Number(value(d, se.key)) || 0), 0));
  const grand = totals.reduce((a, b) => a + b, 0);
  const { max, step } = niceScale(Math.max(0, ...totals));
  const band = iw / Math.max(1, days.length);
  const barW = Math.max(2, band * 0.72);
  const y = (v) => m.top + ih - (v / max) * ih;

  let peakIdx = 0;
  totals.forEach((t, i) => { if (t > totals[peakIdx]) peakIdx = i; });
  const summary = grand === 0
    ? `${title}: no ${unit} in the last ${days.length} days.`
    : `${title}: ${formatNumber(grand)} ${unit} over ${days.length} days, at most ${formatNumber(totals[peakIdx])} on ${formatDay(days[peakIdx])}`
      + `${series.length > 1 ? `; by ${series.map((se) => `${se.label} ${formatNumber(days.reduce((a, d) => a + (Number(value(d, se.key)) || 0), 0))}`).join(', ')}` : ''}.`
      + ' The same numbers are in the table below.';

  const svg = s('svg', { id, class: 'chart', role: 'img', 'aria-label': summary, viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'xMidYMid meet' });
  // grid lines and y axis
  for (let v = 0; v <= max; v += step) {
    const yy = y(v);
    svg.appendChild(s('line', { x1: m.left, x2: W - m.right, y1: yy, y2: yy, class: v === 0 ? 'axis' : 'grid' }));
    svg.appendChild(s('text', { x: m.left - 6, y: yy + 4, 'text-anchor': 'end', class: 'tick' }, formatNumber(v)));
  }
  // bars
  const labelEvery = Math.max(1, Math.ceil(days.length / 10));
  days.forEach((day, i) => {
    const x = m.left + i * band + (band - barW) / 2;
    let acc = 0;
    const g = s('g', { class: 'bar' });
    for (const se of series) {
      const v = Number(value(day, se.key)) || 0;
      if (v <= 0) continue;
      const y0 = y(acc + v);
      const hgt = y(acc) - y0;
      g.appendChild(s('rect', { x: x.toFixed(1), y: y0.toFixed(1), width: barW.toFixed(1), height: Math.max(0.5, hgt).toFixed(1), fill: se.color, class: 'segment' },
        s('title', `${formatDay(day)} · ${se.label}: ${formatNumber(v)} ${unit}`)));
      acc += v;
    }
    if (acc > 0) {
      // An invisible full-height hit area gives the whole day a tooltip with the total.
      g.insertBefore(s('rect', { x: (m.left + i * band).toFixed(1), y: m.top, width: band.toFixed(1), height: ih, class: 'hit' },
        s('title', `${formatDay(day)}: ${formatNumber(acc)} ${unit}`)), g.firstChild);
    }
    svg.appendChild(g);
    const last = i === days.length - 1;
    if (i % labelEvery === 0 || (last && i % labelEvery >= labelEvery / 2)) {
      svg.appendChild(s('text', { x: (m.left + i * band + band / 2).toFixed(1), y: H - m.bottom + 16, 'text-anchor': 'middle', class: 'tick' }, formatDay(day)));
    }
  });

  const legend = h('ul', { class: 'legend', 'aria-hidden': 'true' },
    series.map((se) => h('li', s('svg', { class: 'swatch', viewBox: '0 0 12 12', width: '12', height: '12' },
      s('rect', { x: 0, y: 0, width: 12, height: 12, fill: se.color })), ' ', se.label)));

  const figure = h('figure', { class: 'chart-figure' }, svg, legend);

  const rowsDays = omitEmptyRows ? days.filter((d, i) => totals[i] > 0) : days;
  const table = h('table', { id: tableId, class: 'data chart-table' },
    h('caption', caption || `${title} (numbers)`),
    h('thead', h('tr', h('th', { scope: 'col' }, 'Day'), series.map((se) => h('th', { scope: 'col' }, se.label)), h('th', { scope: 'col' }, 'Total'))),
    h('tbody', rowsDays.length === 0
      ? h('tr', h('td', { colspan: String(series.length + 2), class: 'empty' }, `No ${unit} in these ${days.length} days`))
      : rowsDays.map((d) => h('tr', h('th', { scope: 'row' }, h('time', { datetime: d }, formatDay(d))),
        series.map((se) => h('td', { class: 'num' }, formatNumber(Number(value(d, se.key)) || 0))),
        h('td', { class: 'num' }, formatNumber(totals[days.indexOf(d)]))))));
  return { figure, table };
}
