import { api } from './api.js';
import { h, append, clear, facts } from './dom.js';
import { num, when } from './format.js';

// Bad events with their reason and raw text: correct the text and retry, or delete after a confirmation step.
export function renderDeadLetters(main) {
  const status = h('p', { role: 'status', class: 'status', id: 'dl-status' });
  const list = h('ol', { class: 'letters' });
  const more = h('button', { type: 'button', class: 'more', hidden: true, onclick: () => load(next) }, 'Load older dead letters');
  let next = null;

  main.append(
    h('h1', { tabindex: -1 }, 'Dead letters'),
    h('p', { class: 'help' }, 'Events that could not be read, with the reason. Correct the raw text and retry it, or delete it. ',
      'Dead letters of every tenant are listed; a retry keeps the tenant the event arrived with.'),
    status, list, more);

  async function load(before) {
    try {
      const { data } = await api(`/api/dead-letters?limit=50${before ? `&before=${before}` : ''}`);
      if (!before && data.items.length === 0) status.textContent = 'No dead letters: every event received so far was read.';
      else if (!before) status.textContent = `${data.items.length === 50 ? 'At least ' : ''}${num(data.items.length)} dead letter${data.items.length === 1 ? '' : 's'}.`;
      for (const d of data.items) list.append(letter(d));
      next = data.items.length === 50 ? data.next : null;
      more.hidden = !next;
    } catch (e) {
      status.textContent = `Could not load dead letters: ${e.message}`;
    }
  }

  function letter(d) {
    const rawId = `dl-${d.id}-raw`;
    const reason = h('p', { class: 'reason' }, h('strong', null, 'Reason: '), h('span', { class: 'reason-text' }, d.reason));
    const details = facts(letterFacts(d));
    const raw = h('textarea', { id: rawId, rows: 6, spellcheck: 'false', value: d.raw });
    const result = h('p', { class: 'result', role: 'status' });
    const actions = h('div', { class: 'actions' });
    const item = h('li', { class: 'letter', 'data-id': d.id },
      h('article', { 'aria-labelledby': `dl-${d.id}-title` },
        h('h2', { id: `dl-${d.id}-title` }, `Dead letter ${d.id}`),
        reason, details,
        h('form', { onsubmit: e => { e.preventDefault(); retry(); } },
          h('label', { for: rawId }, `Raw event (${num(d.rawBytes)} bytes); edit it to correct the event`),
          raw, actions, result)));

    const retryButton = h('button', { type: 'submit' }, 'Retry');
    const deleteButton = h('button', { type: 'button', class: 'secondary', onclick: confirmDelete }, 'Delete');
    actions.append(retryButton, deleteButton);

    async function retry() {
      retryButton.disabled = true;
      result.textContent = 'Retrying…';
      try {
        // Unchanged text retries the original bytes exactly; edited text is sent as the corrected event.
        const body = raw.value === d.raw ? undefined : raw.value;
        const { status: code, data } = await api(`/api/dead-letters/${d.id}/retry`, { method: 'POST', body, okStatuses: [422] });
        if (code === 422) {
          reason.querySelector('.reason-text').textContent = data.reason;
          result.textContent = `Still rejected: ${data.reason}`;
          raw.focus();
          return;
        }
        append(clear(status), `Dead letter ${d.id} was retried: ${data.status}`,
          data.customerId ? [' for customer ', h('a', { href: `#/customers/${encodeURIComponent(data.customerId)}` }, data.customerId)] : null, '.');
        item.remove();
        main.querySelector('h1').focus();
      } catch (e) {
        result.textContent = `Retry failed: ${e.message}`;
      } finally {
        retryButton.disabled = false;
      }
    }

    function confirmDelete() {
      const yes = h('button', { type: 'button', class: 'danger', onclick: remove }, `Yes, delete dead letter ${d.id}`);
      const no = h('button', { type: 'button', onclick: () => { actions.replaceChildren(retryButton, deleteButton); deleteButton.focus(); } }, 'Cancel');
      actions.replaceChildren(h('span', null, 'The raw event will be gone for good. '), yes, no);
      yes.focus();
    }

    async function remove() {
      try {
        await api(`/api/dead-letters/${d.id}`, { method: 'DELETE' });
        status.textContent = `Dead letter ${d.id} deleted.`;
        item.remove();
        main.querySelector('h1').focus();
      } catch (e) {
        result.textContent = `Delete failed: ${e.message}`;
      }
    }

    return item;
  }

  load(null);
  main.querySelector('h1').focus();
}

function letterFacts(d) {
  return [
    ['Received', when(d.receivedAt), 'receivedAt'],
    ['Source', d.source, 'source'],
    ['Origin', d.origin, 'origin'],
    ['Tenant', d.tenantHint ?? 'default (none given)', 'tenantHint'],
    ['Dialect', d.dialectHint ?? 'detected', 'dialectHint'],
    ['Retries', d.retries ? `${num(d.retries)}, last ${when(d.lastRetryAt)}` : 'none', 'retries'],
  ];
}
