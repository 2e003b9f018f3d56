// new-ticket.js - raising a ticket (staff): customer, service, type, impact
// and urgency. Before saving it shows the priority the matrix gives and, for
// each applicable agreement, the targets for that priority as business
// durations, then the exact deadlines the server's preview
// (POST /tickets/preview) gives were it created now. Then it creates the
// ticket and opens it.
import { api, listAll, showError, clearErrors } from './api.js';
import { h, replace, field, label, when } from './dom.js';
import { businessDuration, today } from './format.js';
import { input, textarea, select, formError } from './form.js';
import { setKeys } from './keys.js';
import { directory, nameOf, remember } from './names.js';
import { LEVELS, priorityOf, applicable, loadMatrix } from './priority.js';

const TYPES = ['incident', 'service_request', 'problem', 'change'];

function estimates(agreements, customer, service, priority) {
  if (!customer || !service) return h('p', { class: 'muted' }, 'Choose a customer and a service to see the targets.');
  const ags = applicable(agreements, customer, service, today());
  if (!ags.length) return h('p', { class: 'muted' }, 'No agreement in force covers this customer and service: no SLA clock will run.');
  return h('ul', { class: 'estimates' }, ags.flatMap((a) => (a.targets || []).filter((t) => t.priority === priority)
    .sort((x, y) => (x.metric === 'response' ? 0 : 1) - (y.metric === 'response' ? 0 : 1))
    .map((t) => h('li', { dataset: { agreement: a.name, metric: t.metric } },
      h('strong', {}, label(t.metric)), ': due within ', h('span', { class: 'due-within' }, businessDuration(t.duration)),
      h('span', { class: 'deadline' }),
      h('span', { class: 'muted' }, ' · ' + a.type.toUpperCase() + ' ' + a.name + ', calendar ' + nameOf(t.calendar || a.calendar))))));
}

// Fills each estimate's exact deadline from the server's preview of the ticket as it would be created now.
async function deadlines(list, body) {
  let preview;
  try {
    preview = await api('POST', '/tickets/preview', { body });
  } catch (err) {
    return; // the form shows what is wrong when it is saved
  }
  for (const c of preview.sla) {
    const li = [...list.querySelectorAll('li')].find((el) => el.dataset.agreement === c.agreement && el.dataset.metric === c.metric);
    const slot = li && li.querySelector('.deadline');
    if (slot && c.due_at) replace(slot, ', by ', when(c.due_at), ' if created now');
  }
}

export async function showNewTicket(main, user, navigate) {
  setKeys({});
  document.title = 'New ticket · Levera';
  const [agreements, calendars] = await Promise.all([listAll('/agreements'), listAll('/calendars'), loadMatrix()]);
  remember(agreements);
  remember(calendars);
  const customers = directory.orgs.filter((o) => o.type === 'customer').sort((a, b) => a.name.localeCompare(b.name));
  const services = directory.services.filter((s) => s.lifecycle !== 'retired').sort((a, b) => a.name.localeCompare(b.name));
  const customer = select('customer', [['', '— choose —'], ...customers.map((o) => [o.id, o.name])], '', { required: true });
  const service = select('service', [['', '— choose —'], ...services.map((s) => [s.id, s.name])], '', { required: true });
  const impact = select('impact', LEVELS, 'medium');
  const urgency = select('urgency', LEVELS, 'medium');
  const prio = h('output', { id: 'priority-preview', for: 'f-impact f-urgency', class: 'prio' });
  const est = h('div', { id: 'estimates' });
  const preview = h('section', { class: 'card preview', 'aria-labelledby': 'pv-h', 'aria-live': 'polite' },
    h('h2', { id: 'pv-h' }, 'Before you save'),
    h('p', {}, 'Priority: ', prio, h('span', { class: 'muted' }, ' (impact × urgency)')),
    h('h3', {}, 'Estimated targets'),
    h('p', { class: 'hint' }, 'Business time the agreement allows at this priority, counted on its calendar from when the ticket is created, and the deadline that gives if it is created now.'),
    est);
  const update = () => {
    const p = priorityOf(impact.value, urgency.value);
    prio.textContent = p;
    prio.className = 'prio prio-' + p;
    replace(est, estimates(agreements, customer.value, service.value, p));
    if (customer.value && service.value) {
      deadlines(est, { type: 'incident', customer: customer.value, service: service.value, subject: 'preview',
        impact: impact.value, urgency: urgency.value });
    }
  };
  for (const el of [customer, service, impact, urgency]) el.addEventListener('change', update);
  const subject = input('subject', '', { required: true, maxlength: 200 });
  const form = h('form', { class: 'card', id: 'ticket-form', novalidate: true }, formError(),
    field('Customer', customer), field('Service', service),
    field('Type', select('type', TYPES.map((t) => [t, label(t)]), 'incident')),
    h('div', { class: 'pair' }, field('Impact', impact, 'How many are affected, how badly.'),
      field('Urgency', urgency, 'How soon it hurts.')),
    field('Subject', subject), field('Description', textarea('description', '', { rows: 5 })),
    h('button', { type: 'submit' }, 'Create ticket'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const btn = form.querySelector('button[type=submit]');
    btn.disabled = true;
    const v = (n) => form.elements[n].value.trim();
    try {
      const t = await api('POST', '/tickets', { body: { type: v('type'), customer: v('customer'), service: v('service'),
        subject: v('subject'), description: v('description') || undefined, impact: v('impact'), urgency: v('urgency') } });
      navigate('/app/tickets/' + encodeURIComponent(t.id));
    } catch (err) {
      btn.disabled = false;
      showError(form, err);
    }
  });
  replace(main, h('h1', {}, 'New ticket'), h('div', { class: 'ticket' }, h('div', { class: 'col-main' }, form),
    h('aside', { class: 'col-side', 'aria-label': 'Priority and targets' }, preview)));
  update();
  customer.focus();
  return () => {};
}
