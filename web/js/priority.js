// priority.js - impact x urgency -> priority, a copy of the default matrix in
// src/domain/ticket.c (priority_matrix_default), which the API applies when a
// ticket is created with impact and urgency. The preview uses it; the ticket
// the API answers carries the priority that counts.

export const LEVELS = ['high', 'medium', 'low'];

// MATRIX[impact][urgency], rows and columns in the order high, medium, low.
const MATRIX = [
  ['P1', 'P2', 'P3'],
  ['P2', 'P3', 'P4'],
  ['P3', 'P4', 'P4'],
];

export function priorityOf(impact, urgency) {
  const i = LEVELS.indexOf(impact), u = LEVELS.indexOf(urgency);
  return i < 0 || u < 0 ? null : MATRIX[i][u];
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
