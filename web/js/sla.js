// sla.js - SLA badges and clocks. The server computes the clocks; between
// fetches the countdowns run here, once a second, from next_due_at / due_at
// (wall-clock deadlines), so they tick without a reload.
import { h, when } from './dom.js';

// "2d 4h", "3h 12m", "4m 05s".
export function duration(s) {
  const neg = s < 0;
  s = Math.abs(Math.round(s));
  const d = Math.floor(s / 86400), hr = Math.floor(s % 86400 / 3600);
  const m = Math.floor(s % 3600 / 60), sec = s % 60;
  let out;
  if (d > 0) out = d + 'd ' + hr + 'h';
  else if (hr > 0) out = hr + 'h ' + m + 'm';
  else out = m + 'm ' + String(sec).padStart(2, '0') + 's';
  return neg ? '-' + out : out;
}

// "2d 04:13:05", "00:12:09": a countdown that visibly moves every second.
export function countdown(s) {
  s = Math.max(0, Math.floor(Math.abs(s)));
  const d = Math.floor(s / 86400);
  const hms = [Math.floor(s % 86400 / 3600), Math.floor(s % 3600 / 60), s % 60]
    .map((n) => String(n).padStart(2, '0')).join(':');
  return (d > 0 ? d + 'd ' : '') + hms;
}

// The badge's state and text now, from the ticket's sla_state and next_due_at.
export function badgeState(slaState, dueAt, now = Date.now()) {
  if (slaState === 'paused') return { kind: 'paused', text: 'paused' };
  if (slaState === 'done' || slaState === 'none' || !dueAt) {
    return slaState === 'breached' ? { kind: 'breached', text: 'breached' } : { kind: 'none', text: 'no clock' };
  }
  const left = (Date.parse(dueAt) - now) / 1000;
  if (slaState === 'breached' || left < 0) {
    return { kind: 'breached', text: left < 0 ? 'breached · ' + countdown(-left) + ' over' : 'breached · next due ' + countdown(left) };
  }
  if (slaState === 'at_risk') return { kind: 'warning', text: 'warning · ' + countdown(left) };
  return { kind: 'ok', text: 'on track · ' + countdown(left) };
}

const KIND_LABEL = { ok: 'On track', warning: 'Warning', breached: 'Breached', paused: 'Paused', none: 'No clock' };

function paintBadge(el) {
  const s = badgeState(el.dataset.state, el.dataset.due);
  el.className = 'badge sla-live badge-' + s.kind;
  el.textContent = s.text;
  el.title = KIND_LABEL[s.kind] + (el.dataset.due ? ', deadline ' + el.dataset.due : '');
}

// A live badge: repainted every second by the ticker.
export function badge(slaState, dueAt) {
  const el = h('span', { class: 'badge sla-live', dataset: { state: slaState || 'none', due: dueAt || '' } });
  paintBadge(el);
  return el;
}

function paintCountdown(el) {
  const left = (Date.parse(el.dataset.due) - Date.now()) / 1000;
  el.textContent = left >= 0 ? 'in ' + countdown(left) : countdown(-left) + ' ago';
}

let ticker = null;

// One interval for the whole page: repaints every live badge and countdown.
export function startTicker() {
  if (ticker) return;
  ticker = setInterval(() => {
    for (const el of document.querySelectorAll('.sla-live')) paintBadge(el);
    for (const el of document.querySelectorAll('.countdown')) paintCountdown(el);
  }, 1000);
}

const STATE_TEXT = { pending: 'not started', running: 'running', paused: 'paused', met: 'met', breached: 'breached' };

// The clock's running and paused spans on a wall-clock strip: running solid,
// paused striped (a pattern, not only a colour), with a legend.
function spansView(c) {
  const spans = c.spans || [];
  if (!spans.length) return null;
  const end = (sp) => Date.parse(sp.to || c.stopped_at || '') || Date.now();
  const from = Date.parse(spans[0].from);
  const total = Math.max(1, end(spans[spans.length - 1]) - from);
  const paused = spans.filter((sp) => sp.kind === 'paused').length;
  const strip = h('div', { class: 'spans', role: 'img',
    'aria-label': 'Timeline: ' + (spans.length - paused) + ' running and ' + paused + ' paused spans' }, spans.map((sp) => {
    const seg = h('span', { class: 'span span-' + sp.kind, title: sp.kind + ' from ' + sp.from + ' to ' + (sp.to || 'now') });
    seg.style.left = ((Date.parse(sp.from) - from) / total * 100).toFixed(2) + '%';
    seg.style.width = Math.max(0.5, (end(sp) - Date.parse(sp.from)) / total * 100).toFixed(2) + '%';
    return seg;
  }));
  const key = (kind, text) => h('li', {}, h('span', { class: 'swatch span-' + kind }), ' ' + text);
  return [strip, h('ul', { class: 'legend', 'aria-hidden': 'true' }, key('running', 'running'), key('paused', 'paused'),
    c.spans_truncated ? h('li', {}, c.spans_truncated + ' earlier spans not drawn') : null)];
}

// One clock: its figures and a bar of elapsed against target, with the warning marks.
export function clockView(c, ticketStatus) {
  const stopped = c.state === 'met' || ticketStatus === 'resolved' || ticketStatus === 'closed';
  const pct = c.target_s > 0 ? c.elapsed_business_s / c.target_s * 100 : 0;
  const fill = h('div', { class: 'bar-fill ' + (pct > 100 ? 'over' : pct >= 75 ? 'warn' : 'ok') });
  fill.style.width = Math.min(100, pct).toFixed(1) + '%';
  const bar = h('div', { class: 'bar', role: 'img', 'aria-label': Math.round(pct) + '% of the target used' }, fill,
    c.warnings.map((w) => {
      const mark = h('span', { class: 'bar-mark', title: w.pct + '% warning' });
      mark.style.left = w.pct + '%';
      return mark;
    }));
  const due = c.due_at && !stopped && c.state !== 'paused'
    ? h('span', {}, when(c.due_at), ' (', h('span', { class: 'countdown', dataset: { due: c.due_at } }), ')')
    : when(c.due_at);
  const state = stopped ? STATE_TEXT[c.state] + ' · stopped' : STATE_TEXT[c.state];
  const el = h('section', { class: 'clock clock-' + c.state, dataset: { metric: c.metric, state: c.state } },
    h('h3', {}, c.metric, ' · ', c.agreement, ' ', h('span', { class: 'muted' }, '(' + c.agreement_type.toUpperCase() + ')'),
      ' ', h('span', { class: 'clock-state' }, state)),
    bar,
    spansView(c),
    h('dl', { class: 'figures' },
      h('dt', {}, 'Target'), h('dd', {}, duration(c.target_s)),
      h('dt', {}, 'Elapsed'), h('dd', {}, duration(c.elapsed_business_s)),
      h('dt', {}, 'Remaining'), h('dd', {}, duration(c.remaining_s)),
      h('dt', {}, 'Deadline'), h('dd', {}, due),
      c.paused_wall_s > 0 ? [h('dt', {}, 'Paused'), h('dd', {}, duration(c.paused_wall_s) + ' (wall)')] : null));
  for (const cd of el.querySelectorAll('.countdown')) paintCountdown(cd);
  return el;
}
