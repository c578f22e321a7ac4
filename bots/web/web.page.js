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
  const newId = () =>
    self.crypto && crypto.randomUUID
      ? crypto.randomUUID()
      : Date.now().toString(36) + Math.random().toString(36).slice(2);

  /** The server's limit (bots/web/web.limits.ts MAX_TEXT); it says its own in `hello`. */
  let maxText = 4000;
  /** Under the socket's 64 KB message limit, whatever the text's characters weigh in UTF-8. */
  const MAX_FRAME_BYTES = 60 * 1024;
  /** Reconnect waits grow to this, and start again small only once a socket has stayed open for STABLE_MS. */
  const MAX_WAIT_MS = 30_000;
  const STABLE_MS = 10_000;

  let ws = null;
  let lastId = 0;
  let retry = 0;
  let stable = null;
  let pendingBind = null;
  /** A frame this long (in UTF-16 units) is a suspect when its socket dies: everyday messages are far shorter. */
  const SUSPECT_SIZE = 16 * 1024;
  const seen = new Set();
  /** Sent but not yet confirmed stored: sent again after a reconnect (the server drops duplicates). */
  const unacked = new Map();

  const notices = {
    tooLong: (n) =>
      `消息太长了（最多 ${n} 个字），没有发出，请分几次发。 / Too long (at most ${n} characters): not sent. Please send it in parts.`,
    slowDown:
      '发得太快了，这条没有发出，请稍等一下再发。 / Too fast: this one was not sent. Please wait a moment and send it again.',
    badMessage: '这条消息没有发出，请再试一次。 / This message was not sent. Please try again.',
    notStored: '没发出去，正在重试… / Not sent yet, trying again…',
    cannotSend:
      '这条消息发不出去，已停止重发，请改短一些再试。 / This message could not be sent and will not be retried: please shorten it and try again.',
    tooManyPages:
      '这个浏览器打开的聊天页面太多了，请关掉几个，稍后会自动重新连接。 / Too many chat pages are open in this browser: close some; this one reconnects shortly.',
    notPhoto: '这个文件不是照片，没有发出。 / That file is not a photo: not sent.',
    photoTooLarge: '照片太大了，没有发出，请换一张。 / The photo is too large: not sent. Please choose another.',
    photoFailed: '照片没发出去，请再试一次。 / The photo was not sent. Please try again.',
    bindFirst: "请先用绑定码绑定，再发照片。 / Please bind with your card's code first, then send the photo.",
    placeFailed:
      '没能取到您的位置，请直接写在哪里，例如“村口”。 / Could not get your location: please write where it is, e.g. "the village entrance".',
    photoBudget:
      '照片已经发得太多了，这张没有发出。请先用文字说明，稍后再发照片。 / Too many photos for now: this one was not sent. Please describe it in words and send photos again later.',
  };
  /** Photos are shrunk to this many pixels on their longer side before upload: enough to see a crack in a wall. */
  const PHOTO_SIDE = 1600;

  const slot = () => {
    const h = decodeURIComponent(location.hash.slice(1));
    if (SLOT.test(h)) return h;
    const last = localStorage.getItem('linli.slot');
    return last && SLOT.test(last) ? last : 'me';
  };
  const status = (text) => {
    $('status').textContent = text || '';
  };
  let noticeTimer = null;
  /** A message about what the person just did; it stays a while, whatever the connection does meanwhile. */
  const notice = (text) => {
    $('notice').textContent = text;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => {
      $('notice').textContent = '';
    }, 12_000);
  };
  const show = (view) => {
    $('start').hidden = view !== 'start';
    $('chat').hidden = view !== 'chat';
    $('composer').hidden = view !== 'chat';
    $('switch').hidden = view !== 'chat';
  };
  const scrollDown = () => {
    if (!$('chat').hidden) window.scrollTo(0, document.body.scrollHeight);
  };
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
    for (const a of item.attachments || []) {
      // The address is signed for this page's identity; the slot says which identity that is.
      const src = a.url ? `${a.url}&slot=${encodeURIComponent(slot())}` : a.preview;
      const media = el(a.kind === 'voice' ? 'audio' : 'img', 'media');
      if (a.kind === 'voice') media.controls = true;
      else media.alt = '照片 / photo';
      media.src = src;
      li.append(media);
    }
    if (item.text) li.append(el('p', 'text', item.text));
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

  /** Refused by the page itself (too long): nothing is shown as sent, nothing is queued. */
  function fits(msg) {
    // A photo's caption is text too.
    if (typeof msg.text === 'string' && msg.text.trim().length > maxText) return false;
    return new Blob([JSON.stringify(msg)]).size <= MAX_FRAME_BYTES;
  }

  function transmit(entry) {
    if (!ws || ws.readyState !== WebSocket.OPEN || entry.sentOn === ws) return;
    const frame = JSON.stringify(entry.msg);
    ws.send(frame);
    entry.sentOn = ws;
    entry.size = frame.length;
    entry.sentAt = Date.now();
  }

  /**
   * The message that most likely made the server close this socket: the largest one still unconfirmed that
   * went out on it. A close for a message too big (1009) drops it at once; when a socket dies without a code
   * (1006: the code is lost when the server hangs up mid-message) with it in flight — a long one, or one sent
   * moments before — twice, it is dropped too, so one message never makes the page reconnect over and over.
   */
  function suspectOn(sock) {
    let worst = null;
    for (const entry of unacked.values())
      if (entry.sentOn === sock && (!worst || entry.size > worst.size)) worst = entry;
    return worst;
  }

  /** Returns false when the message was refused before sending (the text stays in the box to be shortened). */
  function send(body, shown, attachments) {
    const msg = { ...body, id: newId() };
    if (!fits(msg)) {
      notice(notices.tooLong(maxText));
      return false;
    }
    const li = render({ kind: 'me', text: shown, attachments, at: new Date().toISOString() });
    li.classList.add('pending');
    const entry = { msg, li, sentOn: null, size: 0, sentAt: 0, failures: 0 };
    unacked.set(msg.id, entry);
    transmit(entry);
    scrollDown();
    return true;
  }

  /** The server refused this message: it is marked on the page and never sent again. */
  function drop(id, text) {
    const sent = unacked.get(id);
    if (!sent) return;
    unacked.delete(id);
    sent.li.classList.remove('pending');
    sent.li.classList.add('failed');
    sent.li.insertBefore(el('p', 'note', '未发出 / Not sent'), sent.li.querySelector('time'));
    notice(text);
  }

  function onServer(m) {
    if (m.type === 'hello') {
      if (Number.isInteger(m.maxText) && m.maxText > 0) maxText = m.maxText;
      $('who').textContent = m.who || '';
      if (!m.bound && pendingBind) {
        const code = pendingBind;
        pendingBind = null;
        send({ type: 'text', text: `绑定 ${code}` }, `绑定 ${code}`);
      }
      show(m.bound || unacked.size > 0 ? 'chat' : 'start');
      // What is still unconfirmed goes again on this socket (once: what was sent on it already is not).
      for (const entry of unacked.values()) transmit(entry);
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
      const text =
        m.code === 'slow_down'
          ? notices.slowDown
          : m.code === 'too_long'
            ? notices.tooLong(maxText)
            : m.code === 'not_stored'
              ? notices.notStored
              : notices.badMessage;
      // Not stored is the server's trouble: the message stays queued and goes again after a reconnect.
      if (m.id && m.code !== 'not_stored' && unacked.has(m.id)) drop(m.id, text);
      else notice(text);
    }
  }

  function connect() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const q = new URLSearchParams({ slot: slot(), after: String(lastId), lang: navigator.language || '' });
    const sock = new WebSocket(`${proto}//${location.host}/chat/ws?${q}`);
    ws = sock;
    sock.onopen = () => {
      status('');
      // Only a socket that stays open resets the waits: one the server closes at once must not loop.
      clearTimeout(stable);
      stable = setTimeout(() => {
        retry = 0;
      }, STABLE_MS);
    };
    sock.onmessage = (e) => onServer(JSON.parse(e.data));
    sock.onclose = (e) => {
      if (ws !== sock) return;
      ws = null;
      clearTimeout(stable);
      if (e.code === 4401) {
        location.reload();
        return;
      }
      const suspect = suspectOn(sock);
      if (suspect && e.code === 1009) drop(suspect.msg.id, notices.tooLong(maxText));
      else if (
        suspect &&
        e.code === 1006 &&
        (suspect.size >= SUSPECT_SIZE || Date.now() - suspect.sentAt < STABLE_MS) &&
        ++suspect.failures >= 2
      ) {
        drop(suspect.msg.id, notices.cannotSend);
      }
      if (e.code === 4429) notice(notices.tooManyPages);
      status('连接断开，正在重新连接… / Reconnecting…');
      setTimeout(connect, Math.min(MAX_WAIT_MS, 500 * 2 ** Math.min(retry++, 10)));
    };
  }

  /** Another card in this browser: its own identity, its own history. */
  function choose(newSlot, code) {
    localStorage.setItem('linli.slot', newSlot);
    history.replaceState(null, '', `#${newSlot}`);
    pendingBind = code;
    if (ws) {
      const old = ws;
      ws = null;
      old.close();
    }
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
    if (send({ type: 'text', text }, text)) $('text').value = '';
  });
  $('text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $('send-form').requestSubmit();
    }
  });
  $('switch').addEventListener('click', () => show('start'));

  /** A photo shrunk with a canvas to PHOTO_SIDE and re-encoded as JPEG: a phone's photo is several MB, this a few hundred KB. */
  async function shrink(file) {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return canvas.toDataURL('image/jpeg', 0.82);
  }

  async function sendPhoto(file) {
    // A caption too long is refused before anything is uploaded; it stays in the box to be shortened.
    if ($('text').value.trim().length > maxText) {
      notice(notices.tooLong(maxText));
      return;
    }
    let dataUrl;
    try {
      dataUrl = await shrink(file);
    } catch {
      notice(notices.notPhoto);
      return;
    }
    const res = await fetch(`/chat/upload?slot=${encodeURIComponent(slot())}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mime: 'image/jpeg', data: dataUrl.slice(dataUrl.indexOf(',') + 1) }),
    }).catch(() => null);
    if (!res || !res.ok) {
      const code = res
        ? await res.json().then(
            (b) => b && b.error && b.error.code,
            () => null,
          )
        : null;
      notice(
        !res
          ? notices.photoFailed
          : code === 'media.budget_exceeded'
            ? notices.photoBudget
            : res.status === 403
              ? notices.bindFirst
              : res.status === 413
                ? notices.photoTooLarge
                : res.status === 415
                  ? notices.notPhoto
                  : res.status === 429
                    ? notices.slowDown
                    : notices.photoFailed,
      );
      return;
    }
    const { key, sig } = await res.json();
    // What is in the box goes with the photo as its caption.
    const caption = $('text').value.trim();
    const body = { type: 'photo', key, sig, ...(caption ? { text: caption } : {}) };
    if (send(body, caption, [{ kind: 'photo', preview: dataUrl }])) $('text').value = '';
  }
  $('photo-button').addEventListener('click', () => $('photo').click());
  // Where the person stands, from the phone (WGS-84): it becomes the place of what they are reporting.
  $('place-button').addEventListener('click', () => {
    if (!navigator.geolocation) return notice(notices.placeFailed);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const lat = Math.round(pos.coords.latitude * 1e6) / 1e6;
        const long = Math.round(pos.coords.longitude * 1e6) / 1e6;
        send({ type: 'location', lat, long }, `📍 ${lat.toFixed(5)}, ${long.toFixed(5)}`);
      },
      () => notice(notices.placeFailed),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  });
  $('photo').addEventListener('change', () => {
    const file = $('photo').files[0];
    $('photo').value = '';
    if (file) sendPhoto(file);
  });
  window.addEventListener('hashchange', () => {
    if (slot() !== localStorage.getItem('linli.slot')) choose(slot(), null);
  });

  loadCards().catch(() => {});
  connect();
})();
