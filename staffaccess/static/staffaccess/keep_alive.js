// While the user types or clicks on an admin page, tell the server at most once a minute,
// so that the idle timeout (STAFF_IDLE_MINUTES) counts from their last keystroke, not from
// their last request. The address comes from the script tag's data-keep-alive.
(function () {
  "use strict";
  const address = document.currentScript.dataset.keepAlive;
  let last = Date.now();
  function activity() {
    if (Date.now() - last < 60000) return;
    last = Date.now();
    fetch(address, { credentials: "same-origin", cache: "no-store" }).catch(function () {});
  }
  for (const event of ["keydown", "pointerdown", "input"]) {
    document.addEventListener(event, activity, { capture: true, passive: true });
  }
})();
