/* Accessible names for what Django's admin builds in the browser (loaded by
   templates/admin/base_site.html; checked by tests/browser/test_admin_barrierefrei.py):

   - select2 (the autocomplete fields): the combobox is named by the field's label (select2 names
     it by the chosen value only, nothing when empty); its search fields get the label as
     aria-label; the "clear all" cross, a mouse-only control inside the list of choices, is hidden
     from assistive technology (Backspace clears by keyboard).
   - the selector widget (users' groups and permissions): its search icons carry an aria-label
     without a role; role="img" makes the label allowed (aria-prohibited-attr).

   select2 renders on load, when an inline row is added and on every change, so the corrections
   run again whenever the document changes. */
(function () {
  "use strict";

  function labelFuer(id) {
    var label = id ? document.querySelector('label[for="' + id + '"]') : null;
    if (label && !label.id) {
      label.id = id + "-beschriftung";
    }
    return label;
  }

  function textVon(label, select) {
    if (label) {
      return label.textContent.replace(/:\s*$/, "").trim();
    }
    return select ? select.getAttribute("aria-label") || "" : "";
  }

  function select2Benennen() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) {
        return;
      }
      var label = labelFuer(select.id);
      var name = textVon(label, select);
      var auswahl = container.querySelector(".select2-selection");
      if (auswahl) {
        if (label) {
          auswahl.setAttribute("aria-labelledby", label.id);
        } else if (name) {
          auswahl.removeAttribute("aria-labelledby");
          auswahl.setAttribute("aria-label", name);
        }
      }
      var gezeigt = container.querySelector(".select2-selection__rendered[role]");
      if (gezeigt) {
        gezeigt.removeAttribute("role");
        gezeigt.removeAttribute("aria-readonly");
      }
      container.querySelectorAll(".select2-search__field").forEach(function (feld) {
        feld.setAttribute("aria-label", name);
      });
      container.querySelectorAll(".select2-selection__clear").forEach(function (kreuz) {
        kreuz.setAttribute("aria-hidden", "true");
      });
    });
    // The search field of an open single choice lives in a dropdown at the end of the body.
    document.querySelectorAll(".select2-dropdown .select2-search__field").forEach(function (feld) {
      var treffer = /^select2-(.+)-results$/.exec(feld.getAttribute("aria-controls") || "");
      var select = treffer ? document.getElementById(treffer[1]) : null;
      if (select) {
        feld.setAttribute("aria-label", textVon(labelFuer(select.id), select));
      }
    });
  }

  function symboleBenennen() {
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (symbol) {
      symbol.setAttribute("role", "img");
    });
  }

  function verbessern() {
    select2Benennen();
    symboleBenennen();
  }

  document.addEventListener("DOMContentLoaded", function () {
    verbessern();
    // Attribute changes are not observed: the corrections do not trigger themselves.
    new MutationObserver(verbessern).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("load", verbessern);
})();
