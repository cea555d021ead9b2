/* Street, then community: once a street is chosen, the community list shows only that street's
   communities (the <optgroup> labelled with its name). Without scripts every community is listed,
   grouped by street, and the server checks that the two agree. */
(function () {
  "use strict";
  var street = document.querySelector("select[data-place-street]");
  var community = document.querySelector("select[data-place-community]");
  if (!street || !community) return;
  function narrow() {
    var chosen = street.selectedIndex > 0 ? street.options[street.selectedIndex].text : "";
    var groups = community.querySelectorAll("optgroup");
    for (var i = 0; i < groups.length; i++) {
      var mine = !chosen || groups[i].label === chosen;
      groups[i].hidden = !mine;
      groups[i].disabled = !mine;
    }
    var selected = community.options[community.selectedIndex];
    if (selected && selected.parentNode.tagName === "OPTGROUP" && selected.parentNode.disabled) {
      community.selectedIndex = 0;
    }
  }
  street.addEventListener("change", narrow);
  narrow();
})();
