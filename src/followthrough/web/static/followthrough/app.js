// followthrough: the only script of our own. Copy a draft's text; say a note is being sent; move focus after htmx swaps;
// the first field a form refused takes the focus (autofocus does it without script; this covers a group of choices);
// open the filters on a wide screen; print.
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
// A disclosure that saves room on a phone (the board's filters) starts open on a wider screen.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.matchMedia("(min-width: 40.01rem)").matches) return;
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) { details.open = true; });
});
// "Print the checklist": the print stylesheet shows the checklist alone.
document.addEventListener("click", function (event) {
  if (event.target.closest("button[data-print]")) window.print();
});
document.addEventListener("DOMContentLoaded", function () {
  // Without this script the button could do nothing: it shows only with it.
  document.querySelectorAll("button[data-print]").forEach(function (button) { button.hidden = false; });
});
window.addEventListener("load", function () {
  // On load, after the browser has gone to the address's #fragment (Settings answers at
  // /settings/#away, its heading focusable) and skipped autofocus for it: the first refused
  // field takes the focus all the same.
  var first = document.querySelector("[autofocus]");
  if (first) { if (document.activeElement !== first) first.focus(); return; }
  var error = document.querySelector(".field-error");
  if (!error) return;
  var field = document.querySelector("[aria-describedby~='" + error.id + "']") ||
    (error.closest("fieldset") || error.parentNode).querySelector("input, select, textarea");
  if (field) field.focus();
});
