import { h } from './dom.js';

// The context endpoint's markdown uses headings, bullet lists and **bold** labels; render just those, as text nodes.
export function renderMarkdown(text) {
  const root = h('div', { class: 'markdown' });
  let list = null;
  for (const line of text.split('\n')) {
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    if (heading) {
      list = null;
      root.append(h(`h${heading[1].length + 2}`, null, inline(heading[2])));
    } else if (line.startsWith('- ')) {
      if (!list) root.append(list = h('ul'));
      list.append(h('li', null, inline(line.slice(2))));
    } else if (line.trim() !== '') {
      list = null;
      root.append(h('p', null, inline(line)));
    }
  }
  return root;
}

function inline(text) {
  return text.split(/\*\*(.+?)\*\*/g).map((part, i) => (i % 2 === 1 ? h('strong', null, part) : part)).filter(x => x !== '');
}
