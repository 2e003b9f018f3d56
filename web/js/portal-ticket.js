// portal-ticket.js - the ticket page for customers: the public timeline, a
// reply, "This did not fix it" (reopen) and the rating once resolved, and each
// promise with its deadline in the organisation's time zone. Internal notes
// and work never reach a customer (the API filters them; this page skips them too).
import { api, ApiError, showError, clearErrors } from './api.js';
import { h, replace, field } from './dom.js';
import { setKeys } from './keys.js';
import { directory, nameOf } from './names.js';
import { PRIORITY_WORDS, statusText, within, zoneName, zonedTime } from './plain.js';
import { ratingCard, stars } from './rating.js';

const REFRESH_MS = 60000;
const VERB = { response: ['respond', 'responded'], resolution: ['resolve', 'resolved'] };

function who(ev, user) {
  if (ev.by !== 'customer') return 'Service desk';
  return ev.user === user.id ? 'You' : 'Your colleague';
}

function eventText(ev, user) {
  const w = who(ev, user);
  switch (ev.type) {
  case 'created': return w === 'Service desk' ? 'The service desk raised this ticket' : w + ' raised this ticket';
  case 'reply': return w === 'Service desk' ? 'The service desk replied' : w + ' wrote';
  case 'status': return ev.by === 'customer' && ev.to === 'in_progress' ? w + ' reopened it' : 'Status: ' + statusText(ev.to);
  case 'priority': return 'Priority changed to ' + ev.to;
  case 'assign': return 'Taken on by the service desk';
  case 'rating': return [w + ' rated it ', stars(ev.score), ' ' + ev.score + ' of 5'];
  default: return null; // SLA marks, links and anything staff-only are not for the portal
  }
}

function timeline(events, user, tz) {
  const shown = events.filter((ev) => ev.type !== 'work' && !(ev.type === 'reply' && !ev.public))
    .map((ev) => [ev, eventText(ev, user)]).filter(([, text]) => text);
  return h('ol', { class: 'timeline', id: 'public-timeline' }, shown.map(([ev, text]) =>
    h('li', { class: 'event ' + (ev.type === 'reply' ? 'reply-public' : 'event-' + ev.type), dataset: { type: ev.type } },
      h('p', { class: 'event-head' }, h('strong', {}, text), ' · ', zonedTime(ev.at, tz)),
      ev.body || ev.comment ? h('p', { class: 'event-body' }, ev.body || ev.comment) : null)));
}

// One clock in the customer's terms: the promise, and where it stands.
function promise(c, tz) {
  const [verb, done] = VERB[c.metric] || [c.metric.replace(/_/g, ' '), 'done'];
  let state;
  if (c.state === 'met') state = ['Kept: we ' + done + ' ', zonedTime(c.stopped_at, tz), '.'];
  else if (c.state === 'breached') state = ['Later than promised: it was due by ', zonedTime(c.due_at, tz), '. We are sorry.'];
  else if (c.state === 'paused') state = ['On hold while we wait; ' + within(c.remaining_s) + ' of business time remain when it resumes.'];
  else if (c.state === 'pending') state = ['Not started yet.'];
  else state = ['Due by ', h('strong', {}, zonedTime(c.due_at, tz)), '.'];
  return h('li', { class: 'promise promise-' + c.state, dataset: { metric: c.metric, state: c.state } },
    h('strong', {}, 'We promise to ' + verb + ' within ' + within(c.target_s) + ' of business time.'), ' ', state);
}

function replyForm(post) {
  const body = h('textarea', { name: 'body', id: 'reply-body', rows: 4, required: true });
  const form = h('form', { class: 'card', id: 'reply-form' }, h('h2', {}, 'Reply'),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    field('Your message to the service desk', body), h('button', { type: 'submit' }, 'Send'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    post(form, { type: 'reply', public: true, body: body.value });
  });
  return form;
}

function reopenCard(post) {
  const form = h('form', { class: 'card', id: 'reopen-form' }, h('h2', {}, 'We think this is solved'),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }),
    h('p', {}, 'If the problem is still there, reopen the ticket and tell us in a reply what you still see.'),
    h('button', { type: 'submit', id: 'reopen' }, 'This did not fix it'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    post(form, { type: 'status', to: 'in_progress' });
  });
  return form;
}

export function notFoundPage(main, err) {
  const missing = err instanceof ApiError && err.status === 404;
  document.title = (missing ? 'Ticket not found' : 'Ticket not available') + ' · Levera';
  replace(main, h('h1', { id: 'not-found' }, missing ? 'Ticket not found' : 'This ticket could not be loaded'),
    h('p', { role: 'alert' }, missing
      ? 'There is no ticket at this address that you can see. The link may be wrong, or the ticket belongs to another organisation.'
      : err.message),
    h('p', {}, h('a', { href: '/app/portal/tickets' }, 'Go to my organisation’s tickets')));
}

const NOTES = { reply: 'Reply sent.', rating: 'Thank you for your rating.', status: 'Reopened. Tell us in a reply what you still see.' };

export async function showCustomerTicket(main, user, id, navigate, message) {
  setKeys({});
  const tz = directory.org && directory.org.timezone;
  const path = '/tickets/' + encodeURIComponent(id);
  let ticket;
  const flash = h('p', { class: 'flash', role: 'status', tabindex: '-1' });
  const render = (t, note) => {
    ticket = t;
    document.title = (t.ref ? t.ref + ' ' : '') + t.subject + ' · Levera';
    const done = t.status === 'resolved' || t.status === 'closed';
    const clocks = (t.sla || []).filter((c) => c.agreement_type === 'sla');
    const facts = [['Status', statusText(t.status)], ['Service', nameOf(t.service)],
      ['Type', t.type === 'incident' ? 'Something is broken (incident)' : t.type.replace(/_/g, ' ')],
      ['Priority', t.priority + ' (' + (PRIORITY_WORDS[t.priority] || '') + ')'],
      ['Raised', zonedTime(t.created_at, tz)], ['Last update', zonedTime(t.updated_at, tz)]];
    replace(main,
      h('p', {}, h('a', { href: '/app/portal/tickets', id: 'back' }, '← My organisation’s tickets')),
      h('div', { class: 'title' }, h('h1', { id: 'ticket-subject' }, t.subject), h('span', { class: 'ref' }, t.ref || ''),
        h('span', { class: 'status status-' + t.status, id: 'ticket-status' }, statusText(t.status))),
      flash,
      h('div', { class: 'ticket' },
        h('div', { class: 'col-main' },
          t.status === 'resolved' ? reopenCard(post) : null,
          done ? ratingCard(t, user, post) : null,
          t.description ? h('section', { class: 'card' }, h('h2', {}, 'Description'), h('p', { class: 'event-body' }, t.description)) : null,
          h('section', { class: 'card', 'aria-labelledby': 'tl-h' }, h('h2', { id: 'tl-h' }, 'What has happened'), timeline(t.events, user, tz)),
          t.status === 'closed' ? h('p', { class: 'card' }, 'This ticket is closed. ', h('a', { href: '/app/portal/new/' + encodeURIComponent(t.service) }, 'Raise a new request'), ' if you need more help.')
            : replyForm(post)),
        h('aside', { class: 'col-side', 'aria-label': 'Ticket details and promises' },
          h('section', { class: 'card' }, h('h2', {}, 'Details'),
            h('dl', { class: 'details' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
          h('section', { class: 'card', id: 'promises', 'aria-labelledby': 'pm-h' }, h('h2', { id: 'pm-h' }, 'Our promises'),
            clocks.length ? h('ul', { class: 'promise-list' }, clocks.map((c) => promise(c, tz)))
              : h('p', { class: 'muted' }, 'No agreement sets times for this ticket; we answer as soon as we can.'),
            h('p', { class: 'muted small' }, 'Times in ' + zoneName(tz) + '. Business time counts only the agreed hours of service.')))));
    flash.textContent = note || '';
  };
  const post = async (form, event) => {
    clearErrors(form);
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    try {
      render(await api('POST', path + '/events', { body: event, version: ticket.version }), NOTES[event.type]);
      flash.focus();
    } catch (err) {
      for (const b of form.querySelectorAll('button')) b.disabled = false;
      if (err instanceof ApiError && err.status === 412) {
        // A reply or a rating does not conflict with what changed meanwhile: send it again on the new version.
        const fresh = await api('GET', path);
        if (event.type !== 'status' && fresh.version !== ticket.version) {
          ticket = fresh;
          await post(form, event);
          return;
        }
        render(fresh, 'This ticket changed meanwhile; it has been reloaded. Check it and try again.');
        return;
      }
      showError(form, err);
    }
  };
  try {
    render(await api('GET', path), message);
  } catch (err) {
    notFoundPage(main, err);
    return () => {};
  }
  const timer = setInterval(async () => {
    if (main.contains(document.activeElement) && document.activeElement.matches('textarea, input, select')) return;
    if (main.querySelector('#rating-form:not([hidden])') && ticket && main.querySelector('#rating-shown')) return;
    try { render(await api('GET', path)); } catch (e) { /* the next round retries */ }
  }, REFRESH_MS);
  return () => clearInterval(timer);
}
