// Registry forms: show only the facts the chosen category needs, and the bank fields for a transfer.
// (The content security policy forbids inline scripts: this file is loaded by the form pages.)
(function () {
  "use strict";

  function showCategorySections(select) {
    var needs = {};
    try { needs = JSON.parse(select.getAttribute("data-category-needs") || "{}"); } catch (e) { needs = {}; }
    var wanted = needs[select.value] || [];
    document.querySelectorAll("[data-needs]").forEach(function (section) {
      section.classList.toggle("d-none", wanted.indexOf(section.getAttribute("data-needs")) < 0);
    });
  }

  function showBankFields(select) {
    var bank = select.value === "bank";
    ["id_bank_account", "id_bank_name"].forEach(function (id) {
      var input = document.getElementById(id);
      var wrapper = input && input.closest(".mb-3");
      if (wrapper) { wrapper.classList.toggle("opacity-50", !bank); input.disabled = !bank; }
    });
  }

  function init() {
    var category = document.querySelector("select[data-category-needs]");
    if (category) {
      showCategorySections(category);
      category.addEventListener("change", function () { showCategorySections(category); });
    }
    var method = document.getElementById("id_payment_method");
    if (method) {
      showBankFields(method);
      method.addEventListener("change", function () { showBankFields(method); });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
