// Keyboard and evidence helpers shared by the review page and the annotation pages
// (each page's own script binds its keys with them). No network calls.
window.TriageKeys = (function () {
  "use strict";

  // True while the focus is somewhere the user types (shortcuts must not fire there).
  function typing(target) {
    var tag = (target && target.tagName) || "";
    return tag === "TEXTAREA" || (tag === "INPUT" && target.type !== "checkbox" && target.type !== "radio");
  }

  function highlight(concernId, on) {
    document.querySelectorAll(".ev").forEach(function (piece) {
      var ids = (piece.getAttribute("data-concerns") || "").split(" ");
      if (ids.indexOf(concernId) >= 0) { piece.classList.toggle("hl", on); }
    });
  }

  // Focusing (or hovering) a concern row highlights its evidence in the narrative.
  function wireConcerns() {
    document.querySelectorAll("li.concern").forEach(function (row) {
      var id = row.getAttribute("data-concern");
      var on = function () { row.classList.add("active"); highlight(id, true); };
      var off = function () { row.classList.remove("active"); highlight(id, false); };
      row.addEventListener("mouseenter", on);
      row.addEventListener("mouseleave", off);
      row.addEventListener("focusin", on);
      row.addEventListener("focusout", off);
    });
  }

  // j/k: the next or previous concern checkbox.
  function moveFocus(step) {
    var boxes = Array.prototype.slice.call(document.querySelectorAll("li.concern input"));
    if (!boxes.length) { return; }
    var index = boxes.indexOf(document.activeElement);
    var next = index < 0 ? 0 : Math.min(boxes.length - 1, Math.max(0, index + step));
    boxes[next].focus();
  }

  // The keys both pages share: j/k move, x ticks the focused box, 1-9 choose a need level.
  // Returns true when the key was one of them.
  function common(key) {
    var levels = document.querySelectorAll("input[name=need_level]");
    if (key === "j") { moveFocus(1); return true; }
    if (key === "k") { moveFocus(-1); return true; }
    if (key === "x") {
      var box = document.activeElement;
      if (box && box.type === "checkbox") { box.checked = !box.checked; return true; }
      return false;
    }
    if (/^[1-9]$/.test(key) && levels.length >= Number(key)) {
      var radio = levels[Number(key) - 1];
      radio.checked = true; radio.focus();
      return true;
    }
    return false;
  }

  return { typing: typing, wireConcerns: wireConcerns, common: common };
})();
