// agreements.js - the agreements (SLA, OLA, UC): a list with type, parties,
// status and validity, and one agreement's page: its components, targets
// (durations in business hours), pause statuses and the consistency
// warnings the API computes for an OLA or UC against the SLA it underpins.
import { api, listAll } from './api.js';
import { h, replace, label } from './dom.js';
import { businessDuration, today } from './format.js';
import { setKeys } from './keys.js';
import { nameOf, remember } from './names.js';
import { may } from './roles.js';
import { notFound } from './catalog.js';

export const COMPONENTS = ['service_description', 'measurement', 'problem_handling', 'customer_obligations',
  'guarantees', 'disaster_recovery', 'termination', 'dispute_resolution'];

export function validity(a) {
  const span = (a.valid_from || '…') + ' – ' + (a.valid_to || '…');
  const d = today();
  const live = a.status === 'active' && (!a.valid_from || a.valid_from <= d) && (!a.valid_to || d <= a.valid_to);
  return h('span', {}, span, ' ', h('span', { class: 'tag ' + (live ? 'tag-live' : 'tag-retired') }, live ? 'in force' : 'not in force'));
}

export async function showAgreements(main) {
  document.title = 'Agreements · Levera';
  setKeys({});
  const items = await listAll('/agreements');
  remember(items);
  items.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  replace(main, h('h1', {}, 'Agreements'),
    h('p', { class: 'muted' }, 'Service level agreements with customers, operational level agreements with internal teams, underpinning contracts with suppliers.'),
    h('table', { class: 'queue records', id: 'agreements' },
      h('caption', { class: 'visually-hidden' }, 'Agreements'),
      h('thead', {}, h('tr', {}, ['Agreement', 'Type', 'Parties', 'Status', 'Validity'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, items.map((a) => h('tr', { dataset: { id: a.id } },
        h('td', { 'data-label': 'Agreement' }, h('a', { href: '/app/agreements/' + encodeURIComponent(a.id), class: 'subject' }, a.name)),
        h('td', { 'data-label': 'Type' }, a.type.toUpperCase()),
        h('td', { 'data-label': 'Parties' }, nameOf(a.customer), ' ← ', nameOf(a.provider)),
        h('td', { 'data-label': 'Status' }, label(a.status || 'active')),
        h('td', { 'data-label': 'Validity' }, validity(a)))))));
  return () => {};
}

function warningsCard(a) {
  if (a.type === 'sla') return null;
  const ws = a.warnings || [];
  if (!ws.length) {
    return h('section', { class: 'card', id: 'fit' }, h('h2', {}, 'Consistency with the SLA'),
      h('p', {}, 'Every target fits inside the SLA it underpins.'));
  }
  return h('section', { class: 'card warn-card', id: 'fit', role: 'region', 'aria-labelledby': 'fit-h' },
    h('h2', { id: 'fit-h' }, 'Consistency warnings (' + ws.length + ')'),
    h('p', {}, 'This ' + a.type.toUpperCase() + ' cannot always finish inside the SLA it underpins:'),
    h('ul', {}, ws.map((w) => h('li', {}, h('strong', {}, label(w.metric || '') + ' ' + (w.priority || '')), ': ', w.message))));
}

function targetsTable(a) {
  const ts = [...(a.targets || [])].sort((x, y) => y.metric.localeCompare(x.metric) || x.priority.localeCompare(y.priority));
  if (!ts.length) return h('p', { class: 'muted' }, 'No targets.');
  return h('table', { class: 'queue records', id: 'targets' },
    h('caption', { class: 'visually-hidden' }, 'Targets'),
    h('thead', {}, h('tr', {}, ['Metric', 'Priority', 'Target', 'Calendar', 'Warnings at'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, ts.map((t) => h('tr', { dataset: { metric: t.metric, priority: t.priority } },
      h('td', { 'data-label': 'Metric' }, label(t.metric)),
      h('td', { 'data-label': 'Priority' }, h('span', { class: 'prio prio-' + t.priority }, t.priority)),
      h('td', { 'data-label': 'Target', class: 'duration' }, businessDuration(t.duration)),
      h('td', { 'data-label': 'Calendar' }, nameOf(t.calendar || a.calendar)),
      h('td', { 'data-label': 'Warnings at' }, (t.warn_at || []).map((p) => p + ' %').join(', ') || '—')))));
}

export async function showAgreement(main, user, id, note) {
  setKeys({});
  let a;
  try {
    [a] = await Promise.all([api('GET', '/agreements/' + encodeURIComponent(id)),
      listAll('/calendars').then(remember)]);
  } catch (err) {
    notFound(main, 'Agreement not found', err, { href: '/app/agreements', text: 'Back to the agreements' });
    return () => {};
  }
  if (a.underpins) await api('GET', '/agreements/' + encodeURIComponent(a.underpins)).then((u) => remember([u]), () => {});
  document.title = a.name + ' · Levera';
  const facts = [['Type', a.type.toUpperCase()], ['Status', label(a.status || 'active')], ['Customer', nameOf(a.customer)],
    ['Provider', nameOf(a.provider)], ['Validity', validity(a)], ['Calendar', nameOf(a.calendar)],
    ['Services', (a.services || []).map(nameOf).join(', ') || '—'],
    a.underpins ? ['Underpins', h('a', { href: '/app/agreements/' + encodeURIComponent(a.underpins) }, nameOf(a.underpins))] : null]
    .filter(Boolean);
  const comps = a.components || {};
  replace(main,
    h('p', {}, h('a', { href: '/app/agreements' }, '← Agreements')),
    h('div', { class: 'title' }, h('h1', { id: 'agreement-name' }, a.name),
      may(user, 'agreement', 'update') ? h('a', { href: '/app/agreements/' + encodeURIComponent(a.id) + '/edit', class: 'button', id: 'edit-agreement' }, 'Edit') : null),
    h('p', { class: 'flash', role: 'status' }, note || ''),
    warningsCard(a),
    h('div', { class: 'ticket' },
      h('div', { class: 'col-main' },
        h('section', { class: 'card', 'aria-labelledby': 'tg-h' }, h('h2', { id: 'tg-h' }, 'Targets'),
          h('p', { class: 'muted small' }, 'Durations count business time on the calendar shown, not wall-clock time.'), targetsTable(a)),
        h('section', { class: 'card', id: 'components', 'aria-labelledby': 'cp-h' }, h('h2', { id: 'cp-h' }, 'Components'),
          COMPONENTS.map((c) => h('div', { class: 'component', dataset: { component: c } }, h('h3', {}, label(c)),
            comps[c] ? h('p', { class: 'event-body' }, comps[c]) : h('p', { class: 'muted' }, 'Not specified.'))))),
      h('aside', { class: 'col-side', 'aria-label': 'Agreement details' },
        h('section', { class: 'card' }, h('h2', {}, 'Details'),
          h('dl', { class: 'details' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
        h('section', { class: 'card', id: 'pauses' }, h('h2', {}, 'Clocks pause while'),
          (a.pause_statuses || []).length ? h('ul', {}, a.pause_statuses.map((s) => h('li', {}, label(s))))
            : h('p', { class: 'muted' }, 'Clocks never pause.')))));
  return () => {};
}
