// nav.js - the navigation each role sees and where each role starts. Customers
// see only the portal; the links' aria-current follows the path prefixes given.
import { queuesFor } from './queue.js';
import { may, isStaff } from './roles.js';

// The sections of the navigation this role sees: [href, title, the path prefixes it covers].
// Customers see only the portal.
export function sectionsFor(u) {
  if (!isStaff(u)) {
    return [['/app/portal', 'My services', ['/app/portal$']], ['/app/portal/new', 'Raise a request', ['/app/portal/new']],
      ['/app/portal/tickets', 'My tickets', ['/app/portal/tickets', '/app/tickets/']],
      ['/app/portal/report', 'Service report', ['/app/portal/report']]];
  }
  const out = [['/app/queue/mine', 'Queues', ['/app/queue/']]];
  if (may(u, 'ticket', 'create')) out.push(['/app/tickets/new', 'New ticket', ['/app/tickets/new']]);
  out.push(['/app/dashboard/strategic', 'Dashboard — strategic', ['/app/dashboard/strategic']],
    ['/app/dashboard/operations', 'Dashboard — operations', ['/app/dashboard/operations']]);
  out.push(['/app/catalog', 'Catalog', ['/app/catalog', '/app/services']], ['/app/agreements', 'Agreements', ['/app/agreements']],
    ['/app/calendars', 'Calendars', ['/app/calendars']]);
  if (may(u, 'user', 'create')) out.push(['/app/admin/users', 'Administration', ['/app/admin/']]);
  return out;
}

// Where a user starts: the first queue for staff, the portal for customers.
export function homeOf(user) {
  return isStaff(user) ? '/app/queue/' + queuesFor(user)[0].key : '/app/portal';
}
