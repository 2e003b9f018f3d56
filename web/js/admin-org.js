// admin-org.js - one organisation or team, for the roles that may change
// them: name, type, description and time zone (PUT with If-Match), archive,
// and who belongs to it. Team membership itself is edited on each user.
import { api } from './api.js';
import { h, replace, field, label } from './dom.js';
import { docOf, STALE } from './format.js';
import { input, select, formError, saveRecord, archiveRecord } from './form.js';
import { setKeys } from './keys.js';
import { may } from './roles.js';
import { notFound } from './catalog.js';
import { adminTabs, refreshDirectory } from './admin-users.js';

export async function showOrganisation(main, user, id, navigate, note) {
  setKeys({});
  let rec, users;
  try {
    [rec, { users }] = await Promise.all([api('GET', '/organisations/' + encodeURIComponent(id)), refreshDirectory()]);
  } catch (err) {
    notFound(main, 'Organisation not found', err, { href: '/app/admin/organisations', text: 'Back to the organisations' });
    return () => {};
  }
  document.title = rec.name + ' · Levera';
  const reload = (msg) => showOrganisation(main, user, id, navigate, msg);
  let form = null;
  if (may(user, 'organisation', 'update') && !rec.archived) {
    const archive = h('button', { type: 'button', class: 'secondary danger', id: 'archive-org' }, 'Archive');
    form = h('form', { class: 'card', id: 'org-form', novalidate: true }, h('h2', {}, 'Edit'), formError(),
      h('div', { class: 'pair' }, field('Name', input('name', rec.name, { required: true })),
        field('Type', select('type', ['customer', 'supplier', 'team'], rec.type))),
      h('div', { class: 'pair' }, field('Description', input('description', rec.description)),
        field('Time zone', input('timezone', rec.timezone), 'IANA, e.g. Europe/Copenhagen.')),
      h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Save'), archive));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = (n) => form.elements[n].value.trim();
      const doc = { ...docOf(rec), name: v('name'), type: v('type'), description: v('description') || null, timezone: v('timezone') || null };
      saveRecord(form, 'organisations', rec, doc, { onSaved: () => reload('Saved.'), onStale: () => reload(STALE) });
    });
    archive.addEventListener('click', () => archiveRecord(form, 'organisations', rec, rec.name,
      { onDone: () => navigate('/app/admin/organisations', rec.name + ' archived.'), onStale: () => reload(STALE) }));
  }
  const members = users.filter((u) => u.organisation === rec.id || (u.teams || []).includes(rec.id));
  replace(main, h('h1', {}, 'Administration'), adminTabs(user, 'organisations'),
    h('p', {}, h('a', { href: '/app/admin/organisations' }, '← Organisations and teams')),
    h('h2', { id: 'org-title' }, rec.name, ' ', h('span', { class: 'tag' }, label(rec.type))),
    h('p', { class: 'flash', role: 'status' }, note || ''),
    h('div', { class: 'ticket' },
      h('div', { class: 'col-main' }, form || h('p', { class: 'muted' }, 'Your role may not change organisations.')),
      h('aside', { class: 'col-side', 'aria-label': 'Members' },
        h('section', { class: 'card', id: 'members' }, h('h2', {}, 'Members (' + members.length + ')'),
          members.length ? h('ul', {}, members.map((u) => h('li', {},
            h('a', { href: '/app/admin/users/' + encodeURIComponent(u.id) }, u.name || u.email), ' · ' + u.role)))
            : h('p', { class: 'muted' }, 'Nobody yet.')))));
  return () => {};
}
