// The search page: Pagefind's interface (Japanese, from <html lang="ja">), started
// with the words typed into the header's search form (?q=…).
(function () {
  "use strict";
  if (typeof PagefindUI === "undefined") {
    return;
  }
  var base = document.getElementById("search").getAttribute("data-bundle");
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: base,
    showImages: false,
    showSubResults: true,
    resetStyles: false,
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
