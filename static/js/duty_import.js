/* An import's page while its job runs: poll the progress and reload when it is done. Without
   scripts the page shows the progress of the moment and says to reload. */
(function () {
  "use strict";
  var card = document.getElementById("progress-card");
  if (!card || card.hidden) return;
  var bar = document.getElementById("progress-bar");
  var label = document.getElementById("progress-label");
  var template = card.getAttribute("data-template");
  function poll() {
    fetch(card.getAttribute("data-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (p) {
        bar.value = p.percent;
        bar.textContent = p.percent + "%";
        label.textContent = template.replace("%(done)s", p.processed_rows).replace("%(total)s", p.total_rows) + " · " + p.status_display;
        if (p.done) { window.location.reload(); } else { setTimeout(poll, 1500); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
