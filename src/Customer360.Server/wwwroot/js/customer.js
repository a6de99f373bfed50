import { api, customerPath, getTenant } from './api.js';
import { h, clear } from './dom.js';
import { clock } from './format.js';
import { watchProfile } from './live.js';
import { renderProfileCard } from './profile.js';
import { createTabs } from './tabs.js';
import { timelinePanel, purchasesPanel, workOrdersPanel, knowledgePanel, contextPanel } from './panels.js';

// One customer: header, profile card, tabs. The SSE stream re-renders the card and refreshes the open tab.
export function renderCustomer(main, route) {
  const id = route.id;
  const title = h('h1', { tabindex: -1 }, id);
  const subtitle = h('p', { class: 'subtitle' });
  const live = h('p', { class: 'live', role: 'status', 'data-state': 'connecting' }, 'Connecting to live updates…');
  const card = h('div', { class: 'profile' });
  const notice = h('div');
  main.append(
    h('p', { class: 'back' }, h('a', { href: '#/' }, '← Back to search')),
    h('header', { class: 'customer-head' }, title, subtitle, live),
    notice, card);

  const panels = {
    timeline: timelinePanel(id),
    purchases: purchasesPanel(id),
    'work-orders': workOrdersPanel(id),
    knowledge: knowledgePanel(id),
    context: contextPanel(id),
  };
  const tabs = createTabs('Customer details', [
    { id: 'timeline', label: 'Timeline' },
    { id: 'purchases', label: 'Purchases' },
    { id: 'work-orders', label: 'Work orders' },
    { id: 'knowledge', label: 'Knowledge' },
    { id: 'context', label: 'Context' },
  ], (tab, panel) => panels[tab].show(panel));

  let shown = false;
  function showProfile(profile) {
    title.textContent = profile.name ?? profile.email ?? profile.id;
    document.title = `${title.textContent} · Customer360`;
    subtitle.textContent = `Customer ${profile.id} · tenant ${profile.tenantId}` + (profile.id !== id ? ` (you opened ${id}, merged into this record)` : '');
    clear(card).append(renderProfileCard(profile));
    const c = profile.counts;
    tabs.setLabel('timeline', `Timeline (${c.events})`);
    tabs.setLabel('purchases', `Purchases (${c.purchases})`);
    tabs.setLabel('work-orders', `Work orders (${c.workOrders})`);
    tabs.setLabel('knowledge', `Knowledge (${c.knowledge})`);
    if (!shown) {
      shown = true;
      main.append(tabs.element);
      tabs.select(route.params.get('tab') ?? 'timeline');
      title.focus();
    } else {
      panels[tabs.current].refresh();
    }
    live.dataset.updated = clock();
  }

  const states = {
    connecting: 'Connecting to live updates…',
    live: 'Live: changes appear here as they arrive.',
    reconnecting: 'Live updates interrupted; reconnecting…',
    gone: 'Not live: this customer no longer exists.',
  };
  const stop = watchProfile(customerPath(id, '/stream'), profile => {
    showProfile(profile);
    live.textContent = `${states.live} Last update ${live.dataset.updated}.`;
  }, state => {
    live.dataset.state = state;
    if (state !== 'live') live.textContent = states[state];
    if (state === 'gone' && !shown) notFound();
  });

  function notFound() {
    title.textContent = 'Customer not found';
    clear(notice).append(h('p', { class: 'notice' },
      `There is no customer “${id}” in tenant ${getTenant()}. Check the id, or switch tenant above.`));
  }

  // The stream's first message brings the profile; a plain GET covers the moment before it connects.
  api(customerPath(id)).then(({ data }) => { if (!shown) showProfile(data); }).catch(e => { if (e.status === 404) notFound(); });

  return stop;
}
