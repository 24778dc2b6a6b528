// Annotation pages: every action has a key (the shared ones from /web/keys.js). No network
// calls; forms post as usual.
(function () {
  "use strict";
  var keys = window.TriageKeys;

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
    if (event.ctrlKey || event.altKey || event.metaKey || keys.typing(event.target)) { return; }
    var key = event.key;
    var handled = true;
    if (key === "s") { handled = submitWith("save"); }
    else if (key === "i") { handled = submitWith("nei"); }
    else if (key === "n") { var skip = document.getElementById("skip-form"); if (skip) { skip.requestSubmit(); } else { handled = false; } }
    else if (key === "d") { var flag = document.getElementById("needs-discussion"); if (flag) { flag.checked = !flag.checked; } else { handled = false; } }
    else if (key === "g") { handled = toggleGuideline(); }
    else if (key === "a") { handled = takeSuggestion(); }
    else if (key === "r") { var reason = document.getElementById("reason"); if (reason) { reason.focus(); } else { handled = false; } }
    else if (key === "l") { handled = followFirst("a.start, a.open-item, a.adjudicate"); }
    else { handled = keys.common(key); }
    if (handled) { event.preventDefault(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    keys.wireConcerns();
    document.addEventListener("keydown", onKey);
  });
})();
