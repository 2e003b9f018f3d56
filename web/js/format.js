// format.js - money, business durations and the fields every record page
// shares: stripping a record to the document PUT takes, and the 412 notice.

const META = ['id', 'version', 'created_at', 'updated_at', 'archived', 'warnings'];

// The document of a record, as PUT /{kind}/{id} takes it back.
export function docOf(rec) {
  const doc = {};
  for (const [k, v] of Object.entries(rec)) if (!META.includes(k)) doc[k] = v;
  return doc;
}

export const STALE = 'Someone else changed this record meanwhile; it has been reloaded with their changes. Make your edit again.';

// Money on the wire is a decimal number of major units with at most two decimals
// (src/domain/service.c keeps it as integer cents). The UI turns it into whole
// cents at once, so no sum or display here rests on a binary fraction.
export function cents(amount) {
  return amount === null || amount === undefined ? null : Math.round(Number(amount) * 100);
}

// An API amount as "DKK 7,000.00" in the service's currency.
export function money(amount, currency) {
  const c = cents(amount);
  if (c === null) return '—';
  const cur = currency || 'EUR';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: cur, minimumFractionDigits: 2 }).format(c / 100);
  } catch (e) {
    return (c / 100).toFixed(2) + ' ' + cur;
  }
}

// "70.50" typed by a person: the amount the API takes (NaN if not a number with at most two decimals).
export function parseMoney(text) {
  const t = String(text).trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return NaN;
  const [whole, frac = ''] = t.split('.');
  return (Number(whole) * 100 + Number(frac.padEnd(2, '0'))) / 100;
}

// An API amount as the text of an input: "7000.00".
export function amountText(amount) {
  const c = cents(amount);
  return c === null ? '' : (c / 100).toFixed(2);
}

const plural = (n, one) => n + ' ' + one + (n === 1 ? '' : 's');

// Business seconds in words: "4 business hours", "15 business minutes", "1 h 30 min of business time".
export function businessDuration(s) {
  s = Math.round(Number(s) || 0);
  if (s % 3600 === 0) return plural(s / 3600, 'business hour');
  if (s < 3600 && s % 60 === 0) return plural(s / 60, 'business minute');
  const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
  return [h ? h + ' h' : '', m ? m + ' min' : '', sec ? sec + ' s' : ''].filter(Boolean).join(' ') + ' of business time';
}

// Seconds as the API's duration text: "4h", "1h30m", "45s".
export function durationText(s) {
  s = Math.round(Number(s) || 0);
  if (s === 0) return '0';
  const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
  return (h ? h + 'h' : '') + (m ? m + 'm' : '') + (sec ? sec + 's' : '');
}

// A duration typed by a person: whole seconds as a number, anything else as text for the API to check.
export function parseDuration(text) {
  const t = String(text).trim();
  return /^\d+$/.test(t) ? Number(t) : t;
}

export function today() {
  return new Date().toISOString().slice(0, 10);
}
