// The site's own script (every page), two progressive enhancements:
// 1. A table that must scroll sideways says so, above the table (its region is
//    focusable, so the arrow keys scroll it).
// 2. The navigation drawer by keyboard (the theme's drawer is a checkbox
//    opened by a <label>, which a keyboard cannot reach).
// - A real <button> with aria-expanded takes the label's place in the header.
// - While the drawer is open on a narrow screen it is modal: the rest of the page is
//   inert, focus moves to its first link, Escape closes it and focus returns to the button.
// - Inside the drawer, a section opens as a panel over its parent: the panel's title
//   (the way back) becomes a focusable button, and focus follows the panel opened or closed.
// - A closed drawer or panel is hidden by CSS (visibility), so nothing in it can take focus.
// Without JavaScript the label still opens the drawer by mouse or touch.
(function () {
  "use strict";
  var regions = document.querySelectorAll(".table-scroll");
  var hints = [];
  regions.forEach(function (region) {
    var hint = document.createElement("p");
    hint.className = "table-scroll-hint";
    hint.textContent = "この表は横にスクロールできます（表を選んで左右の矢印キーでも動かせます）。";
    hint.hidden = true;
    region.parentNode.insertBefore(hint, region);
    hints.push([region, hint]);
  });
  function show_hints() {
    hints.forEach(function (pair) {
      pair[1].hidden = pair[0].scrollWidth <= pair[0].clientWidth + 1;
    });
  }
  show_hints();
  window.addEventListener("resize", show_hints);
})();

(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var drawer = document.getElementById("dataplan-drawer");
  var button = document.querySelector(".dataplan-drawer-button");
  var label = document.querySelector(".dataplan-drawer-label");
  if (!toggle || !drawer || !button) {
    return;
  }
  // The theme's own breakpoint: below it the navigation is a drawer.
  var narrow = window.matchMedia("(max-width: 76.234375em)");
  var made_inert = [];

  button.hidden = false;
  if (label) {
    label.hidden = true;
  }

  // The first element in `root` that can take focus and is shown.
  function focusable(root) {
    var candidates = root.querySelectorAll(
      "a[href], button:not([disabled]), input:not([type=checkbox]):not([disabled]), [tabindex='0']"
    );
    for (var i = 0; i < candidates.length; i += 1) {
      if (candidates[i].checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true })) {
        return candidates[i];
      }
    }
    return null;
  }

  function set_modal(on) {
    made_inert.forEach(function (element) {
      element.inert = false;
    });
    made_inert = [];
    if (!on) {
      return;
    }
    // Everything beside the drawer and its ancestors, up to <body>.
    for (var node = drawer; node && node !== document.body; node = node.parentElement) {
      var sibling = node.parentElement ? node.parentElement.firstElementChild : null;
      for (; sibling; sibling = sibling.nextElementSibling) {
        if (sibling !== node && !sibling.inert && sibling.tagName !== "SCRIPT") {
          sibling.inert = true;
          made_inert.push(sibling);
        }
      }
    }
  }

  function update(move_focus) {
    var open = toggle.checked && narrow.matches;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    set_modal(open);
    if (!move_focus) {
      return;
    }
    if (open) {
      var first = focusable(drawer);
      if (first) {
        first.focus();
      }
      } else {
      leave_drawer();
    }
  }

  // Closed by a link to a place on this page: focus goes there; otherwise back to the button.
  function leave_drawer() {
    var active = document.activeElement;
    if (active !== document.body && !drawer.contains(active)) {
      return;
    }
    var hash = active && active.hash;
    var target = hash && active.pathname === window.location.pathname
      ? document.getElementById(decodeURIComponent(hash.slice(1)))
      : null;
    if (target) {
      if (!target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    } else {
      button.focus();
    }
  }

  // The panels of the drawer: the title of each is the way back to its parent.
  // The current page's label opens its table of contents as a panel: reachable too.
  var titles = drawer.querySelectorAll(
    ".md-nav__title[for]:not([for='__drawer']), .md-nav__link[for='__toc']"
  );
  titles.forEach(function (title) {
    title.setAttribute("tabindex", "0");
    if (title.classList.contains("md-nav__title")) {
      title.setAttribute("role", "button");
    }
    title.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault(); // the theme itself answers Enter on a focused label
        title.click();
      }
    });
  });
  drawer.querySelectorAll(".md-nav__toggle").forEach(function (panel_toggle) {
    panel_toggle.addEventListener("change", function () {
      if (!narrow.matches || !toggle.checked) {
        return;
      }
      var panel = panel_toggle.parentElement.querySelector(":scope > .md-nav");
      if (panel_toggle.checked && panel) {
        var first = focusable(panel) || panel.querySelector(".md-nav__title[tabindex]");
        if (first) {
          first.focus();
        }
      } else {
        var opener = panel_toggle.parentElement.querySelector(
          ":scope > .md-nav__link[for], :scope > .md-nav__container > .md-nav__link[for]"
        );
        if (opener) {
          opener.focus();
        }
      }
    });
  });

  button.addEventListener("click", function () {
    toggle.click(); // the theme listens to the checkbox's change event
  });
  toggle.addEventListener("change", function () {
    update(true);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked && narrow.matches) {
      event.preventDefault();
      toggle.click();
    }
  });
  narrow.addEventListener("change", function () {
    if (!narrow.matches && toggle.checked) {
      toggle.click(); // a wide screen shows the navigation as a sidebar
    }
    update(false);
  });
  update(false);
})();
