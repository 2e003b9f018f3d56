// calendar-edit.js - editing a calendar: name, IANA time zone, the weekly
// business intervals per day ("08:00-12:00, 12:30-16:00") and the holidays
// (one date a line). Saved with If-Match; a stale version reloads and says so.
import { api } from './api.js';
import { h, replace, field } from './dom.js';
import { docOf, STALE } from './format.js';
import { input, textarea, formError, saveRecord } from './form.js';
import { setKeys } from './keys.js';
import { notFound } from './catalog.js';
import { DAYS } from './calendars.js';

export async function showCalendarEdit(main, user, id, navigate, note) {
  setKeys({});
  let cal;
  try {
    cal = await api('GET', '/calendars/' + encodeURIComponent(id));
  } catch (err) {
    notFound(main, 'Calendar not found', err, { href: '/app/calendars', text: 'Back to the calendars' });
    return () => {};
  }
  const form = h('form', { class: 'card', id: 'calendar-form', novalidate: true }, formError(),
    field('Name', input('name', cal.name, { required: true })),
    field('Time zone', input('timezone', cal.timezone, { autocomplete: 'off' }), 'An IANA zone such as Europe/Copenhagen; the hours below are local time there.'),
    h('fieldset', { class: 'days' }, h('legend', {}, 'Business hours'),
      h('p', { class: 'hint' }, 'Intervals as HH:MM-HH:MM, separated by commas; empty for a closed day; 00:00-24:00 for all day.'),
      DAYS.map(([d, name]) => field(name, input('week.' + d, (cal.week[d] || []).join(', '), { id: 'week-' + d, autocomplete: 'off' })))),
    field('Holidays', textarea('holidays', (cal.holidays || []).join('\n'), { rows: 8 }), 'One date (YYYY-MM-DD) a line.'),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Save calendar'),
      h('a', { href: '/app/calendars/' + encodeURIComponent(cal.id), class: 'button secondary' }, 'Cancel')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const val = (name) => form.elements[name].value.trim();
    const week = {};
    for (const [d] of DAYS) week[d] = val('week.' + d).split(/[,\s]+/).filter(Boolean);
    const doc = { ...docOf(cal), name: val('name'), timezone: val('timezone'), week,
      holidays: val('holidays').split(/\s+/).filter(Boolean) };
    saveRecord(form, 'calendars', cal, doc, {
      onSaved: (saved) => navigate('/app/calendars/' + encodeURIComponent(saved.id), 'Calendar saved.'),
      onStale: () => showCalendarEdit(main, user, id, navigate, STALE),
    });
  });
  replace(main,
    h('p', {}, h('a', { href: '/app/calendars/' + encodeURIComponent(cal.id) }, '← ' + cal.name)),
    h('h1', {}, 'Edit ' + cal.name),
    h('p', { class: 'flash flash-warn', id: 'edit-note', role: 'status', tabindex: '-1' }, note || ''), form);
  document.title = 'Edit ' + cal.name + ' · Levera';
  if (note) main.querySelector('#edit-note').focus();
  return () => {};
}
