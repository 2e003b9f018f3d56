// queue.js - the agent's queues, sorted by SLA deadline, each row with a
// live badge; refetched every 30 s. j/k move (focusing the row's link, so
// Enter follows it), o opens.
import { api, ApiError } from './api.js';
import { h, replace, label } from './dom.js';
import { setKeys } from './keys.js';
import { nameOf, teamsOf } from './names.js';
import { badge } from './sla.js';

const REFRESH_MS = 30000;
const PAGE = 100;

// The queues per role: key, title, and the query of GET /tickets.
export function queuesFor(user) {
  if (user.role === 'customer') {
    return [
      { key: 'open', title: 'Open tickets', query: () => ({ open: true }) },
      { key: 'all', title: 'All tickets', query: () => ({}), sort: 'updated_at' },
    ];
  }
  return [
    { key: 'mine', title: 'Mine', query: (u) => ({ agent: u.id, open: true }) },
    { key: 'team', title: "My team's", query: (u) => ({ team: teamsOf(u)[0], open: true }) },
    { key: 'unassigned', title: 'Unassigned', query: () => ({ agent: 'none', open: true }) },
    { key: 'at-risk', title: 'At risk', query: () => ({ sla: 'at_risk', open: true }) },
    { key: 'breached', title: 'Breached', query: () => ({ sla: 'breached', open: true }) },
    { key: 'open', title: 'All open', query: () => ({ open: true }) },
  ];
}

function fetchPage(q, user, cursor) {
  return api('GET', '/tickets', { query: { ...q.query(user), sort: q.sort || 'due_at', limit: PAGE, cursor } });
}

function row(t, user) {
  const link = h('a', { href: '/app/tickets/' + encodeURIComponent(t.id), class: 'subject' }, t.subject);
  return h('tr', { dataset: { id: t.id } },
    h('td', { 'data-label': 'SLA' }, badge(t.sla_state, t.next_due_at)),
    h('td', { 'data-label': 'Ticket' }, h('span', { class: 'ref' }, t.ref || ''), ' ', link),
    h('td', { 'data-label': 'Customer' }, nameOf(t.customer)),
    h('td', { 'data-label': 'Priority' }, h('span', { class: 'prio prio-' + t.priority }, t.priority)),
    h('td', { 'data-label': 'Status' }, label(t.status)),
    user.role === 'customer' ? null : h('td', { 'data-label': 'Assignee' }, t.agent ? nameOf(t.agent) : nameOf(t.team)));
}

export async function showQueue(main, user, key, navigate) {
  const queues = queuesFor(user);
  const q = queues.find((x) => x.key === key) || queues[0];
  const status = h('p', { class: 'form-error', role: 'alert', tabindex: '-1' });
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more');
  const count = h('p', { class: 'muted', 'aria-live': 'polite' });
  const heads = ['SLA', 'Ticket', 'Customer', 'Priority', 'Status', user.role === 'customer' ? null : 'Assignee'];
  replace(main,
    h('h1', {}, q.title),
    status, count,
    h('table', { class: 'queue' },
      h('caption', { class: 'visually-hidden' }, q.title + ', by SLA deadline'),
      h('thead', {}, h('tr', {}, heads.filter(Boolean).map((x) => h('th', { scope: 'col' }, x)))), body),
    more);
  document.title = q.title + ' · Levera';

  let cursor = null;
  let selected = -1;
  const rows = () => [...body.querySelectorAll('tr')];
  const select = (i) => {
    const all = rows();
    if (!all.length) return;
    selected = Math.max(0, Math.min(all.length - 1, i));
    all.forEach((r, n) => r.classList.toggle('selected', n === selected));
    all[selected].querySelector('a').focus();
  };
  const load = async (append) => {
    try {
      const page = await fetchPage(q, user, append ? cursor : undefined);
      if (!append) body.replaceChildren();
      for (const t of page.items) body.append(row(t, user));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      const n = rows().length;
      count.textContent = n === 0 ? 'Nothing in this queue.' : n + (cursor ? '+' : '') + ' tickets';
      status.textContent = '';
      if (selected >= 0) rows().forEach((r, i) => r.classList.toggle('selected', i === selected));
    } catch (err) {
      status.textContent = err instanceof ApiError ? err.message : String(err);
    }
  };
  more.addEventListener('click', () => load(true));
  await load(false);
  performance.mark('levera:queue-ready');

  const timer = setInterval(() => load(false), REFRESH_MS);
  const keys = {
    j: () => select(selected + 1),
    k: () => select(selected - 1),
    o: () => selected >= 0 && navigate(rows()[selected].querySelector('a').getAttribute('href')),
  };
  queues.forEach((x, i) => { keys[String(i + 1)] = () => navigate('/app/queue/' + x.key); });
  setKeys(keys);
  return () => clearInterval(timer);
}
