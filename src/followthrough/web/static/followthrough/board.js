// followthrough: drag a card to another stage before the interview. The drop posts the
// card's own "Move to" form (which works without this script); the server says yes or no.
"use strict";
(function () {
  var status = document.getElementById("move-status");
  var dragged = null;

  function say(text, ok) {
    if (!status) return;
    // One notice at a time: the page's earlier one ("Moved … to Saved.") gives way to this.
    var notices = document.getElementById("notices");
    if (notices) notices.textContent = "";
    status.textContent = text;
    status.className = "move-status " + (ok ? "ok" : "error");
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("li.card[data-move]");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
    card.classList.add("dragging");
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    document.querySelectorAll(".column.drop-here").forEach(function (c) { c.classList.remove("drop-here"); });
    dragged = null;
  });
  document.addEventListener("dragover", function (event) {
    var column = event.target.closest && event.target.closest("section.column[data-stage]");
    if (!column || !dragged) return;
    event.preventDefault();  // a drop is taken here, and answered (even a refusal)
    event.dataTransfer.dropEffect = "move";
    document.querySelectorAll(".column.drop-here").forEach(function (c) {
      if (c !== column) c.classList.remove("drop-here");
    });
    column.classList.add("drop-here");
  });
  document.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest("section.column[data-stage]");
    if (!column || !dragged) return;
    event.preventDefault();
    var card = dragged;
    var form = document.getElementById(card.getAttribute("data-move"));
    if (!form || card.closest("section.column") === column) return;
    var data = new FormData(form);
    data.set("stage", column.getAttribute("data-stage"));
    say("Moving…", true);
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-Requested-With": "fetch"}
    }).then(function (response) {
      return response.text().then(function (text) {
        if (response.ok) {
          // The board again, opened on the moved card (a new hash alone would not reload).
          var there = new URL(text, window.location.href);
          if (there.pathname + there.search === window.location.pathname + window.location.search) {
            window.location.hash = there.hash;
            window.location.reload();
          } else {
            window.location.assign(there.href);
          }
        } else {
          say(text, false);
          card.focus();
        }
      });
    }).catch(function () { say("The move did not reach followthrough: try the “Move to” list.", false); });
  });

  // After a move, the board opens on the card: focus it, so the keyboard carries on there.
  var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (target && target.classList.contains("card")) target.focus();
})();
