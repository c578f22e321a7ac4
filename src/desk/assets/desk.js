/* global document, window, EventSource */
// The desk's only script: the live board (with its urgent sound), the charts, the picture viewer, the print buttons. No inline script (the CSP forbids it).
(function () {
  'use strict';
  document.querySelectorAll('button.print').forEach(function (b) {
    b.addEventListener('click', function () {
      window.print();
    });
  });

  var board = document.getElementById('board');
  if (board && window.EventSource) {
    var busy = false,
      again = false;
    var refresh = function () {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      fetch(board.dataset.rows, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) {
          return r.ok ? r.json() : null;
        })
        .then(function (d) {
          if (!d) return;
          document.getElementById('rows').innerHTML = d.rows;
          document.getElementById('counts').innerHTML = d.counts;
          document.getElementById('shown').textContent = d.shown;
          noticeUrgent();
        })
        .catch(function () {
          /* the next change tries again */
        })
        .then(function () {
          busy = false;
          if (again) {
            again = false;
            refresh();
          }
        });
    };
    // A new urgent request: one beep (unless muted on this computer) and the count in the tab's title until seen.
    var sound = document.getElementById('sound');
    var muted = window.localStorage && window.localStorage.getItem('linli.desk.mute') === '1';
    var title = document.title,
      unseen = 0;
    var urgentRefs = function () {
      var out = {};
      document.querySelectorAll('#rows tr.urgent[data-ref]').forEach(function (tr) {
        out[tr.dataset.ref] = true;
      });
      return out;
    };
    var known = urgentRefs();
    var showSound = function () {
      if (!sound) return;
      sound.textContent = muted ? sound.dataset.off : sound.dataset.on;
      sound.setAttribute('aria-pressed', muted ? 'false' : 'true');
      document.body.dataset.muted = muted ? '1' : '0';
    };
    var beep = function () {
      document.body.dataset.beeps = String(Number(document.body.dataset.beeps || 0) + 1);
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      try {
        var ctx = new Ctx(),
          o = ctx.createOscillator(),
          g = ctx.createGain();
        o.type = 'sine';
        o.frequency.value = 880;
        g.gain.value = 0.2;
        o.connect(g);
        g.connect(ctx.destination);
        o.start();
        o.frequency.setValueAtTime(660, ctx.currentTime + 0.18);
        o.stop(ctx.currentTime + 0.4);
        o.onended = function () {
          ctx.close();
        };
      } catch {
        /* no sound device: the title still counts */
      }
    };
    var badge = function () {
      document.title = unseen
        ? (sound ? sound.dataset.badge : '(0)').replace('0', String(unseen)) + ' ' + title
        : title;
      document.body.dataset.unseen = String(unseen);
    };
    var seen = function () {
      if (unseen && !document.hidden) {
        unseen = 0;
        badge();
      }
    };
    var noticeUrgent = function () {
      var now = urgentRefs(),
        fresh = 0;
      Object.keys(now).forEach(function (ref) {
        if (!known[ref]) {
          fresh++;
          var tr = document.querySelector('#rows tr[data-ref="' + ref + '"]');
          if (tr) tr.classList.add('fresh');
        }
      });
      known = now;
      if (!fresh) return;
      unseen += fresh;
      badge();
      if (!muted) beep();
    };
    if (sound) {
      showSound();
      sound.addEventListener('click', function () {
        muted = !muted;
        try {
          window.localStorage.setItem('linli.desk.mute', muted ? '1' : '0');
        } catch {
          /* private mode: this page only */
        }
        showSound();
      });
    }
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden) window.setTimeout(seen, 3000);
    });
    document.addEventListener('click', seen);
    document.addEventListener('keydown', seen);
    var events = new EventSource(board.dataset.events);
    var live = document.getElementById('live');
    events.addEventListener('ready', function () {
      if (live) live.hidden = false;
      refresh();
    });
    events.addEventListener('changed', refresh);
    events.onerror = function () {
      if (live) live.hidden = true;
    };
  }

  // Pictures of a request open large in the page; a click anywhere or Escape closes them.
  var pictures = document.querySelectorAll('.attachments a.viewable');
  if (pictures.length) {
    var viewer = document.createElement('dialog');
    viewer.className = 'viewer';
    viewer.innerHTML = '<form method="dialog"><button type="submit" class="link"></button></form><img alt="">';
    viewer.querySelector('button').textContent = '✕ ' + (document.querySelector('.attachments').dataset.close || '');
    document.body.appendChild(viewer);
    viewer.addEventListener('click', function () {
      viewer.close();
    });
    pictures.forEach(function (a) {
      a.addEventListener('click', function (ev) {
        if (!viewer.showModal) return;
        ev.preventDefault();
        var img = viewer.querySelector('img');
        img.src = a.getAttribute('href');
        img.alt = a.querySelector('img').alt;
        viewer.showModal();
      });
    });
  }

  var canvases = document.querySelectorAll('canvas[data-chart]');
  if (canvases.length) {
    var s = document.createElement('script');
    s.src = '/desk/assets/chart.js';
    s.onload = function () {
      var colours = { response: '#2f6fb0', resolution: '#2e8b57', satisfaction: '#d9822b' };
      canvases.forEach(function (c) {
        var spec = JSON.parse(c.dataset.chart);
        var pct = function (v) {
          return v === null ? null : Math.round(v * 1000) / 10;
        };
        var datasets = ['response', 'resolution', 'satisfaction'].map(function (k) {
          return {
            label: spec.labels[k],
            data: spec.points.map(function (p) {
              return pct(p[k]);
            }),
            backgroundColor: colours[k],
            borderColor: colours[k],
            spanGaps: true,
          };
        });
        c.chart = new window.Chart(c, {
          type: c.dataset.kind === 'line' ? 'line' : 'bar',
          data: {
            labels: spec.points.map(function (p) {
              return p.label;
            }),
            datasets: datasets,
          },
          options: {
            animation: false,
            responsive: true,
            scales: {
              y: {
                min: 0,
                max: 100,
                ticks: {
                  callback: function (v) {
                    return v + '%';
                  },
                },
              },
            },
          },
        });
      });
      document.body.dataset.charts = 'ready';
    };
    document.head.appendChild(s);
  }
})();
