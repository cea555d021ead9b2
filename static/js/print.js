// Print buttons: <button data-print>. Bound here rather than onclick="" for the CSP.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
