// catalog.js - the service catalog: every service with its category, owner,
// lifecycle and offerings (prices in the service's currency), and one
// service's page. Creating and editing is service-edit.js, for the roles
// the matrix allows; agents read.
import { api, listAll } from './api.js';
import { h, replace, label } from './dom.js';
import { money } from './format.js';
import { setKeys } from './keys.js';
import { nameOf, remember } from './names.js';
import { may } from './roles.js';

export function notFound(main, title, err, back) {
  replace(main, h('h1', {}, title), h('p', { class: 'form-error', role: 'alert' }, err.message),
    h('p', {}, h('a', { href: back.href }, back.text)));
}

function priceRange(s) {
  const prices = (s.offerings || []).map((o) => Math.round(Number(o.price_per_month) * 100));
  if (!prices.length) return '—';
  const lo = Math.min(...prices), hi = Math.max(...prices);
  return lo === hi ? money(lo / 100, s.currency) : money(lo / 100, s.currency) + ' – ' + money(hi / 100, s.currency);
}

export async function showCatalog(main, user) {
  document.title = 'Service catalog · Levera';
  setKeys({});
  const services = await listAll('/services');
  remember(services);
  services.sort((a, b) => (a.category || '').localeCompare(b.category || '') || a.name.localeCompare(b.name));
  const rows = services.map((s) => h('tr', { dataset: { id: s.id } },
    h('td', { 'data-label': 'Service' }, h('a', { href: '/app/services/' + encodeURIComponent(s.id), class: 'subject' }, s.name),
      s.description ? h('p', { class: 'muted small' }, s.description) : null),
    h('td', { 'data-label': 'Category' }, s.category || '—'),
    h('td', { 'data-label': 'Owner' }, nameOf(s.owner)),
    h('td', { 'data-label': 'Lifecycle' }, h('span', { class: 'tag tag-' + s.lifecycle }, label(s.lifecycle || '—'))),
    h('td', { 'data-label': 'Offerings' }, (s.offerings || []).length + ' · ' + priceRange(s) + ' / month')));
  replace(main,
    h('div', { class: 'title' }, h('h1', {}, 'Service catalog'),
      may(user, 'service', 'create') ? h('a', { href: '/app/services/new', class: 'button', id: 'new-service' }, 'New service') : null),
    h('p', { class: 'muted' }, services.length + ' services. Prices are per month, in each service\'s currency.'),
    h('table', { class: 'queue records', id: 'catalog' },
      h('caption', { class: 'visually-hidden' }, 'Services by category'),
      h('thead', {}, h('tr', {}, ['Service', 'Category', 'Owner', 'Lifecycle', 'Offerings'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, rows)));
  return () => {};
}

export function offeringsTable(s) {
  const offs = s.offerings || [];
  if (!offs.length) return h('p', { class: 'muted' }, 'No offerings yet.');
  return h('table', { class: 'queue records', id: 'offerings' },
    h('caption', { class: 'visually-hidden' }, 'Offerings of ' + s.name),
    h('thead', {}, h('tr', {}, ['Offering', 'Description', 'Price per month', 'Unit cost'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, offs.map((o) => h('tr', {},
      h('td', { 'data-label': 'Offering' }, o.name),
      h('td', { 'data-label': 'Description' }, o.description || '—'),
      h('td', { 'data-label': 'Price per month', class: 'num' }, money(o.price_per_month, s.currency)),
      h('td', { 'data-label': 'Unit cost', class: 'num' }, money(o.unit_cost, s.currency))))));
}

export async function showService(main, user, id, note) {
  setKeys({});
  let s;
  try {
    s = await api('GET', '/services/' + encodeURIComponent(id));
  } catch (err) {
    notFound(main, 'Service not found', err, { href: '/app/catalog', text: 'Back to the catalog' });
    return () => {};
  }
  document.title = s.name + ' · Levera';
  const facts = [['Category', s.category || '—'], ['Owner', nameOf(s.owner)], ['Lifecycle', label(s.lifecycle || '—')],
    ['Currency', s.currency || '—']];
  replace(main,
    h('p', {}, h('a', { href: '/app/catalog' }, '← Service catalog')),
    h('div', { class: 'title' }, h('h1', { id: 'service-name' }, s.name),
      may(user, 'service', 'update') ? h('a', { href: '/app/services/' + encodeURIComponent(s.id) + '/edit', class: 'button', id: 'edit-service' }, 'Edit') : null),
    h('p', { class: 'flash', role: 'status' }, note || ''),
    h('section', { class: 'card' }, h('h2', {}, 'About'),
      h('p', { class: 'event-body' }, s.description || 'No description.'),
      h('dl', { class: 'details' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
    h('section', { class: 'card', 'aria-labelledby': 'off-h' }, h('h2', { id: 'off-h' }, 'Offerings'), offeringsTable(s)));
  return () => {};
}
