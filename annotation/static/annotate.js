// Annotation pages: every action has a key. No network calls; forms post as usual.
(function () {
  "use strict";

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

  function wireConcerns() {
    document.querySelectorAll("li.concern").forEach(function (row) {
      var id = row.getAttribute("data-concern");
      row.addEventListener("focusin", function () { row.classList.add("active"); highlight(id, true); });
      row.addEventListener("focusout", function () { row.classList.remove("active"); highlight(id, false); });
    });
  }

  function moveFocus(step) {
    var boxes = Array.prototype.slice.call(document.querySelectorAll("li.concern input"));
    if (!boxes.length) { return; }
    var index = boxes.indexOf(document.activeElement);
    var next = index < 0 ? 0 : Math.min(boxes.length - 1, Math.max(0, index + step));
    boxes[next].focus();
  }

  function submitWith(buttonId) {
    var form = document.getElementById("answer-form");
    var button = document.getElementById(buttonId);
    if (!form || !button) { return false; }
    form.requestSubmit(button);  // runs the browser's checks (a need level is required)
    return true;
  }

  function toggleGuideline(show) {
    var panel = document.getElementById("guideline");
    if (!panel) { return false; }
    panel.hidden = show === undefined ? !panel.hidden : !show;
    if (!panel.hidden) { panel.focus(); }
    return true;
  }

  function takeSuggestion() {
    var boxes = document.querySelectorAll("li.concern input");
    if (!document.getElementById("take-suggestion")) { return false; }
    boxes.forEach(function (box) { box.checked = box.hasAttribute("data-suggested"); });
    var level = document.querySelector("input[name=need_level][data-suggested]");
    if (level) { level.checked = true; }
    return true;
  }

  function followFirst(selector) {
    var link = document.querySelector(selector);
    if (link) { window.location.href = link.getAttribute("href"); return true; }
    return false;
  }

  function onKey(event) {
    if (event.key === "Escape") { toggleGuideline(false); return; }
    if (event.ctrlKey && event.key === "Enter") {
      if (submitWith("save")) { event.preventDefault(); }
      return;
    }
    if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) { return; }
    var key = event.key;
    var levels = document.querySelectorAll("input[name=need_level]");
    var handled = true;
    if (key === "s") { handled = submitWith("save"); }
    else if (key === "i") { handled = submitWith("nei"); }
    else if (key === "n") { var skip = document.getElementById("skip-form"); if (skip) { skip.requestSubmit(); } else { handled = false; } }
    else if (key === "j") { moveFocus(1); }
    else if (key === "k") { moveFocus(-1); }
    else if (key === "x") {
      var box = document.activeElement;
      if (box && box.type === "checkbox") { box.checked = !box.checked; } else { handled = false; }
    }
    else if (key === "d") { var flag = document.getElementById("needs-discussion"); if (flag) { flag.checked = !flag.checked; } else { handled = false; } }
    else if (key === "g") { handled = toggleGuideline(); }
    else if (key === "a") { handled = takeSuggestion(); }
    else if (key === "r") { var reason = document.getElementById("reason"); if (reason) { reason.focus(); } else { handled = false; } }
    else if (key === "l") { handled = followFirst("a.start, a.open-item, a.adjudicate"); }
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
