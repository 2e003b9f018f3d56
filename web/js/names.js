// names.js - ids to names: the organisations, users and services the caller
// may read, fetched once per sign-in and kept for the page's life.
import { api, listAll } from './api.js';

const names = new Map();
export const directory = { teams: [], agents: [], orgs: [], users: [], services: [], org: null };

// Adds records' names (pages call this for calendars, agreements and new records).
export function remember(items) {
  for (const it of items) names.set(it.id, it.name || it.email || it.id);
}

// Loads what the role may read; a customer reads only the catalog and its own organisation.
export async function loadDirectory(user) {
  names.clear();
  if (user.role === 'customer') {
    const [services, org] = await Promise.all([listAll('/services'),
      user.organisation ? api('GET', '/organisations/' + user.organisation) : null]);
    remember(services);
    if (org) remember([org]);
    directory.services = services;
    directory.org = org;
    return;
  }
  const [orgs, users, services] = await Promise.all([listAll('/organisations'), listAll('/users'),
    listAll('/services')]);
  remember(orgs);
  remember(users);
  remember(services);
  directory.orgs = orgs;
  directory.services = services;
  directory.teams = orgs.filter((o) => o.type === 'team');
  directory.agents = users.filter((u) => u.role !== 'customer');
  directory.users = users;
}

export function nameOf(id) {
  if (!id) return '—';
  return names.get(id) || id;
}

// The teams of a staff user (their user record), else their organisation.
export function teamsOf(user) {
  const rec = (directory.users || []).find((u) => u.id === user.id);
  return rec && rec.teams && rec.teams.length ? rec.teams : [user.organisation].filter(Boolean);
}
