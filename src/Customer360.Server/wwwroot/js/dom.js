// Every node is built with createElement/textContent: data from events is never parsed as HTML.

/** h('a', {href: '#/x', class: 'c'}, 'text', childNode, [more]) */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, ...children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** Search snippets mark matches as [word]: render the marks as <mark>, everything else as text. */
export function marked(text) {
  const out = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(text.slice(last, m.index), h('mark', null, m[1]));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out.filter(x => x !== '');
}

/** A definition list from [label, value, field] rows; absent values are listed by name in one line below it. */
export function facts(rows) {
  const known = rows.filter(r => !isAbsent(r[1]));
  const unknown = rows.filter(r => isAbsent(r[1])).map(r => r[0].toLowerCase());
  return [
    known.length ? h('dl', { class: 'facts' }, known.map(([label, value, field]) => [h('dt', null, label), h('dd', { 'data-field': field }, value)])) : null,
    unknown.length ? h('p', { class: 'absent' }, `Not known: ${unknown.join(', ')}.`) : null,
  ];
}

function isAbsent(value) {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Tables (captioned for screen readers; a heading or tab names them on screen) scroll sideways inside a focusable region on narrow screens instead of breaking the layout. */
export function table(caption, headers, rows) {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 },
    h('table', null,
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', null, h('tr', null, headers.map(x => h('th', { scope: 'col' }, x)))),
      h('tbody', null, rows.map(r => h('tr', null, r.map((c, i) => i === 0 ? h('th', { scope: 'row' }, c) : h('td', null, c)))))));
}
