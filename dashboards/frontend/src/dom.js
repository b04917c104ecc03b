// Tiny DOM builder. Text always goes in as text nodes (never innerHTML), so API strings cannot inject markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(parent, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(parent, c);
  } else if (child instanceof Node) {
    parent.appendChild(child);
  } else {
    parent.appendChild(document.createTextNode(String(child)));
  }
}

function apply(el, attrs) {
  if (!attrs) return;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') {
      el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'value' || key === 'checked' || key === 'selected') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

function isAttrs(x) {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Node);
}

/** h('a', {href: '#/x'}, 'text', child, [more]) → HTMLElement */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (isAttrs(attrs)) apply(el, attrs);
  else children.unshift(attrs);
  append(el, children);
  return el;
}

/** Same for SVG elements. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  if (isAttrs(attrs)) apply(el, attrs);
  else children.unshift(attrs);
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replaceChildren(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

/** A table with caption, th scope=col headers and rows of cells (strings or nodes). */
export function table({ id, caption, columns, rows, className, empty }) {
  const thead = h('thead', h('tr', columns.map((c) => (c instanceof Node ? c : h('th', { scope: 'col' }, c)))));
  const tbody = h('tbody');
  if (rows.length === 0 && empty) {
    tbody.appendChild(h('tr', h('td', { colspan: String(columns.length), class: 'empty' }, empty)));
  }
  for (const r of rows) {
    tbody.appendChild(r instanceof Node ? r : h('tr', r.map((cell) => (cell instanceof Node && cell.tagName === 'TH' ? cell : h('td', cell)))));
  }
  return h('table', { id, class: ['data', className] }, h('caption', caption), thead, tbody);
}

/** A definition list from [term, description] pairs; descriptions may be nodes or arrays. */
export function dl(id, pairs) {
  const list = h('dl', { id, class: 'summary' });
  for (const [term, desc] of pairs) {
    if (desc === undefined) continue;
    list.appendChild(h('div', h('dt', term), h('dd', desc === null || desc === '' ? '—' : desc)));
  }
  return list;
}

/** A labelled <select>. */
export function select({ id, label, options, value, onChange }) {
  const sel = h('select', { id, name: id },
    options.map((o) => h('option', { value: String(o.value), selected: String(o.value) === String(value) }, o.label ?? String(o.value))));
  if (onChange) sel.addEventListener('change', () => onChange(sel.value));
  return h('span', { class: 'field' }, h('label', { for: id }, label), sel);
}
