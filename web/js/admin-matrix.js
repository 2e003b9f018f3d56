// admin-matrix.js - the impact x urgency -> priority matrix
// (GET/PUT /api/v1/priority-matrix): a table of choices for those who may
// change it (admins and managers), read-only for the rest. Saved with
// If-Match; a stale save reloads and says so.
import { api, ApiError, showError, clearErrors } from './api.js';
import { h, replace } from './dom.js';
import { setKeys } from './keys.js';
import { formError, select } from './form.js';
import { LEVELS, loadMatrix, setMatrix } from './priority.js';
import { may } from './roles.js';
import { adminTabs } from './admin-users.js';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];

function cell(editable, i, u, p) {
  if (!editable) return h('td', {}, h('span', { class: 'prio prio-' + p }, p));
  const id = 'm-' + i + '-' + u;
  return h('td', {}, h('label', { class: 'visually-hidden', for: id }, 'Impact ' + i + ', urgency ' + u),
    select(i + '.' + u, PRIORITIES, p, { id }));
}

export async function showMatrix(main, user, note = '') {
  setKeys({});
  document.title = 'Priority matrix · Levera';
  const state = await loadMatrix(true);
  const editable = may(user, 'setting', 'update');
  const table = h('table', { class: 'matrix', id: 'matrix' },
    h('caption', { class: 'visually-hidden' }, 'Priority by impact (rows) and urgency (columns)'),
    h('thead', {}, h('tr', {}, h('td', {}), LEVELS.map((u) => h('th', { scope: 'col' }, 'Urgency ' + u)))),
    h('tbody', {}, LEVELS.map((i) => h('tr', {}, h('th', { scope: 'row' }, 'Impact ' + i),
      LEVELS.map((u) => cell(editable, i, u, state.matrix[i][u]))))));
  const form = h('form', { id: 'matrix-form', novalidate: true }, formError(), h('div', { class: 'scroll' }, table),
    editable ? h('button', { type: 'submit' }, 'Save the matrix') : null);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const matrix = {};
    for (const i of LEVELS) {
      matrix[i] = {};
      for (const u of LEVELS) matrix[i][u] = form.elements[i + '.' + u].value;
    }
    try {
      const saved = await api('PUT', '/priority-matrix', { body: { matrix }, version: state.version });
      setMatrix(saved.matrix);
      await showMatrix(main, user, 'Saved. Tickets raised from now on take their priority from this matrix.');
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        await showMatrix(main, user, 'Someone changed the matrix meanwhile; it has been reloaded. Make your change again.');
        return;
      }
      showError(form, err);
    }
  });
  replace(main, h('h1', {}, 'Administration'), adminTabs(user, 'matrix'),
    h('section', { class: 'card' }, h('h2', {}, 'Impact × urgency → priority'),
      h('p', {}, 'A ticket raised with an impact and an urgency gets the priority in their cell. ' +
        (state.default ? 'This is the built-in matrix.' : 'This matrix was set for this installation.') +
        (editable ? '' : ' Admins and managers change it.')),
      note ? h('p', { class: 'notice', role: 'status' }, note) : null, form));
  return () => {};
}
