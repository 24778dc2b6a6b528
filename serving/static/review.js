// Review page keys (a, s, r, c, n, Ctrl+Enter); the shared ones come from /web/keys.js.
(function () {
  "use strict";
  var keys = window.TriageKeys;

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
    if (event.ctrlKey || event.altKey || event.metaKey || keys.typing(event.target)) { return; }
    var key = event.key;
    var handled = true;
    if (key === "a") { handled = click("accept"); }
    else if (key === "s") { handled = click("correct"); }
    else if (key === "r") { handled = click("reject"); }
    else if (key === "c" && document.getElementById("comment")) { document.getElementById("comment").focus(); }
    else if (key === "n") { window.location.href = "/next"; }
    else { handled = keys.common(key); }
    if (handled) { event.preventDefault(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    keys.wireConcerns();
    document.addEventListener("keydown", onKey);
  });
})();
