/* Checkbox pickers (core/widgets.py): a filter box, a live count, "whole group" / "clear" buttons
   and removable chips for what is chosen. The server-rendered boxes are the form; this only helps. */
(function () {
  "use strict";

  function text(el) { return (el.textContent || "").replace(/\s+/g, " ").trim(); }

  function setUp(picker) {
    var boxes = Array.prototype.slice.call(picker.querySelectorAll("input[type=checkbox]"));
    var count = picker.querySelector("[data-picker-count]");
    var chips = picker.querySelector("[data-picker-chips]");
    var filter = picker.querySelector("[data-picker-filter]");

    function refresh() {
      var chosen = boxes.filter(function (b) { return b.checked; });
      if (count) count.textContent = count.getAttribute("data-template").replace("__count__", chosen.length);
      if (!chips) return;
      chips.textContent = "";
      chosen.forEach(function (box) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = text(box.parentNode) + " ×";
        button.addEventListener("click", function () { box.checked = false; refresh(); box.focus(); });
        li.appendChild(button);
        chips.appendChild(li);
      });
    }

    function applyFilter() {
      var words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      picker.querySelectorAll("[data-picker-group]").forEach(function (group) {
        var legend = group.querySelector("legend");
        var groupText = legend ? text(legend).toLowerCase() : "";
        var shown = 0;
        group.querySelectorAll("[data-picker-option]").forEach(function (option) {
          var haystack = groupText + " " + text(option).toLowerCase();
          var match = words.every(function (w) { return haystack.indexOf(w) !== -1; });
          option.hidden = !match;
          if (match) shown += 1;
        });
        group.hidden = shown === 0;
      });
    }

    function setGroup(group, checked) {
      group.querySelectorAll("[data-picker-option]").forEach(function (option) {
        if (option.hidden) return;
        var box = option.querySelector("input[type=checkbox]");
        if (!box.disabled) box.checked = checked;
      });
      refresh();
    }

    picker.querySelectorAll("[data-picker-tools], [data-picker-group-tools]").forEach(function (el) { el.hidden = false; });
    picker.addEventListener("change", refresh);
    if (filter) filter.addEventListener("input", applyFilter);
    var clear = picker.querySelector("[data-picker-clear]");
    if (clear) clear.addEventListener("click", function () {
      boxes.forEach(function (b) { if (!b.disabled) b.checked = false; });
      refresh();
    });
    picker.querySelectorAll("[data-picker-group]").forEach(function (group) {
      var all = group.querySelector("[data-picker-all]");
      var none = group.querySelector("[data-picker-none]");
      if (all) all.addEventListener("click", function () { setGroup(group, true); });
      if (none) none.addEventListener("click", function () { setGroup(group, false); });
    });
    refresh();
  }

  document.querySelectorAll("[data-picker]").forEach(setUp);
})();
