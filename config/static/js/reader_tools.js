// The article page's reader tools (news/article.html): the text size (字号) kept in this
// browser's localStorage (no cookie), printing (打印), copying the address (复制链接). Without
// script, the size links still work for the page shown (:target) and the address is there to
// copy by hand.
(function () {
  "use strict";
  var root = document.documentElement;
  var SIZES = ["small", "medium", "large"];

  function apply(size) {
    SIZES.forEach(function (each) {
      root.classList.toggle("text-" + each, each === size);
    });
  }

  try {
    apply(localStorage.getItem("text-size") || "medium");
  } catch (error) {
    // Storage refused (private mode): sizes still apply to the page shown.
  }

  document.addEventListener("click", function (event) {
    var size = event.target.closest("[data-text-size]");
    if (size) {
      event.preventDefault();
      apply(size.dataset.textSize);
      try {
        localStorage.setItem("text-size", size.dataset.textSize);
      } catch (error) {}
      return;
    }
    if (event.target.closest("[data-print]")) {
      window.print();
      return;
    }
    var copy = event.target.closest("[data-copy]");
    if (copy && navigator.clipboard) {
      navigator.clipboard.writeText(copy.dataset.copy).then(function () {
        copy.textContent = copy.dataset.copied;
      });
    }
  });

  document.querySelectorAll("[data-print], [data-copy]").forEach(function (button) {
    button.hidden = false;
  });
})();
