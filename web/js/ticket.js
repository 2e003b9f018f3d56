// ticket.js - the ticket page: details, SLA clocks, the timeline (public
// replies and internal notes look different), and the staff's moves: reply
// or note, status (only the moves the workflow allows), assignment.
import { api, ApiError, showError, clearErrors } from './api.js';
import { h, replace, field, when, label } from './dom.js';
import { setKeys } from './keys.js';
import { nameOf, directory, teamsOf } from './names.js';
import { badge, clockView } from './sla.js';
import { linksCard } from './links.js';

const REFRESH_MS = 60000;
// The workflow of src/domain/ticket.c (the API does not publish it); the API still decides.
const OPEN = ['assigned', 'in_progress', 'waiting_on_customer', 'waiting_on_supplier', 'resolved', 'closed'];
const MOVES = {
  new: OPEN, assigned: ['new', ...OPEN], in_progress: OPEN, waiting_on_customer: OPEN,
  waiting_on_supplier: OPEN, resolved: ['closed', 'assigned', 'in_progress'], closed: [],
};

function eventText(ev) {
  switch (ev.type) {
  case 'created': return 'Created with priority ' + ev.priority;
  case 'status': return 'Status changed to ' + label(ev.to);
  case 'priority': return 'Priority changed to ' + ev.to;
  case 'assign': return 'Assigned to ' + nameOf(ev.team) + (ev.agent ? ' / ' + nameOf(ev.agent) : '');
  case 'link': return 'Linked to ' + (ev.problem ? 'problem ' + ev.problem : 'change ' + ev.change);
  case 'sla_warning': return 'SLA warning: ' + ev.pct + '% of ' + ev.metric + ' (' + ev.agreement + ')';
  case 'sla_breach': return 'SLA breached: ' + ev.metric + ' (' + ev.agreement + ')';
  case 'reply': return ev.public ? 'Public reply' : 'Internal note';
  default: return label(ev.type);
  }
}

function timeline(events) {
  return h('ol', { class: 'timeline' }, events.map((ev) => {
    const kind = ev.type === 'reply' ? (ev.public ? 'reply-public' : 'reply-internal') : 'event-' + ev.type;
    const who = ev.user ? nameOf(ev.user) : ev.by;
    return h('li', { class: 'event ' + kind, dataset: { type: ev.type } },
      h('p', { class: 'event-head' }, h('strong', {}, eventText(ev)), who ? ' · ' + who : '', ' · ', when(ev.at)),
      ev.body ? h('p', { class: 'event-body' }, ev.body) : null);
  }));
}

function details(t) {
  const rows = [['Status', label(t.status)], ['Priority', t.priority], ['Type', label(t.type)],
    ['Customer', nameOf(t.customer)], ['Service', nameOf(t.service)], ['Team', nameOf(t.team)],
    ['Agent', nameOf(t.agent)], ['Requester', nameOf(t.requester)], ['Created', when(t.created_at)],
    ['Updated', when(t.updated_at)]];
  return h('dl', { class: 'details' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function formError() {
  return h('p', { class: 'form-error', role: 'alert', tabindex: '-1' });
}

function replyForm(t, user, post) {
  const body = h('textarea', { name: 'body', id: 'reply-body', rows: 4, required: true });
  const staff = user.role !== 'customer';
  const kind = staff ? h('fieldset', { class: 'inline' }, h('legend', {}, 'Visible to'),
    h('label', {}, h('input', { type: 'radio', name: 'public', value: 'true', id: 'reply-public', checked: true }), ' customer (public reply)'),
    h('label', {}, h('input', { type: 'radio', name: 'public', value: 'false', id: 'reply-internal' }), ' staff only (internal note)')) : null;
  const form = h('form', { class: 'card', id: 'reply-form' }, h('h2', {}, 'Reply'), formError(),
    field('Message', body), kind, h('button', { type: 'submit' }, 'Send'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const pub = !staff || form.querySelector('input[name=public]:checked').value === 'true';
    post(form, { type: 'reply', public: pub, body: body.value });
  });
  return form;
}

function statusForm(t, post) {
  const moves = MOVES[t.status] || [];
  const select = h('select', { name: 'to', id: 'status-to', disabled: moves.length === 0 },
    moves.filter((s) => s !== t.status).map((s) => h('option', { value: s }, label(s))));
  const form = h('form', { class: 'card', id: 'status-form' }, h('h2', {}, 'Status'), formError(),
    field('Move to', select, moves.length ? null : 'A closed ticket is final.'),
    h('button', { type: 'submit', disabled: moves.length === 0 }, 'Change status'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    post(form, { type: 'status', to: select.value });
  });
  return form;
}

function assignForm(t, user, post) {
  const team = h('select', { name: 'team', id: 'assign-team' }, h('option', { value: '' }, '— none —'),
    directory.teams.map((o) => h('option', { value: o.id, selected: o.id === t.team }, o.name)));
  const agent = h('select', { name: 'agent', id: 'assign-agent' }, h('option', { value: '' }, '— nobody —'),
    directory.agents.map((u) => h('option', { value: u.id, selected: u.id === t.agent }, u.name || u.email)));
  const toMe = h('button', { type: 'button', class: 'secondary' }, 'Assign to me');
  const form = h('form', { class: 'card', id: 'assign-form' }, h('h2', {}, 'Assignment'), formError(),
    field('Team', team), field('Agent', agent), h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Assign'), toMe));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    post(form, { type: 'assign', team: team.value || null, agent: agent.value || null });
  });
  toMe.addEventListener('click', () => post(form, { type: 'assign', team: t.team || teamsOf(user)[0] || null, agent: user.id }));
  return form;
}

export async function showTicket(main, user, id, navigate) {
  let ticket;
  const flash = h('p', { class: 'flash', role: 'status' });
  const render = (t, note) => {
    ticket = t;
    document.title = (t.ref ? t.ref + ' ' : '') + t.subject + ' · Levera';
    const staff = user.role !== 'customer';
    replace(main,
      h('p', {}, h('a', { href: '/app/queue/' + (staff ? 'mine' : 'open'), id: 'back' }, '← Back to the queue')),
      h('div', { class: 'title' }, h('h1', { id: 'ticket-subject' }, t.subject),
        h('span', { class: 'ref' }, t.ref || ''), badge(t.sla_state, t.next_due_at)),
      flash,
      h('div', { class: 'ticket' },
        h('div', { class: 'col-main' },
          t.description ? h('section', { class: 'card' }, h('h2', {}, 'Description'), h('p', { class: 'event-body' }, t.description)) : null,
          h('section', { class: 'card', 'aria-labelledby': 'tl-h' }, h('h2', { id: 'tl-h' }, 'Timeline'), timeline(t.events)),
          replyForm(t, user, post)),
        h('aside', { class: 'col-side', 'aria-label': 'Ticket details and actions' },
          h('section', { class: 'card' }, h('h2', {}, 'Details'), details(t)),
          h('section', { class: 'card', id: 'clocks', 'aria-labelledby': 'clk-h' }, h('h2', { id: 'clk-h' }, 'SLA clocks'),
            t.sla.length ? t.sla.map((c) => clockView(c, t.status)) : h('p', { class: 'muted' }, 'No agreement covers this ticket.')),
          staff ? statusForm(t, post) : null,
          staff ? assignForm(t, user, post) : null,
          staff ? linksCard(t, post) : null)));
    flash.textContent = note || '';
  };
  // Sends one event with the version shown; a stale version reloads and says so.
  const post = async (form, event) => {
    clearErrors(form);
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    try {
      const t = await api('POST', '/tickets/' + encodeURIComponent(id) + '/events', { body: event, version: ticket.version });
      render(t, event.type === 'reply' ? (event.public ? 'Reply sent.' : 'Note added.') : event.type === 'link' ? 'Linked.' : 'Saved.');
    } catch (err) {
      for (const b of form.querySelectorAll('button')) b.disabled = false;
      if (err instanceof ApiError && err.status === 412) {
        render(await api('GET', '/tickets/' + encodeURIComponent(id)), 'Someone else changed this ticket; it has been reloaded. Try again.');
        return;
      }
      showError(form, err);
    }
  };
  try {
    render(await api('GET', '/tickets/' + encodeURIComponent(id)));
  } catch (err) {
    replace(main, h('h1', {}, 'Ticket not found'),
      h('p', { class: 'form-error', role: 'alert' }, err.message),
      h('p', {}, h('a', { href: '/app/queue/' + (user.role === 'customer' ? 'open' : 'mine') }, 'Back to the queue')));
    setKeys({});
    return () => {};
  }
  const focus = (sel) => () => { const el = main.querySelector(sel); if (el) el.focus(); };
  setKeys({
    r: () => { const p = main.querySelector('#reply-public'); if (p) p.checked = true; focus('#reply-body')(); },
    n: () => { const p = main.querySelector('#reply-internal'); if (p) { p.checked = true; focus('#reply-body')(); } },
    s: focus('#status-to'),
    a: focus('#assign-team'),
    u: () => navigate(main.querySelector('#back').getAttribute('href')),
  });
  const timer = setInterval(async () => {
    if (main.contains(document.activeElement) && document.activeElement.matches('textarea, select, input')) return;
    try { render(await api('GET', '/tickets/' + encodeURIComponent(id))); } catch (e) { /* the next round retries */ }
  }, REFRESH_MS);
  return () => clearInterval(timer);
}
