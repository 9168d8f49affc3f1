/* Keeps pasted Markdown in this browser while it is typed, and brings it back when the
   form is opened again empty. No build step, no library; the form works without it.
   Each form names its draft (data-draft-key); the text is dropped once it is sent. */
(function () {
  "use strict";
  var PREFIX = "casebook-draft:";
  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  function say(status, text) { if (status) { status.textContent = text; } }
  document.querySelectorAll("textarea[data-draft-key]").forEach(function (area) {
    var storage = store();
    if (!storage) { return; }
    var key = PREFIX + area.getAttribute("data-draft-key");
    var status = document.getElementById("draft-status");
    var saved = storage.getItem(key);
    if (saved && !area.value) {
      area.value = saved;
      say(status, "Your unsent text was restored from this browser.");
    }
    var timer = null;
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        try {
          if (area.value) { storage.setItem(key, area.value); } else { storage.removeItem(key); }
          say(status, area.value ? "Saved in this browser." : "");
        } catch (e) {
          say(status, "This browser could not keep a copy; send the text to keep it.");
        }
      }, 800);
    });
    if (area.form) {
      area.form.addEventListener("submit", function () {
        window.clearTimeout(timer);
        // The server keeps what it accepts and sends back what it refuses.
        storage.removeItem(key);
      });
    }
  });
})();
