import { getTenant, setTenant } from './api.js';
import { clear } from './dom.js';
import { renderSearch } from './search.js';
import { renderCustomer } from './customer.js';
import { renderDeadLetters } from './deadletters.js';
import { renderStats } from './stats.js';

// Hash routes: #/?q=  search · #/customers/{id}  customer · #/dead-letters · #/stats
const main = document.getElementById('main');
let cleanup = null;

function parse(hash) {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const customer = /^\/customers\/(.+)$/.exec(path);
  if (customer) return { name: 'customer', id: decodeURIComponent(customer[1]), params };
  if (path === '/dead-letters') return { name: 'dead-letters', params };
  if (path === '/stats') return { name: 'stats', params };
  return { name: 'search', params };
}

function route() {
  cleanup?.();
  cleanup = null;
  const r = parse(location.hash);
  for (const link of document.querySelectorAll('nav a[data-route]')) {
    const active = link.dataset.route === r.name || (r.name === 'customer' && link.dataset.route === 'search');
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  clear(main);
  const views = { search: renderSearch, customer: renderCustomer, 'dead-letters': renderDeadLetters, stats: renderStats };
  cleanup = views[r.name](main, r) ?? null;
  document.title = `${main.querySelector('h1')?.textContent ?? 'Customer360'} · Customer360`;
}

const tenantInput = document.getElementById('tenant');
tenantInput.value = getTenant();
document.getElementById('tenant-form').addEventListener('submit', e => {
  e.preventDefault();
  setTenant(tenantInput.value);
  tenantInput.value = getTenant();
  // Another tenant's customers are different people: go back to search.
  if (location.hash === '' || location.hash === '#/') route();
  else location.hash = '#/';
});

// The skip link must not become a route.
document.getElementById('skip-link').addEventListener('click', e => {
  e.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', route);
route();
