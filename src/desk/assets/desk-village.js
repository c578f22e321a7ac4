/* global document, window, EventSource */
// The votes page: the live tally and the household picker's search. No inline script (the CSP forbids it).
(function () {
  'use strict';
  var tally = document.getElementById('tally');
  if (tally && window.EventSource) {
    var live = document.getElementById('live');
    var events = new EventSource(tally.dataset.events);
    events.addEventListener('ready', function () {
      if (live) live.hidden = false;
    });
    events.addEventListener('tally', function (e) {
      try {
        tally.innerHTML = JSON.parse(e.data).html;
      } catch {
        /* the next change brings it */
      }
    });
    events.onerror = function () {
      if (live) live.hidden = true;
    };
  }
  // Narrows the household list to those whose group, address or head contain what was typed.
  document.querySelectorAll('input[data-filter="household"]').forEach(function (input) {
    var list = input.form && input.form.querySelector('select[name="household"]');
    if (!list) return;
    input.addEventListener('input', function () {
      var q = input.value.trim();
      var first = null;
      Array.prototype.forEach.call(list.options, function (o) {
        var show = !q || o.textContent.indexOf(q) >= 0;
        o.hidden = !show;
        if (show && !first) first = o;
      });
      if (first) first.selected = true;
    });
  });
})();
