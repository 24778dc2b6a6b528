// Review page behaviour: evidence highlighting and keyboard shortcuts. No network calls.
(function () {
  "use strict";

  function highlight(concernId, on) {
    document.querySelectorAll(".ev").forEach(function (piece) {
      var ids = (piece.getAttribute("data-concerns") || "").split(" ");
      if (ids.indexOf(concernId) >= 0) { piece.classList.toggle("hl", on); }
    });
  }

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

  function typing(target) {
    var tag = (target && target.tagName) || "";
    return tag === "TEXTAREA" || (tag === "INPUT" && target.type !== "checkbox" && target.type !== "radio");
  }

  function moveFocus(step) {
    var boxes = Array.prototype.slice.call(document.querySelectorAll("li.concern input"));
    if (!boxes.length) { return; }
    var index = boxes.indexOf(document.activeElement);
    var next = index < 0 ? 0 : Math.min(boxes.length - 1, Math.max(0, index + step));
    boxes[next].focus();
  }

  function click(id) {
    var element = document.getElementById(id);
    if (element) { element.click(); return true; }
    return false;
  }

  function onKey(event) {
    if (event.ctrlKey && event.key === "Enter" && document.getElementById("paste-form")) {
      event.preventDefault();
      document.getElementById("paste-form").requestSubmit();
      return;
    }
    if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) { return; }
    var levels = document.querySelectorAll("input[name=need_level]");
    var key = event.key;
    var handled = true;
    if (key === "a") { handled = click("accept"); }
    else if (key === "s") { handled = click("correct"); }
    else if (key === "r") { handled = click("reject"); }
    else if (key === "j") { moveFocus(1); }
    else if (key === "k") { moveFocus(-1); }
    else if (key === "x") {
      var box = document.activeElement;
      if (box && box.type === "checkbox") { box.checked = !box.checked; } else { handled = false; }
    }
    else if (key === "c" && document.getElementById("comment")) { document.getElementById("comment").focus(); }
    else if (key === "n") { window.location.href = "/next"; }
    else if (/^[1-9]$/.test(key) && levels.length >= Number(key)) {
      var radio = levels[Number(key) - 1];
      radio.checked = true; radio.focus();
    }
    else { handled = false; }
    if (handled) { event.preventDefault(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireConcerns();
    document.addEventListener("keydown", onKey);
  });
})();
