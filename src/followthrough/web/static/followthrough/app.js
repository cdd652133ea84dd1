// followthrough: the only script of our own. Copy a draft's text; say a note is being sent; move focus after htmx swaps;
// the first field a form refused takes the focus (autofocus does it without script; this covers a group of choices).
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
document.addEventListener("submit", function (event) {
  // A second click on Send would only be refused (a note goes out once): say it is on its way.
  var button = event.target.querySelector("button.send-button");
  if (button) setTimeout(function () { button.disabled = true; button.textContent = "Sending…"; }, 0);
});
document.addEventListener("htmx:afterSettle", function () {
  // The step just settled says so; focus moves there, so the keyboard is not lost.
  var status = document.querySelector("[data-focus-me]");
  if (status) { status.removeAttribute("data-focus-me"); status.focus(); }
});
document.addEventListener("DOMContentLoaded", function () {
  if (document.querySelector("[autofocus]")) return;
  var error = document.querySelector(".field-error");
  if (!error) return;
  var field = document.querySelector("[aria-describedby~='" + error.id + "']") ||
    (error.closest("fieldset") || error.parentNode).querySelector("input, select, textarea");
  if (field) field.focus();
});
