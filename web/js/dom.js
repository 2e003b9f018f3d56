// dom.js - building elements without HTML strings. Every text, whoever wrote
// it, goes in as a text node; there is no innerHTML anywhere in the app.

// h('a', {href: '/x', class: 'y', onclick: fn}, 'text', child, ...)
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// Replaces node's children with the given ones.
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

// A labelled form field: the label, the control and a slot for its error.
export function field(label, control, hint) {
  const id = control.id || (control.id = 'f-' + control.name);
  const err = h('p', { class: 'field-error', id: id + '-error', dataset: { for: control.name } });
  control.setAttribute('aria-describedby', err.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), hint ? h('p', { class: 'hint' }, hint) : null,
    control, err);
}

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

// An instant as a <time> element in the reader's time zone.
export function when(iso) {
  if (!iso) return '—';
  return h('time', { datetime: iso, title: iso }, dateFmt.format(new Date(iso)));
}

export function label(name) {
  return String(name).replace(/_/g, ' ');
}
