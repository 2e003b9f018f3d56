// portal-home.js - the customer's start page, "My services and agreements":
// each agreement in force for their organisation, the services it covers and
// what is promised per priority, in plain words. Calendars are read only if
// the role may (customers may not: the hours then read "as agreed").
import { api, listAll } from './api.js';
import { h, replace } from './dom.js';
import { today } from './format.js';
import { setKeys } from './keys.js';
import { directory, nameOf, remember } from './names.js';
import { PRIORITY_WORDS, hoursText, promiseText } from './plain.js';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
const longDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });
const day = (d) => longDate.format(new Date(d + 'T12:00:00Z'));

export function inForce(a, org) {
  const d = today();
  return a.customer === org && (a.status || 'active') === 'active' &&
    (!a.valid_from || a.valid_from <= d) && (!a.valid_to || d <= a.valid_to);
}

// The agreements in force for user's organisation, and a function from calendar id to its hours in words.
export async function agreementsOf(user) {
  const ags = (await listAll('/agreements')).filter((a) => inForce(a, user.organisation));
  remember(ags);
  const hours = new Map();
  // Customers read the calendars their own SLAs are measured on (docs/security.md), staff read them all.
  const ids = new Set(ags.flatMap((a) => [a.calendar, ...(a.targets || []).map((t) => t.calendar)]).filter(Boolean));
  await Promise.all([...ids].map((id) => api('GET', '/calendars/' + encodeURIComponent(id))
    .then((c) => hours.set(id, hoursText(c)), () => hours.set(id, null))));
  return { agreements: ags, hoursOf: (id) => hours.get(id) || null };
}

function pauseText(a) {
  const ps = a.pause_statuses || [];
  const waits = [ps.includes('waiting_on_customer') ? 'for your answer' : null,
    ps.includes('waiting_on_supplier') ? 'for a supplier' : null].filter(Boolean);
  return waits.length ? 'The clock stops while we wait ' + waits.join(' or ') + '.' : null;
}

function agreementCard(a, hoursOf) {
  const services = (a.services || []).map((id) => directory.services.find((s) => s.id === id) || { id, name: nameOf(id) });
  const since = a.valid_from ? 'In force since ' + day(a.valid_from) : 'In force';
  const comps = a.components || {};
  return h('section', { class: 'card agreement', dataset: { id: a.id }, 'aria-labelledby': 'ag-' + a.id },
    h('h2', { id: 'ag-' + a.id }, a.name),
    h('p', { class: 'muted' }, since + (a.valid_to ? ', until ' + day(a.valid_to) : '') + '.'),
    h('h3', {}, 'Services covered'),
    h('ul', { class: 'covered' }, services.map((s) => h('li', {},
      h('strong', {}, s.name), s.description ? ' – ' + s.description : '', ' ',
      s.lifecycle === 'live' ? h('a', { href: '/app/portal/new/' + encodeURIComponent(s.id) }, 'Raise a request',
        h('span', { class: 'visually-hidden' }, ' about ' + s.name)) : null))),
    h('h3', {}, 'What we promise'),
    h('ul', { class: 'promises' }, PRIORITIES.map((p) => {
      const text = promiseText(a, p, hoursOf);
      return text ? h('li', { dataset: { priority: p } }, h('strong', {}, p + ' (' + PRIORITY_WORDS[p] + ') requests and incidents'), ': ' + text + '.') : null;
    })),
    h('p', {}, [pauseText(a), 'Business time counts only the hours of service, so a promise made late in the day carries over to the next business day.'].filter(Boolean).join(' ')),
    comps.guarantees || comps.customer_obligations ? h('details', {}, h('summary', {}, 'Guarantees and what we ask of you'),
      comps.guarantees ? h('p', {}, h('strong', {}, 'Our guarantee: '), comps.guarantees) : null,
      comps.customer_obligations ? h('p', {}, h('strong', {}, 'What we ask of you: '), comps.customer_obligations) : null) : null);
}

export async function showPortalHome(main, user) {
  setKeys({});
  document.title = 'My services and agreements · Levera';
  const { agreements, hoursOf } = await agreementsOf(user);
  agreements.sort((a, b) => a.name.localeCompare(b.name));
  const org = directory.org;
  replace(main,
    h('div', { class: 'title' }, h('h1', {}, 'My services and agreements'),
      h('a', { href: '/app/portal/new', class: 'button', id: 'raise' }, 'Raise a request')),
    h('p', {}, org ? org.name + ': ' : '', 'what we have agreed to deliver to you, and how fast.'),
    h('p', { class: 'muted' }, 'A request’s priority follows from its impact (how many are affected) and its urgency (how soon it hurts); you choose both when you raise it. P1 is the most urgent.'),
    agreements.length ? agreements.map((a) => agreementCard(a, hoursOf))
      : h('p', { class: 'card', id: 'no-agreement' }, 'Your organisation has no agreement in force. You can still raise requests; we answer them as soon as we can.'));
  return () => {};
}
