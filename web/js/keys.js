// keys.js - keyboard shortcuts. Views register what a key does while they
// are shown; keys typed into a field, or with Ctrl/Alt/Meta, are left alone.

let handlers = {};

export function setKeys(map) { handlers = map; }

function typing(el) {
  return el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

export function installKeys() {
  document.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.altKey || ev.metaKey || typing(ev.target)) return;
    const help = document.getElementById('help');
    if (ev.key === '?') {
      ev.preventDefault();
      if (help.open) help.close(); else help.showModal();
      return;
    }
    if (help.open) return;
    const fn = handlers[ev.key];
    if (fn) {
      ev.preventDefault();
      fn(ev);
    }
  });
}
