// priority.js - impact x urgency -> priority, as the API's matrix
// (GET /api/v1/priority-matrix) says: loadMatrix() fetches it once per page
// load, before a form previews a priority. The ticket the API answers
// carries the priority that counts.
import { api } from './api.js';

export const LEVELS = ['high', 'medium', 'low'];

// matrix[impact][urgency]; the built-in one until the API's has been read.
let matrix = {
  high: { high: 'P1', medium: 'P2', low: 'P3' },
  medium: { high: 'P2', medium: 'P3', low: 'P4' },
  low: { high: 'P3', medium: 'P4', low: 'P4' },
};
let loaded = null;

// The matrix in force and its version (for If-Match); cached after the first call.
export async function loadMatrix(fresh = false) {
  if (!loaded || fresh) {
    loaded = api('GET', '/priority-matrix').then((state) => {
      matrix = state.matrix;
      return state;
    });
  }
  return loaded;
}

export function setMatrix(m) { matrix = m; }

export function priorityOf(impact, urgency) {
  return (matrix[impact] || {})[urgency] || null;
}

// The agreements whose clocks would run on a new ticket, as src/app/catalog.c
// (catalog_applicable) chooses them: an SLA with this customer covering the
// service, and any OLA covering the service, each active and valid today.
export function applicable(agreements, customer, service, day) {
  const inForce = (a) => (a.status || 'active') === 'active' && (!a.valid_from || a.valid_from <= day) &&
    (!a.valid_to || day <= a.valid_to) && (a.services || []).includes(service);
  return agreements.filter((a) => inForce(a) &&
    ((a.type === 'sla' && a.customer === customer) || a.type === 'ola'));
}
