// Search-as-you-type over the theme checkboxes: shows the themes whose words match and opens their life domains.
(function () {
  var box = document.querySelector(".theme-search");
  var groups = document.getElementById("theme-groups");
  if (!box || !groups) return;
  box.hidden = false;
  var search = document.getElementById("theme-search");
  search.addEventListener("input", function () {
    var words = search.value.trim().toLowerCase();
    groups.querySelectorAll("details").forEach(function (group) {
      var domain = group.querySelector("summary").textContent.toLowerCase();
      var shown = 0;
      group.querySelectorAll(".choices label").forEach(function (label) {
        var hit = !words || domain.indexOf(words) >= 0 || label.textContent.toLowerCase().indexOf(words) >= 0;
        label.hidden = !hit;
        if (hit) shown += 1;
      });
      group.hidden = shown === 0;
      group.open = Boolean(words) && shown > 0 || group.querySelector("input:checked") !== null;
    });
  });
  search.addEventListener("keydown", function (event) {  // Enter picks the first theme shown, not the form
    if (event.key !== "Enter") return;
    event.preventDefault();
    var first = groups.querySelector("details:not([hidden]) label:not([hidden]) input");
    if (first) { first.checked = true; first.focus(); }
  });
})();
