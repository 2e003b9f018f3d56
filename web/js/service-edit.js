// service-edit.js - creating and editing a service: its description,
// category, owner, lifecycle, currency and offerings (name, description,
// price per month and unit cost in the service's currency).
import { api } from './api.js';
import { h, replace, field } from './dom.js';
import { docOf, amountText, parseMoney, STALE } from './format.js';
import { input, textarea, select, formError, saveRecord } from './form.js';
import { setKeys } from './keys.js';
import { directory, remember } from './names.js';
import { notFound } from './catalog.js';

const LIFECYCLES = ['pipeline', 'live', 'retired'];

function offeringRow(o, i, remove) {
  const id = (k) => 'off-' + i + '-' + k;
  const row = h('fieldset', { class: 'offering', dataset: { index: i } }, h('legend', {}, 'Offering'),
    field('Name', input('offerings[' + i + '].name', o.name, { id: id('name'), required: true })),
    field('Description', input('offerings[' + i + '].description', o.description, { id: id('description') })),
    h('div', { class: 'pair' },
      field('Price per month', input('offerings[' + i + '].price_per_month', amountText(o.price_per_month), { id: id('price'), inputmode: 'decimal' })),
      field('Unit cost', input('offerings[' + i + '].unit_cost', amountText(o.unit_cost), { id: id('cost'), inputmode: 'decimal' }))));
  const rm = h('button', { type: 'button', class: 'secondary' }, 'Remove offering');
  rm.addEventListener('click', () => remove(row));
  row.append(rm);
  return row;
}

function readOffering(row, problems) {
  const v = (k) => row.querySelector('[id$="-' + k + '"]').value.trim();
  const money = (k, what) => {
    if (v(k) === '') return 0;
    const x = parseMoney(v(k));
    if (Number.isNaN(x)) problems.push(what + ' "' + v(k) + '" is not an amount such as 1250.50');
    return x;
  };
  return { name: v('name'), description: v('description') || null, price_per_month: money('price', 'the price'), unit_cost: money('cost', 'the unit cost') };
}

export async function showServiceEdit(main, user, id, navigate, note) {
  setKeys({});
  let rec = null;
  if (id) {
    try {
      rec = await api('GET', '/services/' + encodeURIComponent(id));
    } catch (err) {
      notFound(main, 'Service not found', err, { href: '/app/catalog', text: 'Back to the catalog' });
      return () => {};
    }
  }
  const s = rec || { lifecycle: 'live', currency: 'EUR', offerings: [] };
  const owners = [['', '— none —'], ...directory.orgs.filter((o) => o.type !== 'customer').map((o) => [o.id, o.name])];
  const offerings = h('div', { id: 'offering-rows' });
  let n = 0;
  const remove = (row) => row.remove();
  const add = (o) => offerings.append(offeringRow(o, n++, remove));
  (s.offerings || []).forEach(add);
  const addBtn = h('button', { type: 'button', class: 'secondary', id: 'add-offering' }, 'Add offering');
  addBtn.addEventListener('click', () => { add({}); offerings.lastChild.querySelector('input').focus(); });
  const err = formError();
  const form = h('form', { class: 'card', id: 'service-form', novalidate: true }, err,
    field('Name', input('name', s.name, { required: true })),
    field('Description', textarea('description', s.description)),
    field('Category', input('category', s.category)),
    field('Owner', select('owner', owners, s.owner)),
    field('Lifecycle', select('lifecycle', LIFECYCLES, s.lifecycle)),
    field('Currency', input('currency', s.currency, { maxlength: 3, autocomplete: 'off' }), 'ISO 4217 code, e.g. EUR or DKK. Prices are in this currency.'),
    h('h2', {}, 'Offerings'), offerings, h('p', {}, addBtn),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, rec ? 'Save service' : 'Create service'),
      h('a', { href: rec ? '/app/services/' + encodeURIComponent(rec.id) : '/app/catalog', class: 'button secondary' }, 'Cancel')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const val = (name) => form.elements[name].value.trim();
    const problems = [];
    const doc = { ...(rec ? docOf(rec) : {}), name: val('name'), description: val('description') || null,
      category: val('category') || null, owner: val('owner') || null, lifecycle: val('lifecycle'),
      currency: val('currency').toUpperCase() || null,
      offerings: [...offerings.children].map((row) => readOffering(row, problems)) };
    if (problems.length) {
      err.textContent = problems.join('; ');
      err.focus();
      return;
    }
    saveRecord(form, 'services', rec, doc, {
      onSaved: (saved) => {
        remember([saved]);
        directory.services = [...directory.services.filter((x) => x.id !== saved.id), saved];
        navigate('/app/services/' + encodeURIComponent(saved.id), rec ? 'Service saved.' : 'Service created.');
      },
      onStale: () => showServiceEdit(main, user, id, navigate, STALE),
    });
  });
  replace(main,
    h('p', {}, h('a', { href: '/app/catalog' }, '← Service catalog')),
    h('h1', {}, rec ? 'Edit ' + rec.name : 'New service'),
    h('p', { class: 'flash flash-warn', id: 'edit-note', role: 'status', tabindex: '-1' }, note || ''), form);
  document.title = (rec ? 'Edit ' + rec.name : 'New service') + ' · Levera';
  if (note) main.querySelector('#edit-note').focus(); else form.elements.name.focus();
  return () => {};
}
