// Confirmations before irreversible or costly actions: a form with data-confirm="…" opens the
// shared modal (base.html) stating what will happen; the form is sent only from its "Đồng ý" button.
(function () {
  "use strict";
  let pending = null;
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm || form.dataset.confirmed === "1") return;
    const modalEl = document.getElementById("confirm-modal");
    if (!modalEl || !window.bootstrap) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      return;
    }
    event.preventDefault();
    pending = { form: form, submitter: event.submitter || null };
    modalEl.querySelector("[data-confirm-title]").textContent = form.dataset.confirmTitle || "Xác nhận";
    modalEl.querySelector("[data-confirm-body]").textContent = form.dataset.confirm;
    modalEl.querySelector("[data-testid=confirm-ok]").textContent = form.dataset.confirmOk || "Đồng ý";
    window.bootstrap.Modal.getOrCreateInstance(modalEl).show();
  }, true);
  // A "select all" box: <input type="checkbox" data-check-all="NAME"> ticks every box named NAME.
  document.addEventListener("change", function (event) {
    const all = event.target.closest("[data-check-all]");
    if (!all) return;
    document.querySelectorAll(`input[type=checkbox][name="${all.dataset.checkAll}"]`).forEach(function (box) {
      box.checked = all.checked;
    });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-testid=confirm-ok]") || !pending) return;
    const { form, submitter } = pending;
    pending = null;
    form.dataset.confirmed = "1";
    window.bootstrap.Modal.getOrCreateInstance(document.getElementById("confirm-modal")).hide();
    if (submitter && submitter.name) {
      const keep = document.createElement("input");
      keep.type = "hidden"; keep.name = submitter.name; keep.value = submitter.value;
      form.appendChild(keep);
    }
    form.submit();
  });
})();
