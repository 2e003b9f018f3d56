// dash-strategic.js - the strategic dashboard for staff: compliance over time and by
// customer, volumes and backlog, satisfaction, this month's key figures against last
// month's, the service credits owed this month, and each customer's review pack of last
// month. Filters (customer, service, from/to months) redraw everything; the charts are the
// server's (charts.js) and every one has its figures as a table.
import { api, ApiError } from './api.js';
import { h, replace, field } from './dom.js';
import { money } from './format.js';
import { setKeys } from './keys.js';
import { directory, nameOf } from './names.js';
import {
  addMonths, chartCard, chartUrl, complianceTable, csatTable, dataTable, figure, kpiGroups, kpiMonths, monthName,
  monthOf, trendAlt,
} from './charts.js';

// The key figures: [label, key in a month of GET /kpis, unit, whether up is better].
const KEY_FIGURES = [
  ['SLA compliance', 'sla_compliance', '%', true],
  ['Response compliance', 'response_compliance', '%', true],
  ['Resolution compliance', 'resolution_compliance', '%', true],
  ['Tickets created', 'created', '', null],
  ['Tickets resolved', 'resolved', '', true],
  ['Open at month end', 'backlog', '', false],
  ['First-contact resolution', 'first_contact_resolution', '%', true],
  ['Average rating (1–5)', 'csat_average', 'score', true],
  ['Net Promoter Score', 'nps.score', 'score', true],
  ['Availability', 'availability.availability', '%', true],
];

// A month's figure by key; "nps.score" reaches into an object.
function at(month, key) {
  if (!month) return null;
  const [outer, inner] = key.split('.');
  return inner === undefined ? month[outer] : (month[outer] ? month[outer][inner] : null);
}

function selectOf(name, options, value) {
  const sel = h('select', { name, id: 'f-' + name });
  for (const [v, text] of options) sel.append(h('option', { value: v, selected: v === value }, text));
  return sel;
}

// "▲ up 2.5" / "▼ down 1" / "no change", with words so the arrow is not the only cue.
function change(now, before, unit, upIsGood) {
  if (now === null || now === undefined || before === null || before === undefined) return h('span', { class: 'muted' }, '—');
  const d = Number(now) - Number(before);
  if (Math.abs(d) < 1e-9) return h('span', { class: 'trend-flat' }, '→ no change');
  const text = (d > 0 ? '▲ up ' : '▼ down ') + (unit === '%' ? Math.abs(d).toFixed(1) + ' points' : unit === 'score' ? Math.abs(d).toFixed(2) : String(Math.abs(d)));
  const good = upIsGood === null ? null : (d > 0) === upIsGood;
  return h('span', { class: good === null ? 'trend-flat' : good ? 'trend-good' : 'trend-bad' }, text);
}

function keyFiguresTable(months) {
  const [before, now] = months.length >= 2 ? months.slice(-2) : [null, months[0]];
  const rows = KEY_FIGURES.map(([label, key, unit, up]) => h('tr', {},
    h('th', { scope: 'row' }, label),
    h('td', { 'data-label': 'This month', class: 'num' }, figure(at(now, key), unit)),
    h('td', { 'data-label': 'Last month', class: 'num' }, figure(at(before, key), unit)),
    h('td', { 'data-label': 'Change' }, change(at(now, key), at(before, key), unit, up))));
  return h('table', { class: 'queue data', id: 'key-figures' },
    h('caption', { class: 'visually-hidden' }, 'This month’s key figures against last month’s'),
    h('thead', {}, h('tr', {}, ['Figure', 'This month', 'Last month', 'Change'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows));
}

// The credits owed for month: GET /api/v1/credits?month=YYYY-MM (staff), one entry per customer.
export async function loadCredits(month) {
  return api('GET', '/credits', { query: { month } });
}

function creditsView(month, answer) {
  const owing = (answer.customers || []).filter((c) => Number(c.total) > 0);
  if (!owing.length) return h('p', { id: 'credits-none' }, 'No credits owed for ' + monthName(month) + '.');
  return h('table', { class: 'queue data', id: 'credits-table' },
    h('caption', { class: 'visually-hidden' }, 'Service credits owed for ' + monthName(month)),
    h('thead', {}, h('tr', {}, ['Customer', 'Owed', 'Of the fee', 'Because'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, owing.map((c) => h('tr', {},
      h('th', { scope: 'row' }, c.customer ? c.customer.name : '—'),
      h('td', { 'data-label': 'Owed', class: 'num' }, money(c.total, c.currency)),
      h('td', { 'data-label': 'Of the fee', class: 'num' }, figure(c.total_pct, '%')),
      h('td', { 'data-label': 'Because' }, (c.lines || []).filter((l) => l.applies).map((l) => l.rule).join('; ') || '—')))));
}

function packLinks(customers, month) {
  if (!customers.length) return h('p', {}, 'No customers.');
  return h('ul', { class: 'packs', id: 'packs' }, customers.map((c) => h('li', {},
    h('span', { class: 'pack-name' }, c.name), ' ',
    ['pdf', 'xlsx'].map((f) => [h('a', {
      href: '/api/v1/reports/review?' + new URLSearchParams({ customer: c.id, month, format: f }),
      download: '', class: 'pack-link', dataset: { format: f },
    }, f.toUpperCase(), h('span', { class: 'visually-hidden' }, ' review pack of ' + c.name + ' for ' + monthName(month))), ' '])
  )));
}

export async function showStrategic(main, user) {
  setKeys({});
  document.title = 'Dashboard — strategic · Levera';
  const thisMonth = monthOf();
  const customers = directory.orgs.filter((o) => o.type === 'customer').sort((a, b) => a.name.localeCompare(b.name));
  const state = { customer: '', service: '', from: addMonths(thisMonth, -11), to: thisMonth };

  const customerSel = selectOf('customer', [['', 'All customers'], ...customers.map((c) => [c.id, c.name])], '');
  const serviceSel = selectOf('service', [['', 'All services'],
    ...directory.services.slice().sort((a, b) => a.name.localeCompare(b.name)).map((s) => [s.id, s.name])], '');
  const fromIn = h('input', { type: 'month', name: 'from', id: 'f-from', value: state.from, max: thisMonth, required: true });
  const toIn = h('input', { type: 'month', name: 'to', id: 'f-to', value: state.to, max: thisMonth, required: true });
  const formError = h('p', { class: 'form-error', role: 'alert', tabindex: '-1' });
  const form = h('form', { class: 'card filters', id: 'dash-filters', 'aria-label': 'Filters' },
    h('div', { class: 'pair' }, field('Customer', customerSel), field('Service', serviceSel),
      field('From month', fromIn), field('To month', toIn)),
    formError,
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Show')));

  const compliance = chartCard('compliance-trend', 'SLA compliance per month');
  const byCustomer = chartCard('compliance-by-customer', 'SLA compliance by customer');
  const volume = chartCard('volume-trend', 'Tickets created and resolved');
  const backlog = chartCard('backlog-trend', 'Backlog at each month’s end');
  const csat = chartCard('csat-trend', 'Customer satisfaction');
  const nps = chartCard('nps-trend', 'Net Promoter Score');
  const avail = chartCard('availability-trend', 'Availability');
  const keySlot = h('div', { class: 'scroll' }, h('p', { class: 'muted' }, 'Loading…'));
  const creditSlot = h('div', { id: 'credits', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  const lastMonth = addMonths(thisMonth, -1);
  const packSlot = h('div');

  replace(main,
    h('h1', {}, 'Dashboard — strategic'),
    form,
    h('section', { class: 'card', 'aria-labelledby': 'h-key' }, h('h2', { id: 'h-key' }, 'Key figures of ' + monthName(thisMonth)), keySlot),
    h('div', { class: 'charts' }, compliance.card, byCustomer.card, volume.card, backlog.card, csat.card, nps.card,
      avail.card),
    h('section', { class: 'card', 'aria-labelledby': 'h-credits' }, h('h2', { id: 'h-credits' }, 'Service credits owed for ' + monthName(thisMonth)), creditSlot),
    h('section', { class: 'card', 'aria-labelledby': 'h-packs' },
      h('h2', { id: 'h-packs' }, 'Review packs for ' + monthName(lastMonth)), packSlot));

  const load = async () => {
    const q = { customer: state.customer, service: state.service, from: state.from, to: state.to };
    const who = state.customer ? nameOf(state.customer) : 'all customers';
    compliance.set(chartUrl('compliance-trend', q), 'Line chart of SLA, response and resolution compliance per month for ' + who + ', against the 95 % target');
    byCustomer.set(chartUrl('compliance-by-customer', q), 'Bar chart of SLA compliance per customer over the selected months, lowest first, against the 95 % target. The figures are in the table under the chart.');
    volume.set(chartUrl('volume-trend', q), 'Bar chart of tickets created and resolved per month for ' + who);
    backlog.set(chartUrl('backlog-trend', q), 'Line chart of open tickets at each month’s end for ' + who);
    csat.set(chartUrl('csat-trend', q), 'Line chart of the average customer rating (1 to 5) per month for ' + who);
    nps.set(chartUrl('nps-trend', q), 'Line chart of the Net Promoter Score (-100 to 100) per month for ' + who);
    avail.set(chartUrl('availability-trend', q), 'Line chart of the availability of the services in scope per month for ' + who);
    replace(packSlot, packLinks(state.customer ? customers.filter((c) => c.id === state.customer) : customers, lastMonth));
    try {
      const months = await kpiMonths(q);
      compliance.setTable(complianceTable(months));
      compliance.img.setAttribute('alt', trendAlt(compliance.img.getAttribute('alt'), months));
      volume.setTable(dataTable('Tickets created and resolved per month', ['Month', 'Created', 'Resolved'],
        months.map((m) => [monthName(m.month), String(m.created), String(m.resolved)])));
      volume.img.setAttribute('alt', trendAlt(volume.img.getAttribute('alt'), months));
      backlog.setTable(dataTable('Open tickets at each month’s end', ['Month', 'Open tickets'],
        months.map((m) => [monthName(m.month), String(m.backlog)])));
      backlog.img.setAttribute('alt', trendAlt(backlog.img.getAttribute('alt'), months));
      csat.setTable(csatTable(months));
      csat.img.setAttribute('alt', trendAlt(csat.img.getAttribute('alt'), months));
      nps.setTable(dataTable('Net Promoter Score per month', ['Month', 'NPS', 'Answers'],
        months.map((m) => [monthName(m.month), figure(m.nps.score, 'score'), String(m.nps.answers)])));
      nps.img.setAttribute('alt', trendAlt(nps.img.getAttribute('alt'), months));
      avail.setTable(dataTable('Availability per month', ['Month', 'Availability', 'Downtime (s)', 'Outages'],
        months.map((m) => [monthName(m.month), figure(m.availability.availability, '%'),
          String(m.availability.downtime_s), String(m.availability.outages)])));
      avail.img.setAttribute('alt', trendAlt(avail.img.getAttribute('alt'), months));
      const groups = await kpiGroups(q, 'customer');
      byCustomer.setTable(dataTable('SLA compliance per customer', ['Customer', 'SLA compliance', 'Met', 'Breached'],
        groups.filter((g) => g.customer).sort((a, b) => a.customer.name.localeCompare(b.customer.name))
          .map((g) => [g.customer.name, figure(g.sla_compliance, '%'), String(g.sla_met), String(g.sla_breached)])));
      formError.textContent = '';
    } catch (err) {
      const msg = err instanceof ApiError ? err.message : String(err);
      formError.textContent = msg;
      for (const c of [compliance, volume, backlog, csat, nps, avail, byCustomer]) c.error('The figures could not be loaded: ' + msg);
    }
    try {
      const two = await kpiMonths({ customer: state.customer, service: state.service, from: lastMonth, to: thisMonth });
      replace(keySlot, keyFiguresTable(two));
    } catch (err) {
      replace(keySlot, h('p', { class: 'form-error', role: 'alert' }, err instanceof ApiError ? err.message : String(err)));
    }
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (fromIn.value && toIn.value && fromIn.value > toIn.value) {
      formError.textContent = 'The first month must not be after the last.';
      fromIn.setAttribute('aria-invalid', 'true');
      fromIn.focus();
      return;
    }
    fromIn.removeAttribute('aria-invalid');
    Object.assign(state, { customer: customerSel.value, service: serviceSel.value, from: fromIn.value || state.from, to: toIn.value || state.to });
    load();
  });

  await load();
  try {
    replace(creditSlot, creditsView(thisMonth, await loadCredits(thisMonth)));
  } catch (err) {
    replace(creditSlot, h('p', { id: 'credits-error', class: 'warn-card' },
      'The credits owed could not be loaded (' + (err instanceof ApiError ? err.message : String(err)) + '). No credits are shown as owed.'));
  }
  performance.mark('levera:dashboard-ready');
  return () => {};
}
