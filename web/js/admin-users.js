// admin-users.js - administration: the tabs of the section, the users list
// with a form to add one (admins any role, managers any but admin), and the
// organisations and teams list with a form to add one.
import { listAll } from './api.js';
import { h, replace, field, label } from './dom.js';
import { input, select, formError, saveRecord } from './form.js';
import { setKeys } from './keys.js';
import { directory, nameOf, remember } from './names.js';
import { assignableRoles, may } from './roles.js';

export function adminTabs(user, current) {
  const tabs = [['users', 'Users'], ['organisations', 'Organisations and teams']];
  if (may(user, 'api_token', 'read')) tabs.push(['tokens', 'API tokens']);
  tabs.push(['matrix', 'Priority matrix']);
  return h('nav', { class: 'tabs', 'aria-label': 'Administration' }, h('ul', {}, tabs.map(([k, t]) =>
    h('li', {}, h('a', { href: '/app/admin/' + k, 'aria-current': k === current ? 'page' : null }, t)))));
}

// Checkboxes for the teams a staff user belongs to.
export function teamBoxes(selected) {
  return h('fieldset', { class: 'inline', id: 'user-teams' }, h('legend', {}, 'Teams'),
    directory.teams.length ? directory.teams.map((t) => h('label', {},
      h('input', { type: 'checkbox', name: 'teams', value: t.id, checked: (selected || []).includes(t.id) }), ' ' + t.name))
      : h('p', { class: 'muted' }, 'No teams yet.'));
}

export function orgOptions() {
  return [['', '— none —'], ...directory.orgs.map((o) => [o.id, o.name + ' (' + o.type + ')'])];
}

export async function refreshDirectory() {
  const [orgs, users] = await Promise.all([listAll('/organisations'), listAll('/users')]);
  remember(orgs);
  remember(users);
  directory.orgs = orgs;
  directory.teams = orgs.filter((o) => o.type === 'team');
  directory.users = users;
  directory.agents = users.filter((u) => u.role !== 'customer');
  return { orgs, users };
}

function createUserForm(user, done) {
  const form = h('form', { class: 'card', id: 'user-create', novalidate: true }, h('h2', {}, 'Add a user'), formError(),
    h('div', { class: 'pair' }, field('E-mail', input('email', '', { type: 'email', id: 'new-email', autocomplete: 'off', required: true })),
      field('Name', input('name', '', { id: 'new-name' }))),
    h('div', { class: 'pair' }, field('Role', select('role', assignableRoles(user), 'agent', { id: 'new-role' })),
      field('Organisation', select('organisation', orgOptions(), '', { id: 'new-org' }), 'Required for customers.')),
    teamBoxes([]),
    h('p', { class: 'hint' }, 'The new user has no password: set one on their page, then tell them.'),
    h('button', { type: 'submit' }, 'Add user'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = (n) => form.elements[n].value.trim();
    const doc = { email: v('email'), name: v('name') || null, role: v('role'), organisation: v('organisation') || null,
      teams: [...form.querySelectorAll('input[name=teams]:checked')].map((x) => x.value) };
    saveRecord(form, 'users', null, doc, { onSaved: done });
  });
  return form;
}

export async function showUsers(main, user, navigate) {
  setKeys({});
  document.title = 'Users · Levera';
  const { users } = await refreshDirectory();
  users.sort((a, b) => a.role.localeCompare(b.role) || (a.name || a.email).localeCompare(b.name || b.email));
  replace(main, h('h1', {}, 'Administration'), adminTabs(user, 'users'),
    may(user, 'user', 'create') ? createUserForm(user, (u) => navigate('/app/admin/users/' + encodeURIComponent(u.id), 'User added. Set a password for them below.')) : null,
    h('table', { class: 'queue records', id: 'users' },
      h('caption', {}, users.length + ' users'),
      h('thead', {}, h('tr', {}, ['User', 'E-mail', 'Role', 'Organisation', 'Teams'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, users.map((u) => h('tr', { dataset: { id: u.id } },
        h('td', { 'data-label': 'User' }, h('a', { href: '/app/admin/users/' + encodeURIComponent(u.id), class: 'subject' }, u.name || u.email)),
        h('td', { 'data-label': 'E-mail' }, u.email),
        h('td', { 'data-label': 'Role' }, u.role),
        h('td', { 'data-label': 'Organisation' }, nameOf(u.organisation)),
        h('td', { 'data-label': 'Teams' }, (u.teams || []).map(nameOf).join(', ') || '—'))))));
  return () => {};
}

function createOrgForm(done) {
  const form = h('form', { class: 'card', id: 'org-create', novalidate: true }, h('h2', {}, 'Add an organisation or team'), formError(),
    h('div', { class: 'pair' }, field('Name', input('name', '', { id: 'org-name', required: true })),
      field('Type', select('type', ['customer', 'supplier', 'team'], 'customer', { id: 'org-type' }))),
    h('div', { class: 'pair' }, field('Description', input('description', '', { id: 'org-description' })),
      field('Time zone', input('timezone', '', { id: 'org-timezone' }), 'IANA, e.g. Europe/Copenhagen.')),
    h('button', { type: 'submit' }, 'Add'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = (n) => form.elements[n].value.trim();
    saveRecord(form, 'organisations', null, { name: v('name'), type: v('type'), description: v('description') || null,
      timezone: v('timezone') || null }, { onSaved: done });
  });
  return form;
}

export async function showOrganisations(main, user, navigate, note) {
  setKeys({});
  document.title = 'Organisations and teams · Levera';
  const { orgs, users } = await refreshDirectory();
  orgs.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  const members = (o) => users.filter((u) => u.organisation === o.id || (u.teams || []).includes(o.id)).length;
  replace(main, h('h1', {}, 'Administration'), adminTabs(user, 'organisations'),
    h('p', { class: 'flash', role: 'status' }, note || ''),
    may(user, 'organisation', 'create') ? createOrgForm((o) => showOrganisations(main, user, navigate, o.name + ' added.')) : null,
    h('table', { class: 'queue records', id: 'organisations' },
      h('caption', {}, orgs.length + ' organisations and teams'),
      h('thead', {}, h('tr', {}, ['Name', 'Type', 'Time zone', 'Members', 'Description'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, orgs.map((o) => h('tr', { dataset: { id: o.id } },
        h('td', { 'data-label': 'Name' }, h('a', { href: '/app/admin/organisations/' + encodeURIComponent(o.id), class: 'subject' }, o.name)),
        h('td', { 'data-label': 'Type' }, label(o.type)),
        h('td', { 'data-label': 'Time zone' }, o.timezone || '—'),
        h('td', { 'data-label': 'Members' }, String(members(o))),
        h('td', { 'data-label': 'Description' }, o.description || '—'))))));
  return () => {};
}
