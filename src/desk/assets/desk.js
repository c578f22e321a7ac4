/* global document, window, EventSource */
// The desk's only script: the live board, the charts, the print buttons. No inline script (the CSP forbids it).
(function () {
  'use strict';
  document.querySelectorAll('button.print').forEach(function (b) { b.addEventListener('click', function () { window.print(); }); });

  var board = document.getElementById('board');
  if (board && window.EventSource) {
    var busy = false, again = false;
    var refresh = function () {
      if (busy) { again = true; return; }
      busy = true;
      fetch(board.dataset.rows, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (d) {
          if (!d) return;
          document.getElementById('rows').innerHTML = d.rows;
          document.getElementById('counts').innerHTML = d.counts;
          document.getElementById('shown').textContent = d.shown;
        })
        .catch(function () { /* the next change tries again */ })
        .then(function () { busy = false; if (again) { again = false; refresh(); } });
    };
    var events = new EventSource(board.dataset.events);
    var live = document.getElementById('live');
    events.addEventListener('ready', function () { if (live) live.hidden = false; refresh(); });
    events.addEventListener('changed', refresh);
    events.onerror = function () { if (live) live.hidden = true; };
  }

  var canvases = document.querySelectorAll('canvas[data-chart]');
  if (canvases.length) {
    var s = document.createElement('script');
    s.src = '/desk/assets/chart.js';
    s.onload = function () {
      var colours = { response: '#2f6fb0', resolution: '#2e8b57', satisfaction: '#d9822b' };
      canvases.forEach(function (c) {
        var spec = JSON.parse(c.dataset.chart);
        var pct = function (v) { return v === null ? null : Math.round(v * 1000) / 10; };
        var datasets = ['response', 'resolution', 'satisfaction'].map(function (k) {
          return { label: spec.labels[k], data: spec.points.map(function (p) { return pct(p[k]); }), backgroundColor: colours[k], borderColor: colours[k], spanGaps: true };
        });
        c.chart = new window.Chart(c, {
          type: c.dataset.kind === 'line' ? 'line' : 'bar',
          data: { labels: spec.points.map(function (p) { return p.label; }), datasets: datasets },
          options: { animation: false, responsive: true, scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + '%'; } } } } },
        });
      });
      document.body.dataset.charts = 'ready';
    };
    document.head.appendChild(s);
  }
})();
