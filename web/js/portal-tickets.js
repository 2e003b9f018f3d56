// portal-tickets.js - "My organisation's tickets": open or all, latest
// change first, each with its status, the SLA state in plain words and the
// last update, in the organisation's time zone. The API filters by organisation.
import { api, ApiError } from './api.js';
import { h, replace } from './dom.js';
import { setKeys } from './keys.js';
import { directory, nameOf } from './names.js';
import { slaWords, statusText, zonedTime } from './plain.js';

const PAGE = 50;
const CAP = 2000;
const VIEWS = [['open', 'Open', { open: true }], ['all', 'All', {}]];

function row(t, tz) {
  const [sla, kind] = slaWords(t.sla_state, t.next_due_at, tz);
  return h('tr', { dataset: { id: t.id } },
    h('td', { 'data-label': 'Ticket' }, t.ref ? h('span', { class: 'ref' }, t.ref + ' ') : null,
      h('a', { href: '/app/tickets/' + encodeURIComponent(t.id), class: 'subject' }, t.subject),
      h('p', { class: 'muted small' }, nameOf(t.service))),
    h('td', { 'data-label': 'Status' }, h('span', { class: 'status status-' + t.status }, statusText(t.status))),
    h('td', { 'data-label': 'Our promise' }, h('span', { class: 'badge badge-' + kind }, sla)),
    h('td', { 'data-label': 'Last update' }, zonedTime(t.updated_at, tz)));
}

export async function showMyTickets(main, user, view) {
  setKeys({});
  const [key, title, query] = VIEWS.find((v) => v[0] === view) || VIEWS[0];
  document.title = 'My tickets · Levera';
  const tz = directory.org && directory.org.timezone;
  const body = h('tbody');
  const status = h('p', { class: 'form-error', role: 'alert' });
  const count = h('p', { class: 'muted', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more');
  // GET /tickets sorts ascending only: fetch the organisation's list (up to a cap), show the latest change first.
  let items = [];
  let shown = 0;
  let capped = false;
  const show = (n) => {
    shown = Math.min(items.length, n);
    body.replaceChildren(...items.slice(0, shown).map((t) => row(t, tz)));
    more.hidden = shown >= items.length;
    count.textContent = items.length === 0 ? (key === 'open' ? 'No open tickets.' : 'No tickets yet.')
      : items.length + (capped ? '+' : '') + ' tickets, latest change first' + (capped ? ' (the first ' + CAP + ' fetched)' : '');
  };
  const load = async () => {
    try {
      const got = [];
      let cursor;
      do {
        const page = await api('GET', '/tickets', { query: { ...query, sort: 'updated_at', limit: 200, cursor } });
        got.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor && got.length < CAP);
      capped = !!cursor;
      items = got.sort((x, y) => y.updated_at.localeCompare(x.updated_at) || y.id.localeCompare(x.id));
      show(Math.max(shown, PAGE));
      status.textContent = '';
    } catch (err) {
      status.textContent = err instanceof ApiError ? err.message : String(err);
    }
  };
  more.addEventListener('click', () => show(shown + PAGE));
  replace(main,
    h('div', { class: 'title' }, h('h1', {}, 'My organisation’s tickets'),
      h('a', { href: '/app/portal/new', class: 'button' }, 'Raise a request')),
    h('nav', { class: 'tabs', 'aria-label': 'Which tickets' }, h('ul', {}, VIEWS.map(([k, t]) =>
      h('li', {}, h('a', { href: '/app/portal/tickets' + (k === 'open' ? '' : '/' + k), 'aria-current': k === key ? 'page' : null }, t))))),
    status, count,
    h('table', { class: 'queue', id: 'my-tickets' },
      h('caption', { class: 'visually-hidden' }, title + ' tickets of ' + nameOf(user.organisation) + ', latest change first'),
      h('thead', {}, h('tr', {}, ['Ticket', 'Status', 'Our promise', 'Last update'].map((x) => h('th', { scope: 'col' }, x)))), body),
    more);
  await load();
  const timer = setInterval(load, 60000);
  return () => clearInterval(timer);
}
