import { api, customerPath } from './api.js';
import { h, clear, table } from './dom.js';
import { num, money, when } from './format.js';
import { renderMarkdown } from './markdown.js';

const PAGE = 20;

/** A tab panel that loads on first show and reloads on refresh (a live change) while shown. */
function lazyPanel(load) {
  let panel = null;
  return {
    show(el) { panel = el; load(panel, true); },
    refresh() { if (panel) load(panel, false); },
  };
}

export function timelinePanel(id) {
  let type = '';
  let next = null;
  let items = [];
  let list, more, status, select;

  async function fetchPage(before) {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (before) q.set('before', before);
    if (type) q.set('type', type);
    return (await api(customerPath(id, `/timeline?${q}`))).data;
  }

  function render(fresh = new Set()) {
    clear(list).append(...items.map(e => eventItem(e, fresh.has(e.eventId))));
    status.textContent = items.length === 0 ? 'No events match.' : `Showing ${items.length} event${items.length === 1 ? '' : 's'}, newest first.`;
    more.hidden = !next;
  }

  async function reset() {
    const page = await fetchPage(null);
    items = page.items;
    next = page.next;
    render();
  }

  return lazyPanel(async (panel, first) => {
    if (first) {
      select = h('select', { id: 'timeline-type', onchange: () => { type = select.value; reset(); } }, h('option', { value: '' }, 'All types'));
      list = h('ol', { class: 'timeline' });
      status = h('p', { class: 'status', role: 'status' });
      more = h('button', { type: 'button', class: 'more', onclick: async () => {
        const page = await fetchPage(next);
        items = items.concat(page.items);
        next = page.next;
        render();
      } }, 'Load older events');
      clear(panel).append(
        h('div', { class: 'toolbar' }, h('label', { for: 'timeline-type' }, 'Event type'), select),
        status, list, more);
      loadTypes(select);
      await reset();
      return;
    }
    // Live change: merge the newest page into what is shown, keeping older pages the reader already loaded.
    const page = await fetchPage(null);
    const known = new Set(items.map(e => e.eventId));
    const fresh = new Set(page.items.filter(e => !known.has(e.eventId)).map(e => e.eventId));
    items = page.items.concat(items.filter(e => !page.items.some(p => p.eventId === e.eventId)))
      .sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : 0));
    if (items.length <= PAGE) next = page.next;
    render(fresh);
  });
}

async function loadTypes(select) {
  try {
    const { data } = await api('/api/stats');
    for (const t of Object.keys(data.byType ?? {}).sort()) select.append(h('option', { value: t }, t));
  } catch {
    // The filter still offers "All types"; nothing else depends on it.
  }
}

function eventItem(e, isNew) {
  const text = e.summary ?? e.description;
  return h('li', { class: 'event', 'data-event-id': e.eventId },
    h('article', null,
      h('p', { class: 'meta' },
        isNew ? h('strong', { class: 'new' }, 'New ') : null,
        h('time', { datetime: e.occurredAt }, when(e.occurredAt)), ' · ',
        h('span', { class: 'type' }, e.type), ' · ',
        h('span', { class: 'source' }, `${e.source} (${e.dialect})`)),
      h('h3', { class: 'title' }, e.title ?? e.type),
      text ? h('p', { class: 'text' }, e.summary ? `Summary: ${e.summary}` : e.description) : null,
      e.amount != null ? h('p', { class: 'amount' }, `Amount: ${num(e.amount)}`) : null,
      e.summary && e.description ? h('details', null, h('summary', null, 'Full text'), h('p', { class: 'full' }, e.description)) : null,
      e.data ? h('details', null, h('summary', null, 'Event data'), h('pre', null, JSON.stringify(e.data, null, 2))) : null));
}

function listPanel(path, empty, render) {
  return lazyPanel(async panel => {
    try {
      const { data } = await api(path);
      clear(panel).append(data.items.length === 0 ? h('p', { class: 'absent' }, empty) : render(data.items));
    } catch (e) {
      clear(panel).append(h('p', { class: 'notice' }, `Could not load: ${e.message}`));
    }
  });
}

export function purchasesPanel(id) {
  return listPanel(customerPath(id, '/purchases'), 'No purchases.', items => table('Purchases',
    ['Product', 'Date', 'SKU', 'Quantity', 'Price', 'Total', 'Warranty until', 'Order'],
    items.map(p => [p.productName ?? p.id, when(p.purchasedAt), p.sku ?? '', num(p.quantity) ?? '', money(p.price) ?? '',
      money(p.total) ?? '', when(p.warrantyExpires) ?? '', p.id])));
}

export function workOrdersPanel(id) {
  return listPanel(customerPath(id, '/work-orders'), 'No work orders.', items => table('Work orders',
    ['Work order', 'Created', 'Type', 'Status', 'Priority', 'Assigned to', 'Product', 'Description', 'Cost'],
    items.map(w => [w.id, when(w.createdAt), w.orderType ?? '', w.status ?? '', w.priority ?? '', w.assignedTo ?? '',
      w.productId ?? '', w.summary ?? w.description ?? '', money(w.cost) ?? ''])));
}

export function knowledgePanel(id) {
  return listPanel(customerPath(id, '/knowledge'), 'Nothing noted about this customer yet.', items =>
    h('ul', { class: 'knowledge' }, items.map(k => h('li', null,
      h('p', { class: 'meta' }, h('time', { datetime: k.createdAt }, when(k.createdAt)), ' · ',
        `${k.category ?? 'note'} · importance ${k.importance ?? 'normal'} · from ${k.source ?? 'unknown'}`),
      h('p', null, k.summary ?? k.content),
      k.summary ? h('details', null, h('summary', null, 'Full text'), h('p', null, k.content)) : null))));
}

export function contextPanel(id) {
  return lazyPanel(async panel => {
    try {
      const { data } = await api(customerPath(id, '/context'), { text: true });
      clear(panel).append(
        h('p', { class: 'help' }, 'What an assistant or a colleague needs to know, as served by ', h('code', null, `GET ${customerPath(id, '/context')}`), '.'),
        renderMarkdown(data));
    } catch (e) {
      clear(panel).append(h('p', { class: 'notice' }, `Could not load: ${e.message}`));
    }
  });
}
