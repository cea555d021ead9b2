/* Forms: the error summary takes the focus after a failed submission, and each of its links moves
   the focus to its field (a bare #fragment only scrolls). The pages work the same without it.
   The summary takes the focus only if nothing has it yet: on a slow connection this script can
   arrive after the person has started correcting a field, and taking the focus then would send
   the rest of their typing nowhere. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-testid=error-summary]");
  if (!summary) return;
  var active = document.activeElement;
  if (!active || active === document.body || active === document.documentElement) summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-focus]");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("data-focus"));
    if (!field) return;
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });
})();
