// The HTML report's only script: filters and search over the checks, with no request and no
// server. Without it every check stays visible and the filter form stays hidden.
(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form) return;
  var search = document.getElementById('filter-search');
  var status = document.getElementById('filter-status');
  var cluster = document.getElementById('filter-cluster');
  var section = document.getElementById('filter-section');
  var count = document.getElementById('filter-count');
  var checks = Array.prototype.slice.call(document.querySelectorAll('article.check'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.section'));
  var texts = null;

  function has(list, value) {
    return (' ' + (list || '') + ' ').indexOf(' ' + value + ' ') >= 0;
  }
  function inSection(id, wanted) {
    return !wanted || id === wanted || id.indexOf(wanted + '.') === 0;
  }
  function apply() {
    var term = search.value.trim().toLowerCase();
    var st = status.value, cl = cluster.value, se = section.value, shown = 0;
    if (term && texts === null) {
      texts = checks.map(function (c) { return c.textContent.toLowerCase(); });
    }
    checks.forEach(function (check, i) {
      var visible = (!st || has(check.dataset.statuses, st)) && (!cl || has(check.dataset.clusters, cl)) &&
          inSection(check.dataset.section, se) && (!term || texts[i].indexOf(term) >= 0);
      check.hidden = !visible;
      if (!visible) return;
      shown++;
      Array.prototype.forEach.call(check.querySelectorAll('tr[data-status]'), function (row) {
        row.hidden = !((!st || has(row.dataset.status, st)) && (!cl || has(row.dataset.clusters, cl)));
      });
    });
    sections.forEach(function (s) {
      s.hidden = s.querySelector('article.check:not([hidden])') === null;
    });
    count.textContent = shown + ' of ' + checks.length + ' checks shown';
  }
  form.hidden = false;
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  // A printed report shows everything folded away on screen.
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  });
  apply();
})();
