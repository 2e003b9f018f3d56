// rating.js - rating a resolved or closed ticket (CSAT): five radio inputs
// with visible labels and a comment, native to the keyboard (Tab into the
// group, arrows to choose). A given rating is shown; changing it posts a new
// rating event, which replaces the earlier one.
import { h, field } from './dom.js';

const WORDS = ['Very poor', 'Poor', 'OK', 'Good', 'Excellent'];

export function stars(n) {
  return h('span', { class: 'stars', 'aria-hidden': 'true' }, '★'.repeat(n) + '☆'.repeat(5 - n));
}

// The rating in force: the latest rating event, or null.
export function currentRating(events) {
  return [...events].reverse().find((e) => e.type === 'rating') || null;
}

// The card: what was rated (if anything) and the form; post(form, event) sends it.
export function ratingCard(t, user, post) {
  const cur = currentRating(t.events);
  const formError = h('p', { class: 'form-error', role: 'alert', tabindex: '-1' });
  const comment = h('textarea', { name: 'comment', id: 'rating-comment', rows: 3, maxlength: 4000 });
  comment.value = (cur && cur.comment) || '';
  const group = h('fieldset', { class: 'rating', id: 'rating-score' },
    h('legend', {}, cur ? 'Your new rating' : 'How did we do?'),
    WORDS.map((w, i) => h('label', { class: 'star', for: 'score-' + (i + 1) },
      h('input', { type: 'radio', name: 'score', id: 'score-' + (i + 1), value: i + 1, required: true,
        checked: cur && cur.score === i + 1 }),
      stars(i + 1), h('span', {}, ' ' + (i + 1) + ' – ' + w))),
    h('p', { class: 'field-error', dataset: { for: 'score' } }));
  const form = h('form', { id: 'rating-form', novalidate: true, hidden: !!cur }, formError, group,
    field('Comment (optional)', comment, 'What went well, or what should we do better?'),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, cur ? 'Save the new rating' : 'Send rating'),
      cur ? h('button', { type: 'button', class: 'secondary', id: 'cancel-rating' }, 'Cancel') : null));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const picked = form.querySelector('input[name=score]:checked');
    if (!picked) {
      formError.textContent = 'Choose from 1 to 5 stars.';
      form.querySelector('input[name=score]').focus();
      return;
    }
    post(form, { type: 'rating', score: Number(picked.value), comment: comment.value.trim() || undefined });
  });
  let shown = null;
  if (cur) {
    const mine = cur.user === user.id;
    const change = h('button', { type: 'button', class: 'secondary', id: 'change-rating' }, 'Change rating');
    shown = h('div', { id: 'rating-shown' },
      h('p', {}, mine ? 'You rated this ' : 'A colleague rated this ', stars(cur.score),
        h('strong', { class: 'score' }, ' ' + cur.score + ' of 5'), ' (' + WORDS[cur.score - 1] + ').'),
      cur.comment ? h('blockquote', { class: 'event-body', id: 'rating-comment-shown' }, cur.comment) : null,
      change);
    change.addEventListener('click', () => {
      form.hidden = false;
      shown.hidden = true;
      (form.querySelector('input[name=score]:checked') || form.querySelector('input[name=score]')).focus();
    });
    form.querySelector('#cancel-rating').addEventListener('click', () => {
      form.hidden = true;
      shown.hidden = false;
      change.focus();
    });
  }
  return h('section', { class: 'card', id: 'rating', 'aria-labelledby': 'rt-h' },
    h('h2', { id: 'rt-h' }, 'Your rating'),
    cur ? null : h('p', {}, 'Tell us how we handled this ticket. You can change your rating later.'),
    shown, form);
}
