// portal-new.js - a customer raises a request from the catalog: a live
// service, the type, subject and description, impact and urgency in plain
// words (with the priority and promise they give), then POST /tickets for
// their own organisation and on to the new ticket.
import { api, ApiError, showError, clearErrors } from './api.js';
import { h, replace, field } from './dom.js';
import { input, textarea, formError } from './form.js';
import { setKeys } from './keys.js';
import { directory } from './names.js';
import { PRIORITY_WORDS, AS_AGREED, promiseText } from './plain.js';
import { priorityOf, loadMatrix } from './priority.js';
import { agreementsOf } from './portal-home.js';

const TYPES = [
  ['incident', 'Something is broken', 'An incident: a service is down, slow or not working as it should.'],
  ['service_request', 'I need something', 'A service request: access, a new account or device, a change, a question.'],
];
const IMPACT = [
  ['high', 'Many people', 'a whole department, site or all our users cannot work'],
  ['medium', 'A team', 'a few people or one team is hindered'],
  ['low', 'Just me', 'one person, or an inconvenience with a way around it'],
];
const URGENCY = [
  ['high', 'Right now', 'work or money is being lost every minute'],
  ['medium', 'Today', 'it must be dealt with soon, but we can wait a few hours'],
  ['low', 'It can wait', 'a few days are fine'],
];

// A fieldset of radio inputs, each with a visible label and an explanation.
function choices(name, legend, options, value) {
  return h('fieldset', { class: 'choices', id: 'f-' + name },
    h('legend', {}, legend),
    options.map(([v, title, text]) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name, id: name + '-' + v, value: v, checked: v === value, required: true }),
      h('span', {}, h('strong', {}, title), text ? h('span', { class: 'muted' }, ' – ' + text) : null))),
    h('p', { class: 'field-error', dataset: { for: name } }));
}

export async function showRaise(main, user, navigate, serviceId) {
  setKeys({});
  document.title = 'Raise a request · Levera';
  const [{ agreements, hoursOf }] = await Promise.all([agreementsOf(user), loadMatrix()]);
  const live = directory.services.filter((s) => s.lifecycle === 'live').sort((a, b) => a.name.localeCompare(b.name));
  const covering = (sid) => agreements.find((a) => (a.services || []).includes(sid));
  const services = choices('service', '1. Which service is it about?', live.map((s) => [s.id, s.name,
    (s.description || '') + (covering(s.id) ? ' (covered by ' + covering(s.id).name + ')' : '')]),
  live.some((s) => s.id === serviceId) ? serviceId : null);
  const subject = input('subject', '', { required: true, maxlength: 200, autocomplete: 'off' });
  const promise = h('p', { id: 'promise', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'raise-form', novalidate: true }, formError(),
    services,
    choices('type', '2. What kind of request?', TYPES, 'incident'),
    field('3. Subject', subject, 'A short summary, e.g. “Cannot send e-mail from Outlook”.'),
    field('Description', textarea('description', '', { rows: 5 }), 'What happened, since when, and what you have tried.'),
    h('div', { class: 'pair' }, choices('impact', '4. Who is affected?', IMPACT, 'low'),
      choices('urgency', '5. How soon does it hurt?', URGENCY, 'medium')),
    h('section', { class: 'preview', 'aria-labelledby': 'pr-h' }, h('h2', { id: 'pr-h' }, 'What happens next'), promise),
    h('button', { type: 'submit' }, 'Raise the request'));
  const value = (n) => (form.querySelector('input[name="' + n + '"]:checked') || {}).value || '';
  const update = () => {
    const p = priorityOf(value('impact'), value('urgency'));
    const a = covering(value('service'));
    const text = a ? promiseText(a, p, hoursOf) : null;
    replace(promise, 'This will be priority ', h('strong', { id: 'promise-priority' }, p), ' (' + PRIORITY_WORDS[p] + '). ',
      !value('service') ? 'Choose a service to see what we promise.'
        : text ? 'Under ' + a.name + ', ' + text + '.'
          : 'No agreement covers this service' + (a ? ' at this priority' : '') + '; we answer as soon as we can, in ' + AS_AGREED + '.');
  };
  form.addEventListener('change', update);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    if (!value('service')) {
      showError(form, new ApiError(400, 'invalid', 'choose the service the request is about', 'service'));
      return;
    }
    const btn = form.querySelector('button[type=submit]');
    btn.disabled = true;
    try {
      const t = await api('POST', '/tickets', { body: { type: value('type'), customer: user.organisation,
        service: value('service'), subject: subject.value.trim(), description: form.elements.description.value.trim() || undefined,
        impact: value('impact'), urgency: value('urgency') } });
      navigate('/app/tickets/' + encodeURIComponent(t.id), 'Your request has been raised. We will reply here.');
    } catch (err) {
      btn.disabled = false;
      showError(form, err);
    }
  });
  replace(main, h('h1', {}, 'Raise a request'),
    h('p', { class: 'muted' }, 'Tell us what you need. You can follow the request and talk to us on its page.'), form);
  update();
  (form.querySelector('input[name=service]:checked') ? subject : form.querySelector('input[name=service]') || subject).focus();
  return () => {};
}
