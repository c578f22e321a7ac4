// The web chat page: plain script, no build step. Text is set with textContent only, never as HTML.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  const SLOT = /^[A-Za-z0-9-]{1,16}$/;
  // crypto.randomUUID exists only on https or localhost; a phone on the village LAN may use plain http.
  const newId = () => (self.crypto && crypto.randomUUID ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));

  let ws = null;
  let lastId = 0;
  let retry = 0;
  let pendingBind = null;
  const seen = new Set();
  /** Sent but not yet confirmed stored: sent again after a reconnect (the server drops duplicates). */
  const unacked = new Map();

  const slot = () => {
    const h = decodeURIComponent(location.hash.slice(1));
    if (SLOT.test(h)) return h;
    const last = localStorage.getItem('linli.slot');
    return last && SLOT.test(last) ? last : 'me';
  };
  const status = (text) => { $('status').textContent = text || ''; };
  const show = (view) => {
    $('start').hidden = view !== 'start';
    $('chat').hidden = view !== 'chat';
    $('composer').hidden = view !== 'chat';
    $('switch').hidden = view !== 'chat';
  };
  const scrollDown = () => { if (!$('chat').hidden) window.scrollTo(0, document.body.scrollHeight); };
  const clock = (iso) => {
    const d = new Date(iso);
    return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  };

  function render(item) {
    if (item.kind === 'bot' && item.id != null) {
      if (seen.has(item.id)) return null;
      seen.add(item.id);
      lastId = Math.max(lastId, item.id);
    }
    const li = el('li', `msg ${item.kind}`);
    li.append(el('p', 'text', item.text));
    if (item.buttons && item.buttons.length) {
      const box = el('div', 'buttons');
      for (const row of item.buttons) {
        const line = el('div', 'row');
        for (const b of row) {
          const button = el('button', null, b.label);
          button.type = 'button';
          button.dataset.action = b.data;
          button.addEventListener('click', () => send({ type: 'action', data: b.data }, b.label));
          line.append(button);
        }
        box.append(line);
      }
      li.append(box);
    }
    li.append(el('time', null, clock(item.at)));
    $('messages').append(li);
    return li;
  }

  function send(body, shown) {
    const msg = { ...body, id: newId() };
    const li = render({ kind: 'me', text: shown, at: new Date().toISOString() });
    li.classList.add('pending');
    unacked.set(msg.id, { msg, li });
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
    scrollDown();
  }

  function onServer(m) {
    if (m.type === 'hello') {
      $('who').textContent = m.who || '';
      if (!m.bound && pendingBind) {
        const code = pendingBind;
        pendingBind = null;
        send({ type: 'text', text: `绑定 ${code}` }, `绑定 ${code}`);
      }
      show(m.bound || unacked.size > 0 ? 'chat' : 'start');
      for (const { msg } of unacked.values()) ws.send(JSON.stringify(msg));
    } else if (m.type === 'who') {
      $('who').textContent = m.who;
    } else if (m.type === 'history') {
      m.items.forEach(render);
      scrollDown();
    } else if (m.type === 'message') {
      if (render(m.item)) show('chat');
      scrollDown();
    } else if (m.type === 'ack') {
      const sent = unacked.get(m.id);
      unacked.delete(m.id);
      if (sent) sent.li.classList.remove('pending');
    } else if (m.type === 'error') {
      status(m.code === 'slow_down' ? '发得太快了，请稍等一下 / Too fast, please wait' : '没发出去，请再试一次 / Not sent, please try again');
      setTimeout(() => status(''), 5000);
    }
  }

  function connect() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const q = new URLSearchParams({ slot: slot(), after: String(lastId), lang: navigator.language || '' });
    const sock = new WebSocket(`${proto}//${location.host}/chat/ws?${q}`);
    ws = sock;
    sock.onopen = () => { retry = 0; status(''); };
    sock.onmessage = (e) => onServer(JSON.parse(e.data));
    sock.onclose = (e) => {
      if (ws !== sock) return;
      ws = null;
      if (e.code === 4401) { location.reload(); return; }
      status('连接断开，正在重新连接… / Reconnecting…');
      setTimeout(connect, Math.min(10_000, 500 * 2 ** retry++));
    };
  }

  /** Another card in this browser: its own identity, its own history. */
  function choose(newSlot, code) {
    localStorage.setItem('linli.slot', newSlot);
    history.replaceState(null, '', `#${newSlot}`);
    pendingBind = code;
    if (ws) { const old = ws; ws = null; old.close(); }
    lastId = 0;
    seen.clear();
    unacked.clear();
    $('messages').replaceChildren();
    $('who').textContent = '';
    connect();
  }

  async function loadCards() {
    const res = await fetch('/chat/cards');
    const { cards } = await res.json();
    if (!cards.length) return;
    for (const card of cards) {
      const button = el('button');
      button.type = 'button';
      button.dataset.slot = card.slot;
      button.append(el('strong', null, card.title), el('span', 'sub', card.subtitle));
      button.addEventListener('click', () => choose(card.slot, card.code));
      const li = el('li');
      li.append(button);
      $('cards').append(li);
    }
    $('demo').hidden = false;
  }

  $('code-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const code = $('code').value.replace(/\s+/g, '');
    if (code) choose('me', code);
  });
  $('send-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value.trim();
    if (!text) return;
    $('text').value = '';
    send({ type: 'text', text }, text);
  });
  $('text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); $('send-form').requestSubmit(); }
  });
  $('switch').addEventListener('click', () => show('start'));
  window.addEventListener('hashchange', () => { if (slot() !== localStorage.getItem('linli.slot')) choose(slot(), null); });

  loadCards().catch(() => {});
  connect();
})();
