// main.js - the app's entry: who is signed in (GET /api/v1/session), the
// header and navigation for that role, and a small router over /app/...
// paths using the History API. Links to /app/ are followed without a reload.
import { api, ApiError, setCsrf, whenSignedOut } from './api.js';
import { h, replace } from './dom.js';
import { installKeys } from './keys.js';
import { loadDirectory } from './names.js';
import { queuesFor, showQueue } from './queue.js';
import { sectionsFor, homeOf } from './nav.js';
import { isStaff } from './roles.js';
import { showSignIn } from './signin.js';
import { startTicker } from './sla.js';
import { showTicket } from './ticket.js';

// The configuration and administration pages load when first shown, so the
// queue (the first view) waits only for the modules it uses.
const lazy = (file, name) => async (...args) => (await import('./' + file))[name](...args);
const showCatalog = lazy('catalog.js', 'showCatalog');
const showService = lazy('catalog.js', 'showService');
const showServiceEdit = lazy('service-edit.js', 'showServiceEdit');
const showAgreements = lazy('agreements.js', 'showAgreements');
const showAgreement = lazy('agreements.js', 'showAgreement');
const showAgreementEdit = lazy('agreement-edit.js', 'showAgreementEdit');
const showCalendars = lazy('calendars.js', 'showCalendars');
const showCalendar = lazy('calendars.js', 'showCalendar');
const showCalendarEdit = lazy('calendar-edit.js', 'showCalendarEdit');
const showNewTicket = lazy('new-ticket.js', 'showNewTicket');
const showUsers = lazy('admin-users.js', 'showUsers');
const showOrganisations = lazy('admin-users.js', 'showOrganisations');
const showUser = lazy('admin-user.js', 'showUser');
const showTokens = lazy('admin-tokens.js', 'showTokens');
const showOrganisation = lazy('admin-org.js', 'showOrganisation');
const showMatrix = lazy('admin-matrix.js', 'showMatrix');
const showPortalHome = lazy('portal-home.js', 'showPortalHome');
const showRaise = lazy('portal-new.js', 'showRaise');
const showMyTickets = lazy('portal-tickets.js', 'showMyTickets');
const showCustomerTicket = lazy('portal-ticket.js', 'showCustomerTicket');
const showStrategic = lazy('dash-strategic.js', 'showStrategic');
const showOperations = lazy('dash-ops.js', 'showOperations');
const showServiceReport = lazy('service-report.js', 'showServiceReport');

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
let user = null;
let leave = () => {};
let returnTo = null;
let note = null; // a message for the next page ("Saved.")

function home() {
  return homeOf(user);
}

function renderChrome() {
  if (!user) {
    nav.replaceChildren();
    who.replaceChildren();
    return;
  }
  const path = location.pathname;
  const inQueues = path.startsWith('/app/queue/') && isStaff(user);
  const queues = inQueues ? h('ul', { class: 'queues', 'aria-label': 'Queues' }, queuesFor(user).map((q) => {
    const href = '/app/queue/' + q.key;
    return h('li', {}, h('a', { href, 'aria-current': path === href ? 'page' : null }, q.title));
  })) : null;
  const sections = h('ul', { class: 'sections' }, sectionsFor(user).map(([href, title, prefixes]) => {
    const here = prefixes.some((p) => (p.endsWith('$') ? path === p.slice(0, -1) : path.startsWith(p)));
    return h('li', {}, h('a', { href, 'aria-current': here ? 'page' : null }, title));
  }));
  document.querySelector('.brand').setAttribute('href', home());
  replace(nav, sections, queues);
  const out = h('button', { type: 'button', class: 'link', id: 'sign-out' }, 'Sign out');
  out.addEventListener('click', signOut);
  replace(who, h('span', { id: 'whoami' }, user.name || user.email), ' ', h('span', { class: 'role' }, user.role), ' ', out);
}

async function route() {
  leave();
  leave = () => {};
  const path = location.pathname;
  if (!user) {
    if (path !== '/app/signin') returnTo = path;
    history.replaceState(null, '', '/app/signin');
    renderChrome();
    showSignIn(main, signedIn);
    return;
  }
  if (path === '/' || path === '/app' || path === '/app/' || path === '/app/signin') {
    history.replaceState(null, '', home());
  }
  renderChrome();
  const parts = location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const msg = note;
  note = null;
  try {
    leave = (await page(parts, msg)) || (() => {});
  } catch (err) {
    replace(main, h('h1', {}, 'This page could not be loaded'),
      h('p', { class: 'form-error', role: 'alert' }, err instanceof ApiError ? err.message : String(err)),
      h('p', {}, h('a', { href: home() }, 'Go to the start page')));
  }
}

// The page for /app/<parts[1]>/...; staff pages only for staff.
function page(parts, msg) {
  const [, section, id, sub] = parts;
  const staff = isStaff(user);
  if (!staff) return portalPage(section, id, sub, msg);
  if (section === 'queue') return showQueue(main, user, id, navigate);
  if (section === 'tickets' && id === 'new' && staff) return showNewTicket(main, user, navigate);
  if (section === 'tickets' && id) return showTicket(main, user, id, navigate);
  if (section === 'dashboard' && id === 'strategic') return showStrategic(main, user);
  if (section === 'dashboard' && id === 'operations') return showOperations(main, user);
  if (staff && section === 'catalog') return showCatalog(main, user);
  if (staff && section === 'services' && id === 'new') return showServiceEdit(main, user, null, navigate);
  if (staff && section === 'services' && id && sub === 'edit') return showServiceEdit(main, user, id, navigate);
  if (staff && section === 'services' && id) return showService(main, user, id, msg);
  if (staff && section === 'agreements' && id && sub === 'edit') return showAgreementEdit(main, user, id, navigate);
  if (staff && section === 'agreements' && id) return showAgreement(main, user, id, msg);
  if (staff && section === 'agreements') return showAgreements(main, user);
  if (staff && section === 'calendars' && id && sub === 'edit') return showCalendarEdit(main, user, id, navigate);
  if (staff && section === 'calendars' && id) return showCalendar(main, user, id, msg);
  if (staff && section === 'calendars') return showCalendars(main, user);
  if (staff && section === 'admin' && id === 'users' && sub) return showUser(main, user, sub, navigate, msg);
  if (staff && section === 'admin' && id === 'users') return showUsers(main, user, navigate);
  if (staff && section === 'admin' && id === 'organisations' && sub) return showOrganisation(main, user, sub, navigate, msg);
  if (staff && section === 'admin' && id === 'organisations') return showOrganisations(main, user, navigate, msg);
  if (staff && section === 'admin' && id === 'tokens') return showTokens(main, user, navigate);
  if (staff && section === 'admin' && id === 'matrix') return showMatrix(main, user);
  return pageNotFound();
}

// A customer's pages: the portal, and their organisation's tickets.
function portalPage(section, id, sub, msg) {
  if (section === 'portal' && !id) return showPortalHome(main, user);
  if (section === 'portal' && id === 'new') return showRaise(main, user, navigate, sub);
  if (section === 'portal' && id === 'tickets') return showMyTickets(main, user, sub);
  if (section === 'portal' && id === 'report') return showServiceReport(main, user);
  if (section === 'tickets' && id && id !== 'new') return showCustomerTicket(main, user, id, navigate, msg);
  return pageNotFound();
}

function pageNotFound() {
  document.title = 'Page not found · Levera';
  replace(main, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: home() }, 'Go to the start page')));
  return null;
}

// Shows path; message, if given, is shown by the next page ("Saved.").
export function navigate(path, message) {
  note = message || null;
  history.pushState(null, '', path);
  route();
  main.focus({ preventScroll: true });
}

async function signedIn(u) {
  user = u;
  await loadDirectory(u);
  const target = returnTo && returnTo.startsWith('/app/') && returnTo !== '/app/signin' ? returnTo : home();
  returnTo = null;
  navigate(target);
}

async function signOut() {
  try { await api('DELETE', '/session'); } catch (e) { /* signed out either way */ }
  user = null;
  setCsrf(null);
  leave();
  leave = () => {};
  history.pushState(null, '', '/app/signin');
  renderChrome();
  showSignIn(main, signedIn, 'You have signed out.');
}

document.addEventListener('click', (ev) => {
  const a = ev.target.closest('a[href^="/app/"]');
  if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
  ev.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', route);
whenSignedOut(() => {
  if (!user) return;
  user = null;
  route();
});

async function start() {
  installKeys();
  startTicker();
  try {
    const s = await api('GET', '/session');
    user = s.user;
    setCsrf(s.csrf_token);
    await loadDirectory(user);
  } catch (e) {
    user = null;
  }
  route();
}

start();
