import { api } from './api.js';
import { h, clear, facts, table } from './dom.js';
import { num } from './format.js';

// Counts across all tenants: events per source, dialect and type; rejected; dead letters; source health and lag.
export function renderStats(main) {
  const body = h('div', { class: 'stats' });
  const status = h('p', { role: 'status', class: 'status' });
  main.append(
    h('h1', { tabindex: -1 }, 'Stats'),
    h('div', { class: 'toolbar' }, h('button', { type: 'button', onclick: load }, 'Refresh'), status),
    body);

  async function load() {
    status.textContent = 'Loading…';
    try {
      const { data } = await api('/api/stats');
      clear(body).append(
        h('section', { class: 'card', 'aria-label': 'Totals' }, h('h2', null, 'Totals'), facts([
          ['Customers', num(data.customers), 'customers'],
          ['Events', num(data.events), 'events'],
          ['Rejected since start', num(data.rejected), 'rejected'],
          ['Dead letters waiting', h('a', { href: '#/dead-letters' }, num(data.deadLetters)), 'deadLetters'],
        ])),
        counts('Events by source', 'Source', data.bySource, data.events),
        counts('Events by dialect', 'Dialect', data.byDialect, data.events),
        counts('Events by type', 'Type', data.byType, data.events, true),
        sources(data.sources ?? []));
      status.textContent = `Updated ${new Date().toISOString().slice(11, 19)} UTC.`;
    } catch (e) {
      status.textContent = `Could not load stats: ${e.message}`;
    }
  }

  load();
  main.querySelector('h1').focus();
}

function counts(caption, what, map, total, wide = false) {
  const rows = Object.entries(map ?? {}).sort((a, b) => b[1] - a[1]);
  if (rows.length === 0) return h('section', { class: 'card' }, h('h2', null, caption), h('p', { class: 'absent' }, 'No events yet.'));
  return h('section', { class: wide ? 'card wide' : 'card' }, h('h2', null, caption), table(caption, [what, 'Events', 'Share'],
    rows.map(([name, n]) => {
      const pct = total ? Math.round((n / total) * 100) : 0;
      const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
      bar.style.width = `${pct}%`;
      return [name, num(n), h('span', { class: 'share' }, h('span', { class: 'bar-track' }, bar), ` ${pct}%`)];
    })));
}

function sources(list) {
  return h('section', { class: 'card' }, h('h2', null, 'Sources'), list.length === 0
    ? h('p', { class: 'absent' }, 'No broker sources enabled; events arrive over HTTP and files.')
    : table('Sources', ['Source', 'State', 'Lag', 'Detail'], list.map(s => [s.name, s.state, s.lag == null ? 'unknown' : num(s.lag), s.detail ?? ''])));
}
