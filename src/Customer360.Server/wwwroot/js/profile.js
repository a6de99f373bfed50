import { h, facts } from './dom.js';
import { num, money, when, plural } from './format.js';

// The profile card: every section of the contract's profile shape, absent facts shown as "not known".
export function renderProfileCard(p) {
  const missing = [];
  const optional = (title, present, render) => (present ? group(title, render()) : (missing.push(title.toLowerCase()), null));
  return h('div', { class: 'card-grid' },
    group('Identity', facts([
      ['Name', p.name, 'name'],
      ['Email', p.email, 'email'],
      ['Phone', p.phone, 'phone'],
      ['Company', p.company, 'company'],
      ['Status', p.status, 'status'],
      ['Segment', p.segment, 'segment'],
      ['Customer type', p.customerType, 'customerType'],
      ['Primary contact', p.primaryContactId, 'primaryContactId'],
    ]), identifiers(p.identifiers)),
    group('Value and activity', facts([
      ['Lifetime value', money(p.lifetimeValue), 'lifetimeValue'],
      ['Customer since', when(p.customerSince), 'customerSince'],
      ['First seen', when(p.firstSeenAt), 'firstSeenAt'],
      ['Last seen', when(p.lastSeenAt), 'lastSeenAt'],
      ['Events', num(p.counts.events), 'events'],
      ['Purchases', num(p.counts.purchases), 'purchases'],
      ['Work orders', num(p.counts.workOrders), 'workOrders'],
      ['Knowledge entries', num(p.counts.knowledge), 'knowledge'],
    ])),
    optional('Loyalty', p.loyalty, () => facts([
      ['Points balance', num(p.loyalty.pointsBalance), 'loyalty.pointsBalance'],
      ['Tier', p.loyalty.tier, 'loyalty.tier'],
      ['Lifetime points', num(p.loyalty.lifetimePoints), 'loyalty.lifetimePoints'],
      ['Lifetime earned', num(p.loyalty.lifetimeEarned), 'loyalty.lifetimeEarned'],
      ['Lifetime redeemed', num(p.loyalty.lifetimeRedeemed), 'loyalty.lifetimeRedeemed'],
    ])),
    optional('Credit', p.credit, () => [facts([
      ['Limit', money(p.credit.limit), 'credit.limit'],
      ['Available', money(p.credit.available), 'credit.available'],
      ['Payment terms', p.credit.paymentTermDays == null ? null : plural(p.credit.paymentTermDays, 'day'), 'credit.paymentTermDays'],
    ]), alerts(p.credit.alerts), usages(p.credit.usages)]),
    optional('Consent', p.consent, () => facts(Object.entries(p.consent).map(([type, c]) =>
      [type, `${c.status}${c.updatedAt ? ` since ${when(c.updatedAt)}` : ''}`, `consent.${type}`]))),
    optional('Usage', p.usage, () => facts([
      ['Data used', p.usage.dataUsageMb == null ? null : `${num(p.usage.dataUsageMb)} MB`, 'usage.dataUsageMb'],
      ['Call minutes', num(p.usage.callMinutes), 'usage.callMinutes'],
      ['Recharges', p.usage.rechargeCount == null ? null : `${num(p.usage.rechargeCount)} totalling ${money(p.usage.rechargeTotal)}`, 'usage.recharges'],
      ['Last login', when(p.usage.lastLoginAt), 'usage.lastLoginAt'],
      ['Quality issues', num(p.usage.qoeIssues), 'usage.qoeIssues'],
    ])),
    extras(p),
    missing.length ? h('section', { class: 'card', 'aria-label': 'Not on record' }, h('h2', null, 'Not on record'),
      h('p', { class: 'absent' }, `No ${missing.join(', ')} data for this customer yet.`)) : null);
}

function group(title, ...content) {
  return h('section', { class: 'card', 'aria-label': title }, h('h2', null, title), content);
}

function identifiers(list) {
  return h('div', null, h('h3', null, 'Identifiers'),
    h('ul', { class: 'identifiers' }, (list ?? []).map(i => h('li', null, h('span', { class: 'kind' }, `${i.kind}: `), h('code', null, i.value)))));
}

function alerts(list) {
  if (!list || list.length === 0) return null;
  return h('div', null, h('h3', null, `Credit alerts (${list.length})`),
    h('ul', { class: 'alerts' }, list.map(a => h('li', null,
      h('strong', null, 'Alert: '),
      `${a.kind ?? 'alert'} on ${when(a.at)}: attempted ${money(a.attemptedAmount) ?? '?'}, available ${money(a.available) ?? '?'}, short ${money(a.shortfall) ?? '?'}`))));
}

function usages(list) {
  if (!list || list.length === 0) return null;
  return h('div', null, h('h3', null, `Credit used (${list.length})`),
    h('ul', { class: 'usages' }, list.map(u => h('li', { 'data-field': `credit.usage.${u.id}` },
      `${money(u.amount)} on ${when(u.usedAt)}${u.orderId ? ` for order ${u.orderId}` : ''}${u.dueDate ? `, due ${u.dueDate}` : ''}`))));
}

function extras(p) {
  const rows = [];
  if (p.tags?.length) rows.push(['Tags', p.tags.join(', '), 'tags']);
  for (const [key, value] of Object.entries(p.customFields ?? {})) rows.push([key, typeof value === 'string' ? value : JSON.stringify(value), `custom.${key}`]);
  for (const e of p.entitlements ?? []) rows.push([`Entitlement ${e.id}`, [e.product, e.status, when(e.activatedAt)].filter(Boolean).join(' · '), `entitlement.${e.id}`]);
  return rows.length ? group('More', facts(rows)) : null;
}
