// form.js - small builders for the configuration forms, and saving a
// record: POST for a new one, PUT with If-Match for an edit. A stale
// version (412) calls onStale, which reloads the record and says so.
import { api, ApiError, showError, clearErrors } from './api.js';
import { h } from './dom.js';

export function input(name, value, attrs = {}) {
  return h('input', { type: 'text', name, id: attrs.id || 'f-' + name, value: value === null || value === undefined ? '' : value, ...attrs });
}

export function textarea(name, value, attrs = {}) {
  const el = h('textarea', { name, id: attrs.id || 'f-' + name, rows: 3, ...attrs });
  el.value = value || '';
  return el;
}

// options: [value, text] pairs (or plain values); value is the one selected.
export function select(name, options, value, attrs = {}) {
  return h('select', { name, id: attrs.id || 'f-' + name, ...attrs }, options.map((o) => {
    const [v, t] = Array.isArray(o) ? o : [o, o];
    return h('option', { value: v, selected: v === (value === null || value === undefined ? '' : value) }, t);
  }));
}

export function formError() {
  return h('p', { class: 'form-error', role: 'alert', tabindex: '-1' });
}

// Saves doc as kind (e.g. 'services'): a new record when rec is null, else an edit of rec's version.
export async function saveRecord(form, kind, rec, doc, { onSaved, onStale }) {
  clearErrors(form);
  const buttons = [...form.querySelectorAll('button')];
  buttons.forEach((b) => { b.disabled = true; });
  try {
    const saved = rec
      ? await api('PUT', '/' + kind + '/' + encodeURIComponent(rec.id), { body: doc, version: rec.version })
      : await api('POST', '/' + kind, { body: doc });
    await onSaved(saved);
  } catch (err) {
    buttons.forEach((b) => { b.disabled = false; });
    if (err instanceof ApiError && err.status === 412 && onStale) {
      await onStale();
      return;
    }
    showError(form, err);
  }
}

// Archives rec (DELETE with If-Match) after the browser's confirm dialog.
export async function archiveRecord(form, kind, rec, what, { onDone, onStale }) {
  if (!window.confirm('Archive ' + what + '? It disappears from the lists but stays in the history.')) return;
  try {
    await api('DELETE', '/' + kind + '/' + encodeURIComponent(rec.id), { version: rec.version });
    await onDone();
  } catch (err) {
    if (err instanceof ApiError && err.status === 412 && onStale) {
      await onStale();
      return;
    }
    showError(form, err);
  }
}
