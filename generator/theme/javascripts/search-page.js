// The search page: Pagefind's interface (Japanese, from <html lang="ja">), started
// with the words typed into the header's search form (?q=…).
(function () {
  "use strict";
  if (typeof PagefindUI === "undefined") {
    return;
  }
  // The bundle path is taken from this page's pagefind-ui.js script tag.
  var ui = new PagefindUI({
    element: "#search",
    showImages: false,
    showSubResults: true,
    resetStyles: false,
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
