// service-report.js - a customer's "Service report": their organisation's SLA compliance and
// satisfaction over the last twelve months (the server's charts, with the figures as tables)
// and their monthly review packs to download. The API answers a customer with their own
// organisation's figures only; the page asks for nothing else.
import { ApiError } from './api.js';
import { h, replace } from './dom.js';
import { setKeys } from './keys.js';
import { directory } from './names.js';
import { addMonths, chartCard, chartUrl, complianceTable, csatTable, kpiMonths, monthName, monthOf, trendAlt } from './charts.js';

const PACK_MONTHS = 3;

export async function showServiceReport(main, user) {
  setKeys({});
  document.title = 'Service report · Levera';
  const org = directory.org;
  const orgName = org ? org.name : 'your organisation';
  const to = monthOf();
  const q = { from: addMonths(to, -11), to };
  const compliance = chartCard('compliance-trend', 'How we kept our promises');
  const csat = chartCard('csat-trend', 'How you rated our work');
  compliance.set(chartUrl('compliance-trend', q), 'Line chart of the share of ' + orgName + '’s requests answered and resolved within the agreed times, per month, against the 95 % target');
  csat.set(chartUrl('csat-trend', q), 'Line chart of ' + orgName + '’s average rating of resolved requests (1 to 5), per month');
  const months = [];
  for (let i = 1; i <= PACK_MONTHS; i++) months.push(addMonths(to, -i));
  const packs = h('ul', { class: 'packs', id: 'packs' }, months.map((m) => h('li', {},
    h('span', { class: 'pack-name' }, monthName(m)), ' ',
    ['pdf', 'xlsx'].map((f) => [h('a', {
      href: '/api/v1/reports/review?' + new URLSearchParams({ customer: user.organisation, month: m, format: f }),
      download: '', class: 'pack-link', dataset: { format: f },
    }, f.toUpperCase(), h('span', { class: 'visually-hidden' }, ' review pack for ' + monthName(m))), ' ']))));
  const status = h('p', { class: 'form-error', role: 'alert' });

  replace(main,
    h('h1', {}, 'Service report'),
    h('p', { id: 'report-org' }, orgName + ': how the service we deliver to you measured up, month by month.'),
    status,
    h('div', { class: 'charts' }, compliance.card, csat.card),
    h('section', { class: 'card', 'aria-labelledby': 'h-packs' },
      h('h2', { id: 'h-packs' }, 'Monthly review packs'),
      h('p', {}, 'Each pack sets out what was agreed, what was delivered and any service credits, for one month.'),
      packs));

  try {
    const list = await kpiMonths(q);
    compliance.setTable(complianceTable(list));
    compliance.img.setAttribute('alt', trendAlt(compliance.img.getAttribute('alt'), list));
    csat.setTable(csatTable(list));
    csat.img.setAttribute('alt', trendAlt(csat.img.getAttribute('alt'), list));
  } catch (err) {
    status.textContent = err instanceof ApiError ? err.message : String(err);
    compliance.error(status.textContent);
    csat.error(status.textContent);
  }
  return () => {};
}
