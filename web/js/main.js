// main.js - the app's entry: who is signed in (GET /api/v1/session), the
// header and navigation for that role, and a small router over /app/...
// paths using the History API. Links to /app/ are followed without a reload.
import { api, setCsrf, whenSignedOut } from './api.js';
import { h, replace } from './dom.js';
import { installKeys } from './keys.js';
import { loadDirectory } from './names.js';
import { queuesFor, showQueue } from './queue.js';
import { showSignIn } from './signin.js';
import { startTicker } from './sla.js';
import { showTicket } from './ticket.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
let user = null;
let leave = () => {};
let returnTo = null;

function home() {
  return '/app/queue/' + queuesFor(user)[0].key;
}

function renderChrome() {
  if (!user) {
    nav.replaceChildren();
    who.replaceChildren();
    return;
  }
  const path = location.pathname;
  replace(nav, h('ul', {}, queuesFor(user).map((q) => {
    const href = '/app/queue/' + q.key;
    return h('li', {}, h('a', { href, 'aria-current': path === href ? 'page' : null }, q.title));
  })));
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
  if (parts[1] === 'queue') {
    leave = await showQueue(main, user, parts[2], navigate);
  } else if (parts[1] === 'tickets' && parts[2]) {
    leave = await showTicket(main, user, parts[2], navigate);
  } else {
    replace(main, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: home() }, 'Go to your queue')));
  }
}

export function navigate(path) {
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
