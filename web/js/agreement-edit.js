// agreement-edit.js - editing an agreement (managers and admins): status,
// validity, calendar, pause statuses, the components and the targets. Saved
// with If-Match; a stale version reloads the form and says so. Parties and
// the services covered are kept as they are.
import { api, listAll } from './api.js';
import { h, replace, field, label } from './dom.js';
import { docOf, durationText, parseDuration, STALE } from './format.js';
import { input, textarea, select, formError, saveRecord } from './form.js';
import { setKeys } from './keys.js';
import { remember } from './names.js';
import { notFound } from './catalog.js';
import { COMPONENTS } from './agreements.js';

const STATUSES = ['draft', 'active', 'expired', 'terminated'];
const TICKET_STATUSES = ['new', 'assigned', 'in_progress', 'waiting_on_customer', 'waiting_on_supplier'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];

function targetRow(t, i, calendars) {
  const id = (k) => 'tg-' + i + '-' + k;
  const cell = (lab, control) => h('td', { 'data-label': lab }, h('label', { class: 'visually-hidden', for: control.id }, lab + ' of target ' + (i + 1)), control);
  const rm = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Remove target ' + (i + 1) }, 'Remove');
  const row = h('tr', { class: 'target-row', dataset: { index: i } },
    cell('Metric', select('targets[' + i + '].metric', [['response', 'response'], ['resolution', 'resolution']], t.metric, { id: id('metric') })),
    cell('Priority', select('targets[' + i + '].priority', PRIORITIES, t.priority, { id: id('priority') })),
    cell('Duration', input('targets[' + i + '].duration', t.duration === undefined ? '' : durationText(t.duration), { id: id('duration'), size: 8 })),
    cell('Calendar', select('targets[' + i + '].calendar', [['', 'the agreement\'s'], ...calendars.map((c) => [c.id, c.name])], t.calendar || '', { id: id('calendar') })),
    cell('Warnings at', input('targets[' + i + '].warn_at', (t.warn_at || [75, 90]).join(', '), { id: id('warn'), size: 8 })),
    h('td', {}, rm));
  rm.addEventListener('click', () => row.remove());
  return row;
}

function readTarget(row) {
  const v = (k) => row.querySelector('[id$="-' + k + '"]').value.trim();
  const t = { metric: v('metric'), priority: v('priority'), duration: parseDuration(v('duration')),
    warn_at: v('warn').split(/[,\s]+/).filter(Boolean).map(Number) };
  if (v('calendar')) t.calendar = v('calendar');
  return t;
}

export async function showAgreementEdit(main, user, id, navigate, note) {
  setKeys({});
  let a, calendars;
  try {
    [a, calendars] = await Promise.all([api('GET', '/agreements/' + encodeURIComponent(id)), listAll('/calendars')]);
  } catch (err) {
    notFound(main, 'Agreement not found', err, { href: '/app/agreements', text: 'Back to the agreements' });
    return () => {};
  }
  remember(calendars);
  const rows = h('tbody');
  let n = 0;
  for (const t of a.targets || []) rows.append(targetRow(t, n++, calendars));
  const add = h('button', { type: 'button', class: 'secondary', id: 'add-target' }, 'Add target');
  add.addEventListener('click', () => { rows.append(targetRow({ metric: 'response', priority: 'P3' }, n++, calendars)); rows.lastChild.querySelector('select').focus(); });
  const pauses = h('fieldset', { class: 'inline', id: 'pause-statuses' }, h('legend', {}, 'Clocks pause while the ticket is'),
    TICKET_STATUSES.map((s) => h('label', {}, h('input', { type: 'checkbox', name: 'pause', value: s, checked: (a.pause_statuses || []).includes(s) }), ' ' + label(s))));
  const comps = a.components || {};
  const form = h('form', { class: 'card', id: 'agreement-form', novalidate: true }, formError(),
    field('Name', input('name', a.name, { required: true })),
    h('div', { class: 'pair' }, field('Status', select('status', STATUSES, a.status || 'active')),
      field('Calendar', select('calendar', calendars.map((c) => [c.id, c.name]), a.calendar))),
    h('div', { class: 'pair' }, field('Valid from', input('valid_from', a.valid_from, { type: 'date' })),
      field('Valid to', input('valid_to', a.valid_to, { type: 'date' }))),
    pauses,
    h('h2', {}, 'Targets'),
    h('p', { class: 'hint' }, 'Durations are business time on the calendar: seconds, or e.g. 4h, 90m, 1h30m. Warnings are percentages of the target.'),
    h('div', { class: 'scroll' }, h('table', { class: 'queue records edit-table', id: 'target-rows' },
      h('thead', {}, h('tr', {}, ['Metric', 'Priority', 'Duration', 'Calendar', 'Warnings at', ''].map((x) => h('th', { scope: 'col' }, x)))), rows)),
    h('p', {}, add),
    h('h2', {}, 'Components'),
    COMPONENTS.map((c) => field(label(c).replace(/^./, (x) => x.toUpperCase()), textarea('components.' + c, comps[c], { id: 'comp-' + c }))),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Save agreement'),
      h('a', { href: '/app/agreements/' + encodeURIComponent(a.id), class: 'button secondary' }, 'Cancel')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const val = (name) => form.elements[name].value.trim();
    const components = {};
    for (const c of COMPONENTS) if (val('components.' + c)) components[c] = val('components.' + c);
    const doc = { ...docOf(a), name: val('name'), status: val('status'), calendar: val('calendar'),
      valid_from: val('valid_from') || null, valid_to: val('valid_to') || null,
      pause_statuses: [...form.querySelectorAll('input[name=pause]:checked')].map((x) => x.value),
      components, targets: [...rows.children].map(readTarget) };
    saveRecord(form, 'agreements', a, doc, {
      onSaved: (saved) => navigate('/app/agreements/' + encodeURIComponent(saved.id), 'Agreement saved.'),
      onStale: () => showAgreementEdit(main, user, id, navigate, STALE),
    });
  });
  replace(main,
    h('p', {}, h('a', { href: '/app/agreements/' + encodeURIComponent(a.id) }, '← ' + a.name)),
    h('h1', {}, 'Edit ' + a.name),
    h('p', { class: 'flash flash-warn', role: 'status', tabindex: '-1', id: 'edit-note' }, note || ''), form);
  document.title = 'Edit ' + a.name + ' · Levera';
  if (note) main.querySelector('#edit-note').focus();
  return () => {};
}
