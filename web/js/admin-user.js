// admin-user.js - one user, for admins and managers: change the name, role,
// organisation and teams (PUT with If-Match), set a new password (PUT
// /users/{id}/password, which ends their sessions) and archive the user.
import { api, showError, clearErrors } from './api.js';
import { h, replace, field } from './dom.js';
import { docOf, STALE } from './format.js';
import { input, select, formError, saveRecord, archiveRecord } from './form.js';
import { setKeys } from './keys.js';
import { nameOf } from './names.js';
import { assignableRoles, mayManage } from './roles.js';
import { notFound } from './catalog.js';
import { adminTabs, teamBoxes, orgOptions, refreshDirectory } from './admin-users.js';

function passwordForm(rec, done) {
  const pw = h('input', { type: 'password', name: 'password', id: 'new-password', autocomplete: 'new-password', required: true, minlength: 12 });
  const form = h('form', { class: 'card', id: 'password-form', novalidate: true }, h('h2', {}, 'Set a new password'), formError(),
    field('New password', pw, 'At least 12 characters, not the e-mail address. Their sessions end; tell them the new password.'),
    h('button', { type: 'submit' }, 'Set password'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    try {
      await api('PUT', '/users/' + encodeURIComponent(rec.id) + '/password', { body: { password: pw.value } });
      pw.value = '';
      done('Password set for ' + (rec.name || rec.email) + '.');
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

export async function showUser(main, user, id, navigate, note) {
  setKeys({});
  let rec;
  try {
    [rec] = await Promise.all([api('GET', '/users/' + encodeURIComponent(id)), refreshDirectory()]);
  } catch (err) {
    notFound(main, 'User not found', err, { href: '/app/admin/users', text: 'Back to the users' });
    return () => {};
  }
  document.title = (rec.name || rec.email) + ' · Levera';
  const reload = (msg) => showUser(main, user, id, navigate, msg);
  const manage = mayManage(user, rec.role) && !rec.archived;
  const flash = h('p', { class: 'flash', role: 'status', id: 'user-note' }, note || '');
  let edit = null;
  if (manage) {
    const archive = h('button', { type: 'button', class: 'secondary danger', id: 'archive-user' }, 'Archive user');
    edit = h('form', { class: 'card', id: 'user-form', novalidate: true }, h('h2', {}, 'Account'), formError(),
      field('Name', input('name', rec.name)),
      h('div', { class: 'pair' }, field('Role', select('role', assignableRoles(user), rec.role, { id: 'user-role' })),
        field('Organisation', select('organisation', orgOptions(), rec.organisation || '', { id: 'user-org' }))),
      teamBoxes(rec.teams),
      h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Save'), archive));
    edit.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = (n) => edit.elements[n].value.trim();
      const doc = { ...docOf(rec), name: v('name') || null, role: v('role'), organisation: v('organisation') || null,
        teams: [...edit.querySelectorAll('input[name=teams]:checked')].map((x) => x.value) };
      saveRecord(edit, 'users', rec, doc, { onSaved: () => reload('Saved.'), onStale: () => reload(STALE) });
    });
    archive.addEventListener('click', () => archiveRecord(edit, 'users', rec, rec.email,
      { onDone: () => navigate('/app/admin/users'), onStale: () => reload(STALE) }));
  }
  const facts = [['E-mail', rec.email], ['Role', rec.role], ['Organisation', nameOf(rec.organisation)],
    ['Teams', (rec.teams || []).map(nameOf).join(', ') || '—'], ['Archived', rec.archived ? 'yes' : 'no']];
  replace(main, h('h1', {}, 'Administration'), adminTabs(user, 'users'),
    h('p', {}, h('a', { href: '/app/admin/users' }, '← Users')),
    h('h2', { id: 'user-title' }, rec.name || rec.email), flash,
    h('div', { class: 'ticket' },
      h('div', { class: 'col-main' }, edit || h('p', { class: 'muted' }, 'Your role may not change this user.')),
      h('aside', { class: 'col-side', 'aria-label': 'User details' },
        h('section', { class: 'card' }, h('h2', {}, 'Details'),
          h('dl', { class: 'details' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
        manage ? passwordForm(rec, reload) : null)));
  return () => {};
}
