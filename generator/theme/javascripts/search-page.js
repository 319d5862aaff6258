// The search page: Pagefind's interface (Japanese, from <html lang="ja">), started
// with the words typed into the header's search form (?q=…), which keeps showing them.
(function () {
  "use strict";
  if (typeof PagefindUI === "undefined") {
    return;
  }
  // An excerpt is cut from the middle of a text: it must not begin with the closing
  // bracket or punctuation of the sentence before it (「】」, 「。」).
  var LEADING = /^[\s。、，．・：；！？）」』】〕］｝〉》…]+/;
  function tidy(excerpt) {
    return (excerpt || "").replace(LEADING, "");
  }
  // The bundle path is taken from this page's pagefind-ui.js script tag.
  var ui = new PagefindUI({
    element: "#search",
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    processResult: function (result) {
      result.excerpt = tidy(result.excerpt);
      (result.sub_results || []).forEach(function (sub) {
        sub.excerpt = tidy(sub.excerpt);
      });
      return result;
    },
  });
  var query = new URLSearchParams(window.location.search).get("q");
  var box = document.getElementById("dataplan-search-q");
  if (query) {
    if (box) {
      box.value = query;
    }
    ui.triggerSearch(query);
  }
})();
