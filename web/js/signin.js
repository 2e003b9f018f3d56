// signin.js - the sign-in form: POST /api/v1/session, then back to where
// the visitor was going. A refusal is shown beside the field or on top.
import { api, showError, clearErrors, setCsrf } from './api.js';
import { h, replace, field } from './dom.js';
import { setKeys } from './keys.js';

export function showSignIn(main, onSignedIn, notice) {
  const email = h('input', { type: 'email', name: 'email', id: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', id: 'password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'card signin', id: 'signin-form', novalidate: true },
    h('h1', {}, 'Sign in to Levera'),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1' }, notice || ''),
    field('E-mail', email), field('Password', password), button);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    button.disabled = true;
    try {
      const s = await api('POST', '/session', { body: { email: email.value.trim(), password: password.value } });
      setCsrf(s.csrf_token);
      await onSignedIn(s.user);
    } catch (err) {
      password.value = '';
      showError(form, err);
    } finally {
      button.disabled = false;
    }
  });
  document.title = 'Sign in · Levera';
  setKeys({});
  replace(main, form);
  email.focus();
}
