// admin-tokens.js - API tokens: admins issue one (its secret is shown once,
// here, and never again), admins and managers list and revoke them.
import { api, showError, clearErrors } from './api.js';
import { h, replace, field, when } from './dom.js';
import { input, formError } from './form.js';
import { setKeys } from './keys.js';
import { nameOf } from './names.js';
import { may } from './roles.js';
import { adminTabs } from './admin-users.js';

function issueForm(done) {
  const name = input('name', '', { id: 'token-name', required: true, autocomplete: 'off' });
  const form = h('form', { class: 'card', id: 'token-form', novalidate: true }, h('h2', {}, 'Issue a token'), formError(),
    field('Name', name, 'What uses it, e.g. "monitoring". The token acts as you.'), h('button', { type: 'submit' }, 'Issue token'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    try {
      done(await api('POST', '/tokens', { body: { name: name.value.trim() } }));
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

function secretCard(t) {
  const code = h('code', { id: 'token-secret', class: 'secret' }, t.token);
  const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy');
  const copied = h('span', { role: 'status' });
  copy.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(t.token); copied.textContent = ' Copied.'; } catch (e) { copied.textContent = ' Select the text and copy it.'; }
  });
  return h('section', { class: 'card warn-card', id: 'token-once', tabindex: '-1', 'aria-labelledby': 'once-h' },
    h('h2', { id: 'once-h' }, 'Token "' + t.name + '" issued'),
    h('p', {}, 'Copy it now: it is shown only this once. Use it as ', h('code', {}, 'Authorization: Bearer …'), '.'),
    h('p', {}, code), h('p', {}, copy, copied));
}

export async function showTokens(main, user, navigate, issued) {
  setKeys({});
  document.title = 'API tokens · Levera';
  const items = [];
  let cursor;
  do { // GET /tokens pages with a cursor but takes no limit
    const page = await api('GET', '/tokens', { query: { cursor } });
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  items.sort((a, b) => (a.revoked - b.revoked) || b.created_at.localeCompare(a.created_at));
  const status = h('p', { class: 'form-error', role: 'alert', tabindex: '-1' });
  const rows = items.map((t) => {
    const revoke = !t.revoked && may(user, 'api_token', 'archive')
      ? h('button', { type: 'button', class: 'secondary', 'aria-label': 'Revoke ' + t.name }, 'Revoke') : null;
    if (revoke) {
      revoke.addEventListener('click', async () => {
        if (!window.confirm('Revoke the token "' + t.name + '"? Whatever uses it stops working at once.')) return;
        try {
          await api('DELETE', '/tokens/' + encodeURIComponent(t.id));
          showTokens(main, user, navigate);
        } catch (err) {
          status.textContent = err.message;
          status.focus();
        }
      });
    }
    return h('tr', { dataset: { id: t.id } },
      h('td', { 'data-label': 'Name' }, t.name), h('td', { 'data-label': 'Id' }, h('code', {}, t.id)),
      h('td', { 'data-label': 'Owner' }, nameOf(t.user_id)), h('td', { 'data-label': 'Created' }, when(t.created_at)),
      h('td', { 'data-label': 'State' }, t.revoked ? 'revoked' : 'active'), h('td', {}, revoke));
  });
  replace(main, h('h1', {}, 'Administration'), adminTabs(user, 'tokens'),
    issued ? secretCard(issued) : null,
    may(user, 'api_token', 'create') ? issueForm((t) => showTokens(main, user, navigate, t)) : null,
    status,
    items.length ? h('table', { class: 'queue records', id: 'tokens' }, h('caption', {}, items.length + ' tokens'),
      h('thead', {}, h('tr', {}, ['Name', 'Id', 'Owner', 'Created', 'State', ''].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, rows)) : h('p', { class: 'muted' }, 'No API tokens.'));
  if (issued) main.querySelector('#token-once').focus();
  return () => {};
}
