// charts.js - what the dashboards share: a chart as an <img> of GET /api/v1/charts/{name}
// (drawn by the server's chart module) with an alt text and, under it, a toggleable table
// of the same figures from GET /api/v1/kpis for those who cannot see the picture; months;
// and the figures' formatting.
import { api } from './api.js';
import { h, replace } from './dom.js';

// "2026-11" for a Date (the reader's month), and months before or after it.
export function monthOf(d = new Date()) {
  return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0');
}

export function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number);
  return monthOf(new Date(y, m - 1 + n, 1));
}

const monthFmt = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });

// "November 2026" for "2026-11".
export function monthName(month) {
  const [y, m] = month.split('-').map(Number);
  return monthFmt.format(new Date(Date.UTC(y, m - 1, 15)));
}

// The URL of a chart with the given query (empty values left out).
export function chartUrl(name, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const q = params.toString();
  return '/api/v1/charts/' + encodeURIComponent(name) + (q ? '?' + q : '');
}

// A figure's value as text: "97.5 %", "4.2", "12", or "no data".
export function figure(v, unit) {
  if (v === null || v === undefined || Number.isNaN(v)) return 'no data';
  if (unit === '%') return (Math.floor(v * 10) / 10).toFixed(1) + ' %'; // truncated, as the charts do
  if (unit === 'score') return Number(v).toFixed(2);
  return String(v);
}

// A table of rows [label, ...values] with its caption and column heads.
export function dataTable(caption, heads, rows) {
  return h('table', { class: 'queue data' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, heads.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.length ? rows.map(([first, ...rest]) => h('tr', {}, h('th', { scope: 'row' }, first),
      rest.map((v, i) => h('td', { 'data-label': heads[i + 1] }, v))))
      : h('tr', {}, h('td', { colspan: heads.length }, 'No figures for this selection.'))));
}

// A chart card: title, the image with its alt text, and a <details> holding the figures as a table.
// Returns {card, set(url, alt), setTable(table)}; the table slot says "Loading" until it is set.
export function chartCard(id, title) {
  const img = h('img', { id: 'chart-' + id, class: 'chart', alt: '', width: 640, height: 320, decoding: 'async' });
  const slot = h('div', { class: 'scroll' }, h('p', { class: 'muted' }, 'Loading the figures…'));
  const card = h('section', { class: 'card chart-card', 'aria-labelledby': 'h-' + id, dataset: { chart: id } },
    h('h2', { id: 'h-' + id }, title), img,
    h('details', { class: 'figures-table' }, h('summary', {}, 'Show the figures as a table'), slot));
  return {
    card,
    set(url, alt) {
      img.setAttribute('alt', alt);
      img.setAttribute('src', url);
    },
    setTable(table) { replace(slot, table); },
    error(message) { replace(slot, h('p', { class: 'form-error', role: 'alert' }, message)); },
    img,
  };
}

// The months of GET /api/v1/kpis for query, or the error's message.
export async function kpiMonths(query) {
  const r = await api('GET', '/kpis', { query });
  return r.months;
}

export async function kpiGroups(query, by) {
  const r = await api('GET', '/kpis', { query: { ...query, group_by: by } });
  return r.groups;
}

// The tables of the trends, from the months of GET /kpis.
export function complianceTable(months) {
  return dataTable('SLA, response and resolution compliance per month', ['Month', 'SLA', 'Response', 'Resolution', 'Met', 'Breached'],
    months.map((m) => [monthName(m.month), figure(m.sla_compliance, '%'), figure(m.response_compliance, '%'),
      figure(m.resolution_compliance, '%'), String(m.sla_met), String(m.sla_breached)]));
}

export function csatTable(months) {
  return dataTable('Average customer rating per month (1 to 5)', ['Month', 'Average rating', 'Ratings'],
    months.map((m) => [monthName(m.month), figure(m.csat_average, 'score'), String(m.ratings)]));
}

// Alt text of a trend: what it shows over which months, and where the figures are.
export function trendAlt(what, months) {
  if (!months.length) return what + '. No months selected.';
  const span = monthName(months[0].month) + ' to ' + monthName(months[months.length - 1].month);
  return what + ', ' + span + '. The figures are in the table under the chart.';
}
