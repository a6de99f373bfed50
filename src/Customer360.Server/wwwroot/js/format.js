// Fixed formats (UTC, en-US digits) so what people and tests read does not depend on the browser's locale.
const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function num(value) {
  return value === null || value === undefined ? null : numberFormat.format(value);
}

export function money(value) {
  return value === null || value === undefined ? null : new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

export function when(iso) {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = n => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
}

export function clock(date = new Date()) {
  return date.toISOString().slice(11, 19) + ' UTC';
}

export function plural(n, one, many = one + 's') {
  return `${num(n)} ${n === 1 ? one : many}`;
}
