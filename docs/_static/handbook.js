/* Keyboard access to the theme's two drawers (the menu on a phone, the page contents on a
   narrow screen). Their buttons are labels for hidden checkboxes, which no keyboard reaches:
   here each becomes a real button, and Escape closes an open drawer. Without scripts the
   labels stay and work with a mouse or a finger, as the theme made them. */
(() => {
  "use strict";

  const DRAWERS = [
    { toggle: "__navigation", drawer: ".sidebar-drawer", name: "Site navigation", open: "Open the site navigation" },
    { toggle: "__toc", drawer: ".toc-drawer", name: "Contents of this page", open: "Open the contents of this page" },
  ];
  const FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]";

  function asButton(label, name, drawer) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `${label.className} handbook-drawer-button`;
    button.setAttribute("aria-label", name);
    button.setAttribute("aria-controls", drawer.id);
    button.append(...label.childNodes);
    label.replaceWith(button);
    return button;
  }

  function setUp({ toggle: toggleId, drawer: selector, name, open }) {
    const toggle = document.getElementById(toggleId);
    const drawer = document.querySelector(selector);
    if (!toggle || !drawer) return null;
    drawer.id = drawer.id || `handbook-${toggleId.replace(/_/g, "")}`;
    drawer.setAttribute("aria-label", name);
    const labels = document.querySelectorAll(`label[for="${toggleId}"]:not(.overlay)`);
    const buttons = Array.from(labels, (label) => asButton(label, open, drawer));
    let opener = null;

    const show = () => {
      for (const button of buttons) button.setAttribute("aria-expanded", String(toggle.checked));
    };
    const setOpen = (wanted, from) => {
      toggle.checked = wanted;
      show();
      if (wanted) {
        opener = from;
        // The first link shown: the theme hides some (the page's own title in its contents).
        const first = Array.from(drawer.querySelectorAll(FOCUSABLE))
          .find((element) => element.getClientRects().length > 0);
        if (first) first.focus();
      } else if (opener) {
        opener.focus();
        opener = null;
      }
    };

    for (const button of buttons) {
      button.addEventListener("click", () => setOpen(!toggle.checked, button));
    }
    toggle.addEventListener("change", show);
    show();
    return {
      isOpen: () => toggle.checked,
      close: () => setOpen(false),
    };
  }

  document.addEventListener("DOMContentLoaded", () => {
    const drawers = DRAWERS.map(setUp).filter(Boolean);
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      for (const drawer of drawers) if (drawer.isOpen()) drawer.close();
    });
  });
})();

/* A table wider than its column scrolls inside the theme's wrapper; a keyboard can scroll it
   only if the wrapper takes the focus. Wrappers that scroll get a stop in the Tab order and a
   name (the table's caption, or the heading above it); the others stay out of the way. */
(() => {
  "use strict";

  function name(wrapper) {
    const caption = wrapper.querySelector("caption");
    if (caption) return caption.textContent.trim();
    const section = wrapper.closest("section");
    const heading = section && section.querySelector("h1, h2, h3, h4, h5, h6");
    return heading ? `Table: ${heading.textContent.replace("#", "").trim()}` : "Table";
  }

  function mark() {
    for (const wrapper of document.querySelectorAll(".table-wrapper")) {
      if (wrapper.scrollWidth > wrapper.clientWidth + 1) {
        wrapper.setAttribute("tabindex", "0");
        wrapper.setAttribute("role", "region");
        wrapper.setAttribute("aria-label", name(wrapper));
      } else if (wrapper.getAttribute("role") === "region") {
        wrapper.removeAttribute("tabindex");
        wrapper.removeAttribute("role");
        wrapper.removeAttribute("aria-label");
      }
    }
  }

  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
})();

/* The navigation shows the page you are on. On a page deep in a long section (an old update),
   the theme opens the section but leaves its list scrolled to the top: here the list scrolls,
   at once and only as far as needed, to bring the current page's link into view, in the
   sidebar and in the phone's menu drawer alike. */
(() => {
  "use strict";

  function showCurrent() {
    const scroller = document.querySelector(".sidebar-scroll");
    const current = document.querySelector(".sidebar-tree .current-page > a");
    if (!scroller || !current) return;
    const top = current.getBoundingClientRect().top - scroller.getBoundingClientRect().top
      + scroller.scrollTop;
    const bottom = top + current.offsetHeight;
    if (top >= scroller.scrollTop && bottom <= scroller.scrollTop + scroller.clientHeight) return;
    // Centred, so the pages before and after it show too; at once, not with the theme's
    // smooth scrolling.
    scroller.scrollTo({ top: top - (scroller.clientHeight - current.offsetHeight) / 2, behavior: "instant" });
  }

  document.addEventListener("DOMContentLoaded", showCurrent);
})();
