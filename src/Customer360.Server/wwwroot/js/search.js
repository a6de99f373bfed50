import { api, getTenant } from './api.js';
import { h, clear, marked } from './dom.js';
import { plural } from './format.js';

const DEBOUNCE_MS = 200;

export function renderSearch(main, route) {
  const initial = route.params.get('q') ?? '';
  const input = h('input', { type: 'search', id: 'q', name: 'q', autocomplete: 'off', spellcheck: 'false', value: initial,
    'aria-describedby': 'search-help', 'aria-controls': 'results' });
  const status = h('p', { role: 'status', id: 'search-status', class: 'status' });
  const results = h('ul', { id: 'results', class: 'results' });

  main.append(
    h('h1', { tabindex: -1 }, 'Customers'),
    h('form', { role: 'search', class: 'search', onsubmit: e => { e.preventDefault(); run(); } },
      h('label', { for: 'q' }, 'Search customers'),
      h('p', { id: 'search-help', class: 'help' }, `Names, emails, phones, event text and notes in tenant ${getTenant()}. Results update as you type.`),
      input),
    status,
    results);

  let timer = null;
  let controller = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  });

  async function run() {
    const q = input.value.trim();
    // Keep the query in the address so Back returns to these results; replaceState fires no hashchange.
    history.replaceState(null, '', q ? `#/?q=${encodeURIComponent(q)}` : '#/');
    controller?.abort();
    controller = new AbortController();
    status.textContent = 'Searching…';
    try {
      const { data } = await api(`/api/customers?limit=25${q ? `&q=${encodeURIComponent(q)}` : ''}`, { signal: controller.signal });
      show(q, data.items);
    } catch (e) {
      if (e.name !== 'AbortError') status.textContent = `Search failed: ${e.message}`;
    }
  }

  function show(q, items) {
    clear(results);
    status.textContent = q
      ? `${plural(items.length, 'customer')} found for “${q}”.`
      : items.length > 0 ? `Recently seen customers (${items.length}).` : `No customers yet in tenant ${getTenant()}.`;
    for (const item of items) {
      results.append(h('li', null,
        h('a', { href: `#/customers/${encodeURIComponent(item.id)}` },
          h('span', { class: 'name' }, item.name ?? item.email ?? item.id),
          h('span', { class: 'id' }, item.id)),
        item.email && item.name ? h('span', { class: 'email' }, item.email) : null,
        item.snippet ? h('p', { class: 'snippet' }, marked(item.snippet)) : null));
    }
  }

  run();
  input.focus();
  return () => { clearTimeout(timer); controller?.abort(); };
}
