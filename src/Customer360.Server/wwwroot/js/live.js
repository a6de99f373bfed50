import { headers } from './api.js';

// Server-Sent Events read with fetch rather than EventSource: EventSource cannot send the tenant header.
// Reconnects with backoff until stopped; the server sends the current profile on every (re)connect.
export function watchProfile(path, onProfile, onState) {
  const controller = new AbortController();
  let stopped = false;

  (async () => {
    let delay = 500;
    while (!stopped) {
      onState('connecting');
      try {
        const res = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal, cache: 'no-store' });
        if (res.status === 404) {
          onState('gone');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onState('live');
        delay = 500;
        await readEvents(res.body, (type, data) => {
          if (type === 'profile') onProfile(JSON.parse(data));
        });
      } catch {
        if (stopped) return;
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise(resolve => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10000);
    }
  })();

  return () => {
    stopped = true;
    controller.abort();
  };
}

async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer = (buffer + value).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
      if (data.length > 0) onEvent(type, data.join('\n'));
    }
  }
}
