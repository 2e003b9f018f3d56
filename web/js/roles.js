// roles.js - what the signed-in role may do, to choose which links and
// buttons to show. A copy of the matrix in docs/security.md (src/domain/role.c);
// the API still decides every request, so a stale copy only hides a button.

const ALL = 'crud';
// resource: {role: the actions allowed (c create, r read, u update, d archive)}.
const MATRIX = {
  organisation: { admin: ALL, manager: ALL, agent: 'r', customer: 'r' },
  user: { admin: ALL, manager: ALL, agent: 'r', customer: '' },
  team: { admin: ALL, manager: ALL, agent: 'r', customer: '' },
  service: { admin: ALL, manager: ALL, agent: 'r', customer: 'r' },
  calendar: { admin: ALL, manager: ALL, agent: 'r', customer: '' },
  agreement: { admin: ALL, manager: ALL, agent: 'r', customer: 'r' },
  ticket: { admin: ALL, manager: ALL, agent: 'cru', customer: 'cru' },
  api_token: { admin: ALL, manager: 'rd', agent: '', customer: '' },
  setting: { admin: 'ru', manager: 'ru', agent: 'r', customer: 'r' },
};
const LETTER = { create: 'c', read: 'r', update: 'u', archive: 'd' };

export function may(user, resource, action) {
  const cell = (MATRIX[resource] || {})[user && user.role] || '';
  return cell.includes(LETTER[action]);
}

export function isStaff(user) {
  return user && user.role !== 'customer';
}

// The roles this user may give: a manager may not make anyone an admin.
export function assignableRoles(user) {
  return user.role === 'admin' ? ['admin', 'manager', 'agent', 'customer'] : ['manager', 'agent', 'customer'];
}

// May this user change (or reset the password of) a user holding role?
export function mayManage(user, role) {
  return user.role === 'admin' || (user.role === 'manager' && role !== 'admin');
}
