// admin-matrix.js - the impact x urgency matrix, read-only: the API applies
// the default matrix of src/domain/ticket.c and has no endpoint to read or
// change it, so this page shows the copy in priority.js and says so.
import { h, replace } from './dom.js';
import { setKeys } from './keys.js';
import { LEVELS, priorityOf } from './priority.js';
import { adminTabs } from './admin-users.js';

export async function showMatrix(main, user) {
  setKeys({});
  document.title = 'Priority matrix · Levera';
  replace(main, h('h1', {}, 'Administration'), adminTabs(user, 'matrix'),
    h('section', { class: 'card' }, h('h2', {}, 'Impact × urgency → priority'),
      h('p', {}, 'A ticket raised with an impact and an urgency gets the priority in their cell. This is the built-in matrix; it cannot be changed here yet.'),
      h('div', { class: 'scroll' }, h('table', { class: 'matrix', id: 'matrix' },
        h('caption', { class: 'visually-hidden' }, 'Priority by impact (rows) and urgency (columns)'),
        h('thead', {}, h('tr', {}, h('td', {}), LEVELS.map((u) => h('th', { scope: 'col' }, 'Urgency ' + u)))),
        h('tbody', {}, LEVELS.map((i) => h('tr', {}, h('th', { scope: 'row' }, 'Impact ' + i),
          LEVELS.map((u) => { const p = priorityOf(i, u); return h('td', {}, h('span', { class: 'prio prio-' + p }, p)); }))))))));
  return () => {};
}
