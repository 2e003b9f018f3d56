// plain.js - the customer portal's words: business durations, promises per
// priority, calendars, statuses and SLA states said plainly, and instants in
// the customer organisation's time zone. No requests here; pages pass records in.
import { h } from './dom.js';

const plural = (n, one) => n + ' ' + one + (n === 1 ? '' : 's');

// Business seconds as "30 minutes", "4 hours", "1 hour 30 minutes".
export function within(s) {
  s = Math.round(Number(s) || 0);
  const hr = Math.floor(s / 3600), m = Math.round(s % 3600 / 60);
  if (!hr) return plural(m, 'minute');
  return m ? plural(hr, 'hour') + ' ' + plural(m, 'minute') : plural(hr, 'hour');
}

export const PRIORITY_WORDS = { P1: 'critical', P2: 'high', P3: 'medium', P4: 'low' };

export const STATUS_WORDS = {
  new: 'Received', assigned: 'Received', in_progress: 'In progress', waiting_on_customer: 'Waiting for your answer',
  waiting_on_supplier: 'Waiting for a supplier', resolved: 'Solved', closed: 'Closed',
};

export function statusText(s) { return STATUS_WORDS[s] || String(s).replace(/_/g, ' '); }

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

// "Copenhagen time" for Europe/Copenhagen.
export function zoneName(tz) {
  return tz ? tz.split('/').pop().replace(/_/g, ' ') + ' time' : 'your local time';
}

// A calendar as "Monday–Friday 08:00–16:00 Copenhagen time, except holidays"; null without one.
export function hoursText(cal) {
  if (!cal || !cal.week) return null;
  const runs = [];
  DAYS.forEach((d, i) => {
    const text = (cal.week[d] || []).join(', ').replace(/-/g, '–');
    const last = runs[runs.length - 1];
    if (last && last.text === text && last.to === i - 1) last.to = i;
    else runs.push({ text, from: i, to: i });
  });
  const open = runs.filter((r) => r.text).map((r) => (r.from === r.to ? DAY_NAMES[r.from]
    : DAY_NAMES[r.from] + '–' + DAY_NAMES[r.to]) + ' ' + r.text);
  if (!open.length) return null;
  return open.join('; ') + ' ' + zoneName(cal.timezone) + ((cal.holidays || []).length ? ', except holidays' : '');
}

export const AS_AGREED = 'business hours as agreed';

// "P1 (critical) requests and incidents: we respond within 15 minutes and resolve within 4 hours of business time, HOURS".
export function promiseText(agreement, priority, hoursOf) {
  const ts = (agreement.targets || []).filter((t) => t.priority === priority);
  const resp = ts.find((t) => t.metric === 'response');
  const res = ts.find((t) => t.metric === 'resolution');
  if (!resp && !res) return null;
  const parts = [resp ? 'we respond within ' + within(resp.duration) : null,
    res ? (resp ? 'resolve' : 'we resolve') + ' within ' + within(res.duration) : null].filter(Boolean);
  const cal = (resp || res).calendar || agreement.calendar;
  return parts.join(' and ') + ' of business time, ' + (hoursOf(cal) || AS_AGREED);
}

// The ticket list's SLA state, for a customer: [text, kind for the badge colour].
export function slaWords(state, dueAt, tz) {
  switch (state) {
  case 'ok': return ['On time' + (dueAt ? ', next step by ' + zoned(dueAt, tz) : ''), 'ok'];
  case 'at_risk': return ['Due soon' + (dueAt ? ', by ' + zoned(dueAt, tz) : ''), 'warning'];
  case 'breached': return ['Later than promised', 'breached'];
  case 'paused': return ['On hold while we wait', 'paused'];
  case 'done': return ['Promises complete', 'none'];
  default: return ['No agreed times', 'none'];
  }
}

// An instant as text in the organisation's time zone ("Mon 24 Nov, 09:49").
export function zoned(iso, tz) {
  if (!iso) return '—';
  const opts = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  if (new Date(iso).getFullYear() !== new Date().getFullYear()) opts.year = 'numeric';
  try {
    return new Intl.DateTimeFormat(undefined, { ...opts, timeZone: tz || undefined }).format(new Date(iso));
  } catch (e) {
    return new Intl.DateTimeFormat(undefined, opts).format(new Date(iso));
  }
}

// The same as a <time> element.
export function zonedTime(iso, tz) {
  return iso ? h('time', { datetime: iso, title: iso }, zoned(iso, tz)) : '—';
}
