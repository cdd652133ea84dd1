// followthrough: the only script of our own. Copy a draft's text; move focus after htmx swaps.
"use strict";
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy]");
  if (!button) return;
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.textContent).then(function () {
    button.textContent = "Copied";
  });
});
document.addEventListener("htmx:afterSettle", function () {
  // The step just settled says so; focus moves there, so the keyboard is not lost.
  var status = document.querySelector("[data-focus-me]");
  if (status) { status.removeAttribute("data-focus-me"); status.focus(); }
});
