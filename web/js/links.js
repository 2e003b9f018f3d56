// links.js - a ticket's links to problems and changes (link events): the
// ones made so far, and a form that adds one. An incident points at the
// problem behind it; a problem at the change that fixes it.
import { h, field } from './dom.js';
import { formError } from './form.js';

export function linksCard(t, post) {
  const links = (t.events || []).filter((ev) => ev.type === 'link');
  const kind = h('select', { name: 'kind', id: 'link-kind' },
    h('option', { value: 'problem' }, 'Problem'), h('option', { value: 'change' }, 'Change'));
  const ref = h('input', { type: 'text', name: 'problem', id: 'link-ref', maxlength: 200, required: true,
    autocomplete: 'off' });
  // The field the API names in an error follows the kind chosen.
  kind.addEventListener('change', () => { ref.name = kind.value; });
  const form = h('form', { class: 'card', id: 'link-form' }, h('h2', {}, 'Problems and changes'),
    links.length
      ? h('ul', { class: 'links', id: 'links' }, links.map((ev) => h('li', {},
        ev.problem ? 'Problem ' : 'Change ', h('strong', {}, ev.problem || ev.change))))
      : h('p', { class: 'muted', id: 'links' }, 'Not linked yet.'),
    formError(), h('div', { class: 'pair' }, field('Kind', kind), field('Reference', ref, 'The problem\'s or change\'s reference, e.g. PRB-0042')),
    h('button', { type: 'submit' }, 'Link'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    post(form, { type: 'link', [kind.value]: ref.value.trim() });
  });
  return form;
}
