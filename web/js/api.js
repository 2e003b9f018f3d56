// api.js - the only way the app talks to Levera: the public JSON API under
// /api/v1, with the session cookie and the CSRF token on writes. Every
// refusal becomes an ApiError; showError puts its message next to the field
// it names, or at the top of the form.

const BASE = '/api/v1';
let csrfToken = null;
let onSignedOut = () => {};

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field || null;
  }
}

export function setCsrf(token) { csrfToken = token; }

// Called with no arguments when the API answers 401 (the session ended).
export function whenSignedOut(fn) { onSignedOut = fn; }

function messageFor(status) {
  if (status === 429) return 'too many attempts; wait a moment and try again';
  if (status >= 500) return 'the server could not answer; try again';
  return 'the request was refused (' + status + ')';
}

// api('GET', '/tickets', {query: {open: true}}); api('POST', path, {body, version});
// api('POST', path, {raw: text, type: 'text/calendar'}) sends a body as it is.
export async function api(method, path, opts = {}) {
  const url = new URL(BASE + path, location.origin);
  for (const [k, v] of Object.entries(opts.query || {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  }
  const headers = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.raw !== undefined) headers['Content-Type'] = opts.type || 'text/plain';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.version !== undefined) headers['If-Match'] = '"' + opts.version + '"';
  let res;
  try {
    res = await fetch(url, { method, headers, credentials: 'same-origin',
      body: opts.raw !== undefined ? opts.raw : opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  } catch (e) {
    throw new ApiError(0, 'network', 'cannot reach the server; check the connection', null);
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (res.ok) return data;
  const err = data && data.error ? data.error : {};
  if (res.status === 401 && path !== '/session') onSignedOut();
  throw new ApiError(res.status, err.code || 'http_' + res.status, err.message || messageFor(res.status), err.field);
}

// Fetches every page of a list (for the small configuration lists).
export async function listAll(path, query = {}) {
  const items = [];
  let cursor;
  do {
    const page = await api('GET', path, { query: { ...query, limit: 200, cursor } });
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error, .form-error')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// Shows err in form: beside the control named by err.field, else at the form's top.
export function showError(form, err) {
  clearErrors(form);
  const text = err instanceof ApiError ? err.message : 'something went wrong: ' + err;
  const control = err.field ? form.querySelector('[name="' + CSS.escape(err.field) + '"]') : null;
  const slot = control ? form.querySelector('.field-error[data-for="' + CSS.escape(err.field) + '"]') : null;
  if (control && slot) {
    slot.textContent = text;
    control.setAttribute('aria-invalid', 'true');
    control.focus();
    return;
  }
  const top = form.querySelector('.form-error');
  top.textContent = text;
  top.focus();
}
