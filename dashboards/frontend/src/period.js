// A period chooser for the auditor's pages (policy replay, evidence): two datetime-local fields in the
// viewer's time zone, sent to the API as ISO-8601 instants (from inclusive, to exclusive).

import { h } from './dom.js';
import { isoToLocalInput, localInputToIso } from './format.js';

const DAY = 24 * 3600 * 1000;

/** {node, value()} where value() is {from, to} as ISO strings, or null with the reason when the period is not valid. */
export function periodFields(idPrefix, days = 30) {
  const now = new Date();
  const from = h('input', { id: `${idPrefix}-from`, name: 'from', type: 'datetime-local', required: true,
    value: isoToLocalInput(new Date(now.getTime() - days * DAY).toISOString()) });
  const to = h('input', { id: `${idPrefix}-to`, name: 'to', type: 'datetime-local', required: true,
    value: isoToLocalInput(new Date(now.getTime() + 60 * 1000).toISOString()) });
  const node = h('fieldset', { class: 'period' }, h('legend', 'Period'),
    h('span', { class: 'field' }, h('label', { for: from.id }, 'From'), from),
    h('span', { class: 'field' }, h('label', { for: to.id }, 'To (exclusive)'), to));
  const value = () => {
    const f = localInputToIso(from.value);
    const t = localInputToIso(to.value);
    if (!f || !t) return { error: 'Choose both ends of the period.' };
    if (f >= t) return { error: 'The period must start before it ends.' };
    return { from: f, to: t };
  };
  return { node, value };
}

export function isAuditor(user) {
  return !user || (user.roles || []).includes('auditor');
}
