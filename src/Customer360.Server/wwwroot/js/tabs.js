import { h } from './dom.js';

// WAI-ARIA tabs: one tab stop, arrow keys / Home / End move between tabs, activation follows focus.
export function createTabs(label, tabs, onSelect) {
  const list = h('div', { role: 'tablist', 'aria-label': label, class: 'tablist' });
  const panels = [];
  const buttons = tabs.map((tab, i) => {
    const panel = h('section', { role: 'tabpanel', id: `panel-${tab.id}`, 'aria-labelledby': `tab-${tab.id}`, tabindex: 0, class: 'tabpanel' });
    panels.push(panel);
    const button = h('button', { type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-controls': panel.id, onclick: () => select(i, false) }, tab.label);
    button.addEventListener('keydown', e => {
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (next === undefined) return;
      e.preventDefault();
      select((next + tabs.length) % tabs.length, true);
    });
    list.append(button);
    return button;
  });

  let current = -1;
  function select(index, focus) {
    buttons.forEach((b, i) => {
      b.setAttribute('aria-selected', String(i === index));
      b.tabIndex = i === index ? 0 : -1;
      panels[i].hidden = i !== index;
    });
    if (focus) buttons[index].focus();
    if (index !== current) {
      current = index;
      onSelect(tabs[index].id, panels[index]);
    }
  }

  return {
    element: h('div', { class: 'tabs' }, list, panels),
    select: id => select(tabs.findIndex(t => t.id === id), false),
    setLabel: (id, text) => { buttons[tabs.findIndex(t => t.id === id)].textContent = text; },
    panel: id => panels[tabs.findIndex(t => t.id === id)],
    get current() { return tabs[current]?.id; },
  };
}
