// #/evidence — an auditor downloads the evidence bundle of a period (GET /api/v1/audit/evidence.zip), the same
// zip `countersign audit evidence` writes; `countersign audit verify-evidence` checks it offline.

import { apiPaths, query } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { periodFields, isAuditor } from '../period.js';

export function title() {
  return 'Audit evidence';
}

export async function render(ctx) {
  const heading = h('h1', { tabindex: '-1' }, 'Audit evidence');
  if (!isAuditor(ctx.user)) {
    return { node: h('section', { class: 'page page-evidence' }, heading, h('p', 'Downloading evidence needs the auditor role.')),
      announce: 'Needs the auditor role' };
  }
  const period = periodFields('evidence', 90);
  const link = h('a', { id: 'evidence-download', class: 'button-link', download: '' }, 'Download the evidence bundle (zip)');
  const problem = h('p', { class: 'error', role: 'alert', hidden: true });
  const update = () => {
    const p = period.value();
    problem.hidden = !p.error;
    replaceChildren(problem, p.error || '');
    if (p.error) link.removeAttribute('href');
    else link.setAttribute('href', apiPaths.evidenceZip(query(p)));
  };
  period.node.addEventListener('change', update);
  update();
  const node = h('section', { class: 'page page-evidence' }, heading,
    h('p', { class: 'lede' }, 'Every audit record of the period with the signed checkpoints that bracket it, the public keys, a manifest of ',
      'hashes and a report of reviews, approvers and reasons, denials, violations and rubber-stamp flags. Check it anywhere with ',
      h('code', 'countersign audit verify-evidence FILE.zip'), '.'),
    h('form', { class: 'controls', 'aria-label': 'Evidence period' }, period.node), problem, h('p', link));
  return { node, announce: 'Choose a period to download its evidence' };
}
