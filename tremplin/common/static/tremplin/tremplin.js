// Behaviour shared by every page. The Content-Security-Policy allows scripts from files
// only, so no page carries inline handlers (onchange=…): they are wired here instead.
(function () {
  "use strict";
  // A <select data-submit-on-change> sends its form when a choice is made (structure and
  // language switchers); without JavaScript, its form's own button does it.
  document.addEventListener("change", function (event) {
    const target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-submit-on-change") && target.form) {
      target.form.requestSubmit();
    }
  });

  // A box that scrolls sideways (a wide table on a phone) must be reachable with the
  // keyboard (WCAG 2.1.1): it takes the focus when, and only when, it scrolls.
  function focusScrollers() {
    document.querySelectorAll("main .table-responsive, main table.table").forEach(function (box) {
      const scrolls = box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible";
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrollFocus = "1";
      } else if (!scrolls && box.dataset.scrollFocus) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollFocus;
      }
    });
  }
  document.addEventListener("DOMContentLoaded", focusScrollers);
  window.addEventListener("resize", focusScrollers);
  document.addEventListener("htmx:afterSettle", focusScrollers);

  // A <form data-once> (clocking in or out, sending hours) is sent once: a double tap on a
  // phone would post twice. The server records it once anyway; this spares the wait.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-once")) {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
    }
  });
})();
