// calendars.js - business calendars: a list, and one calendar's page with
// its week drawn as seven columns of business-hour blocks (in the calendar's
// own time zone), its holidays, and iCalendar holiday import for the roles
// that may change calendars (POST /calendars/{id}/holidays, text/calendar).
import { api, listAll, showError, clearErrors, ApiError } from './api.js';
import { h, replace, field } from './dom.js';
import { formError } from './form.js';
import { setKeys } from './keys.js';
import { remember } from './names.js';
import { may } from './roles.js';
import { notFound } from './catalog.js';

export const DAYS = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'],
  ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']];

const minutes = (hhmm) => { const [a, b] = hhmm.split(':').map(Number); return a * 60 + b; };

function spans(intervals) {
  return (intervals || []).map((iv) => { const [from, to] = iv.split('-'); return { from, to, start: minutes(from), end: minutes(to) }; });
}

export function hoursPerWeek(cal) {
  const m = DAYS.reduce((sum, [d]) => sum + spans(cal.week[d]).reduce((s, x) => s + x.end - x.start, 0), 0);
  return Math.round(m / 6) / 10;
}

// Seven columns, one block per business interval, placed on a 24-hour track.
export function weekView(cal) {
  return h('div', { class: 'week', id: 'week', role: 'group', 'aria-labelledby': 'week-h' },
    h('div', { class: 'week-axis', 'aria-hidden': 'true' }, ['00:00', '06:00', '12:00', '18:00', '24:00'].map((t) => h('span', {}, t))),
    DAYS.map(([d, name]) => {
      const ivs = spans(cal.week[d]);
      return h('section', { class: 'day', dataset: { day: d }, 'aria-label': name },
        h('h3', {}, h('abbr', { title: name }, name.slice(0, 3))),
        h('ul', { class: 'track' }, ivs.length ? ivs.map((x) => {
          const li = h('li', { class: 'block', title: name + ' ' + x.from + '–' + x.to },
            h('span', { class: 'visually-hidden' }, name + ' '), h('span', { class: 't' }, x.from),
            h('span', { class: 'dash' }, '–'), h('span', { class: 't' }, x.to));
          li.style.top = (x.start / 14.4).toFixed(3) + '%';
          li.style.height = ((x.end - x.start) / 14.4).toFixed(3) + '%';
          return li;
        }) : h('li', { class: 'closed' }, 'closed')));
    }));
}

const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

function holidaysList(cal) {
  const byYear = new Map();
  for (const d of [...(cal.holidays || [])].sort()) {
    const y = d.slice(0, 4);
    if (!byYear.has(y)) byYear.set(y, []);
    byYear.get(y).push(d);
  }
  if (!byYear.size) return h('p', { class: 'muted' }, 'No holidays.');
  const thisYear = String(new Date().getFullYear());
  return h('div', { id: 'holidays' }, [...byYear].map(([y, days]) => h('details', { open: y === thisYear || null },
    h('summary', {}, y + ' · ' + days.length + ' holidays'),
    h('ul', { class: 'holidays' }, days.map((d) => h('li', { dataset: { date: d } },
      h('time', { datetime: d }, dayFmt.format(new Date(d + 'T00:00:00Z')))))))));
}

function importForm(cal, done) {
  const file = h('input', { type: 'file', name: 'file', id: 'ics-file', accept: '.ics,text/calendar', required: true });
  const from = h('input', { type: 'number', name: 'from', id: 'ics-from', min: 1970, max: 9999, inputmode: 'numeric' });
  const to = h('input', { type: 'number', name: 'to', id: 'ics-to', min: 1970, max: 9999, inputmode: 'numeric' });
  const form = h('form', { class: 'card', id: 'ics-form', novalidate: true }, h('h2', {}, 'Import holidays'), formError(),
    h('p', { class: 'hint' }, 'An iCalendar (.ics) file: its all-day events become holidays, merged with those above.'),
    field('iCalendar file', file),
    h('div', { class: 'pair' }, field('From year', from, 'Default: this year.'), field('To year', to, 'Default: four years later.')),
    h('button', { type: 'submit' }, 'Import'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    if (!file.files.length) {
      showError(form, new ApiError(0, 'invalid', 'choose an .ics file first', 'file'));
      return;
    }
    try {
      const text = await file.files[0].text();
      const saved = await api('POST', '/calendars/' + encodeURIComponent(cal.id) + '/holidays',
        { raw: text, type: 'text/calendar', query: { from: from.value, to: to.value } });
      const added = saved.holidays.filter((d) => !(cal.holidays || []).includes(d)).length;
      done(added + (added === 1 ? ' holiday' : ' holidays') + ' added from ' + file.files[0].name + '.');
    } catch (err) {
      showError(form, err);
    }
  });
  return form;
}

export async function showCalendars(main) {
  document.title = 'Calendars · Levera';
  setKeys({});
  const cals = await listAll('/calendars');
  remember(cals);
  replace(main, h('h1', {}, 'Calendars'),
    h('p', { class: 'muted' }, 'Business hours and holidays: SLA clocks count only the time inside them.'),
    h('table', { class: 'queue records', id: 'calendars' },
      h('caption', { class: 'visually-hidden' }, 'Calendars'),
      h('thead', {}, h('tr', {}, ['Calendar', 'Time zone', 'Hours a week', 'Holidays'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, cals.map((c) => h('tr', {},
        h('td', { 'data-label': 'Calendar' }, h('a', { href: '/app/calendars/' + encodeURIComponent(c.id), class: 'subject' }, c.name)),
        h('td', { 'data-label': 'Time zone' }, c.timezone),
        h('td', { 'data-label': 'Hours a week' }, String(hoursPerWeek(c))),
        h('td', { 'data-label': 'Holidays' }, String((c.holidays || []).length)))))));
  return () => {};
}

export async function showCalendar(main, user, id, note) {
  setKeys({});
  let cal;
  try {
    cal = await api('GET', '/calendars/' + encodeURIComponent(id));
  } catch (err) {
    notFound(main, 'Calendar not found', err, { href: '/app/calendars', text: 'Back to the calendars' });
    return () => {};
  }
  document.title = cal.name + ' · Levera';
  const editable = may(user, 'calendar', 'update');
  replace(main,
    h('p', {}, h('a', { href: '/app/calendars' }, '← Calendars')),
    h('div', { class: 'title' }, h('h1', { id: 'calendar-name' }, cal.name),
      editable ? h('a', { href: '/app/calendars/' + encodeURIComponent(cal.id) + '/edit', class: 'button', id: 'edit-calendar' }, 'Edit') : null),
    h('p', { class: 'flash', role: 'status', id: 'calendar-note' }, note || ''),
    h('section', { class: 'card', 'aria-labelledby': 'week-h' },
      h('h2', { id: 'week-h' }, 'Business hours'),
      h('p', { class: 'muted', id: 'week-tz' }, 'Times in ' + cal.timezone + ' (the calendar\'s time zone) · ' + hoursPerWeek(cal) + ' hours a week'),
      weekView(cal)),
    h('section', { class: 'card', 'aria-labelledby': 'hol-h' }, h('h2', { id: 'hol-h' }, 'Holidays'), holidaysList(cal)),
    editable ? importForm(cal, (msg) => showCalendar(main, user, id, msg)) : null);
  return () => {};
}
