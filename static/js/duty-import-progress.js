// The duty-list import page while the import runs: poll its progress, reload when done.
// A static file (no inline script) so the Content-Security-Policy needs no 'unsafe-inline'.
(function () {
  var card = document.getElementById("progress-card");
  if (!card || card.hidden) { return; }
  var bar = document.getElementById("progress-bar");
  var label = document.getElementById("progress-label");
  var template = card.dataset.template;
  function show(percent) {
    bar.style.width = percent + "%";
    bar.parentNode.setAttribute("aria-valuenow", percent);
  }
  function poll() {
    fetch(card.dataset.url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (p) {
        show(p.percent);
        label.textContent = template.replace("%(done)s", p.processed_rows).replace("%(total)s", p.total_rows) + " · " + p.status_display;
        if (p.done) { window.location.reload(); } else { setTimeout(poll, 1500); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  show(card.dataset.percent);
  setTimeout(poll, 1000);
})();
