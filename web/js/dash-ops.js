// dash-ops.js - the operations dashboard for staff: the tickets at risk of breaching (nearest
// deadline first), the SLA breaches of today, the open tickets per team and the deadlines
// of the next hours. Everything is fetched again every 30 s; the charts are then fetched as
// SVG text and shown from a data: URL, so the browser cannot show a stale copy.
import { api, ApiError } from './api.js';
import { h, replace, label, when } from './dom.js';
import { setKeys } from './keys.js';
import { nameOf } from './names.js';
import { badge } from './sla.js';
import { chartCard, chartUrl, dataTable, kpiGroups, monthOf } from './charts.js';

const REFRESH_MS = 30000;
const HOURS = 8;
const AT_RISK_LIMIT = 50;
const BREACH_CANDIDATES = 25; // tickets changed today whose clocks are read for today's breaches

function ticketLink(t) {
  return h('a', { href: '/app/tickets/' + encodeURIComponent(t.id), class: 'subject' }, t.subject);
}

function atRiskTable(items) {
  if (!items.length) return h('p', { id: 'at-risk-none' }, 'No ticket is at risk of breaching now.');
  return h('table', { class: 'queue', id: 'at-risk' },
    h('caption', { class: 'visually-hidden' }, 'Tickets at risk, nearest deadline first'),
    h('thead', {}, h('tr', {}, ['SLA', 'Ticket', 'Customer', 'Priority', 'Assignee'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, items.map((t) => h('tr', { dataset: { id: t.id } },
      h('td', { 'data-label': 'SLA' }, badge(t.sla_state, t.next_due_at)),
      h('td', { 'data-label': 'Ticket' }, h('span', { class: 'ref' }, t.ref || ''), ' ', ticketLink(t)),
      h('td', { 'data-label': 'Customer' }, nameOf(t.customer)),
      h('td', { 'data-label': 'Priority' }, h('span', { class: 'prio prio-' + t.priority }, t.priority)),
      h('td', { 'data-label': 'Assignee' }, t.agent ? nameOf(t.agent) : nameOf(t.team))))));
}

// Today's breaches: of the breached tickets changed since midnight (the SLA job records each
// breach as an event, so a ticket breached today was changed today), the clocks breached today.
async function breachesToday() {
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  const page = await api('GET', '/tickets', { query: { sla: 'breached', sort: '-updated_at', limit: 100 } });
  const recent = page.items.filter((t) => new Date(t.updated_at) >= midnight).slice(0, BREACH_CANDIDATES);
  const full = await Promise.all(recent.map((t) => api('GET', '/tickets/' + encodeURIComponent(t.id)).catch(() => null)));
  const out = [];
  for (const t of full.filter(Boolean)) {
    for (const c of t.sla || []) {
      if (c.breached_at && new Date(c.breached_at) >= midnight) out.push({ t, c });
    }
  }
  out.sort((a, b) => b.c.breached_at.localeCompare(a.c.breached_at));
  return out;
}

function breachesView(list) {
  if (!list.length) return h('p', { id: 'breaches-none' }, 'No SLA breach today.');
  return h('table', { class: 'queue', id: 'breaches' },
    h('caption', { class: 'visually-hidden' }, 'SLA breaches today, latest first'),
    h('thead', {}, h('tr', {}, ['Breached', 'Ticket', 'Customer', 'Target'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, list.map(({ t, c }) => h('tr', { dataset: { id: t.id } },
      h('td', { 'data-label': 'Breached' }, when(c.breached_at)),
      h('td', { 'data-label': 'Ticket' }, h('span', { class: 'ref' }, t.ref || ''), ' ', ticketLink(t)),
      h('td', { 'data-label': 'Customer' }, nameOf(t.customer)),
      h('td', { 'data-label': 'Target' }, c.agreement + ': ' + label(c.metric))))));
}

// The deadlines table: open tickets by the hour their next deadline falls in (as the chart counts them).
async function deadlineRows(hours) {
  const now = Date.now();
  const counts = new Array(hours + 1).fill(0);
  let cursor;
  let done = false;
  do {
    const page = await api('GET', '/tickets', { query: { open: true, sort: 'due_at', limit: 200, cursor } });
    for (const t of page.items) {
      const due = t.next_due_at ? Date.parse(t.next_due_at) : null;
      if (due === null || due > now + hours * 3600e3) { done = true; break; }
      counts[due <= now ? 0 : Math.ceil((due - now) / 3600e3)] += 1;
    }
    cursor = page.next_cursor;
  } while (cursor && !done);
  return counts.map((n, i) => [i === 0 ? 'Overdue' : 'Within ' + (i - 1) + '–' + i + ' h', String(n)]);
}

// Shows url in img from a data: URL of its SVG text (a fresh copy each time).
async function refreshImage(img, url) {
  const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) throw new ApiError(res.status, 'http_' + res.status, 'the chart could not be drawn (' + res.status + ')');
  img.setAttribute('src', 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(await res.text()));
}

export async function showOperations(main, user) {
  setKeys({});
  document.title = 'Dashboard — operations · Levera';
  const status = h('p', { class: 'form-error', role: 'alert', tabindex: '-1' });
  const updated = h('p', { class: 'muted', id: 'ops-updated', 'aria-live': 'polite' });
  const riskSlot = h('div', { class: 'scroll' }, h('p', { class: 'muted' }, 'Loading…'));
  const breachSlot = h('div', { class: 'scroll' }, h('p', { class: 'muted' }, 'Loading…'));
  const workload = chartCard('workload-by-team', 'Open tickets by team');
  const deadlines = chartCard('deadlines', 'Deadlines in the next ' + HOURS + ' hours');
  const workloadUrl = chartUrl('workload-by-team');
  const deadlinesUrl = chartUrl('deadlines', { hours: HOURS });
  workload.set(workloadUrl, 'Bar chart of the open tickets held by each team now, largest first. The figures are in the table under the chart.');
  deadlines.set(deadlinesUrl, 'Bar chart of open tickets by when their next SLA deadline falls: overdue, then each of the next ' + HOURS + ' hours. The figures are in the table under the chart.');

  replace(main,
    h('h1', {}, 'Dashboard — operations'),
    status, updated,
    h('section', { class: 'card', 'aria-labelledby': 'h-risk' }, h('h2', { id: 'h-risk' }, 'At risk now'), riskSlot),
    h('section', { class: 'card', 'aria-labelledby': 'h-breach' }, h('h2', { id: 'h-breach' }, 'Breaches today'), breachSlot),
    h('div', { class: 'charts' }, workload.card, deadlines.card));

  let first = true;
  const load = async () => {
    try {
      const [risk, breaches, teams, rows] = await Promise.all([
        api('GET', '/tickets', { query: { sla: 'at_risk', open: true, sort: 'due_at', limit: AT_RISK_LIMIT } }),
        breachesToday(),
        kpiGroups({ from: monthOf(), to: monthOf() }, 'team'),
        deadlineRows(HOURS),
      ]);
      replace(riskSlot, atRiskTable(risk.items));
      replace(breachSlot, breachesView(breaches));
      workload.setTable(dataTable('Open tickets by team (from the KPI figures)', ['Team', 'Open tickets'],
        teams.filter((g) => g.backlog > 0).sort((a, b) => b.backlog - a.backlog)
          .map((g) => [g.team ? g.team.name : 'No team', String(g.backlog)])));
      deadlines.setTable(dataTable('Open tickets by next SLA deadline', ['When', 'Tickets'], rows));
      if (!first) await Promise.all([refreshImage(workload.img, workloadUrl), refreshImage(deadlines.img, deadlinesUrl)]);
      first = false;
      status.textContent = '';
      updated.textContent = 'Updated at ' + new Date().toLocaleTimeString() + '; refreshed every 30 seconds.';
    } catch (err) {
      status.textContent = err instanceof ApiError ? err.message : String(err);
    }
  };
  await load();
  performance.mark('levera:operations-ready');
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}
