// Live totals on the new-invoice form and a live KID preview in settings; the small
// behaviours the pages declare with data- attributes (the Content-Security-Policy
// allows no inline script, so no onchange= / onsubmit= in the templates).
"use strict";
// <select data-autosubmit>: choosing sends its form (company, language).
document.addEventListener("change", (e) => {
  if (e.target.matches && e.target.matches("select[data-autosubmit]")) e.target.form.submit();
});
// <form data-confirm="question">: ask before sending.
document.addEventListener("submit", (e) => {
  const text = e.target.dataset && e.target.dataset.confirm;
  if (text && !window.confirm(text)) e.preventDefault();
});
// <a data-back>: back in the history when there is one, else where href points.
document.addEventListener("click", (e) => {
  const link = e.target.closest && e.target.closest("a[data-back]");
  if (link && window.history.length > 1) { e.preventDefault(); window.history.back(); }
});
function parseNum(text) {
  const v = Number(String(text || "").replace(/\s|\u00a0/g, "").replace(",", "."));
  return Number.isFinite(v) ? v : 0;
}
function fmtNok(ore) {
  const sign = ore < 0 ? "−" : "";
  ore = Math.abs(Math.round(ore));
  const kr = Math.floor(ore / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  return sign + kr + "," + String(ore % 100).padStart(2, "0") + "\u00a0kr";
}
function updateTotals() {
  const form = document.getElementById("invoice-form");
  if (!form) return;
  let net = 0, vat = 0;
  for (const row of form.querySelectorAll("tr.line")) {
    const q = parseNum(row.querySelector("[name^=quantity_]").value || "1");
    const p = parseNum(row.querySelector("[name^=price_]").value);
    const code = row.querySelector("[name^=vat_]").value;
    const lineNet = Math.round(q * p * 100);
    const rate = code === "exempt" ? 0 : Number(code);
    net += lineNet; vat += Math.round(lineNet * rate / 100);
    row.querySelector(".line-net").textContent = fmtNok(lineNet);
  }
  document.getElementById("sum-net").textContent = fmtNok(net);
  document.getElementById("sum-vat").textContent = fmtNok(vat);
  document.getElementById("sum-total").textContent = fmtNok(net + vat);
}
async function updateKid() {
  const t = document.getElementById("kid-template");
  if (!t) return;
  const m = document.getElementById("kid-modulus").value;
  const url = "/settings/kid-preview?template=" + encodeURIComponent(t.value) + "&modulus=" + m;
  const r = await fetch(url, {credentials: "same-origin"});
  const data = await r.json();
  document.getElementById("kid-next").textContent = data.next_kid || "–";
  const ul = document.getElementById("kid-problems");
  ul.innerHTML = "";
  for (const p of data.problems) { const li = document.createElement("li"); li.textContent = p; ul.appendChild(li); }
}
document.addEventListener("input", (e) => {
  if (e.target.closest("#invoice-form")) updateTotals();
  if (e.target.id === "kid-template" || e.target.id === "kid-modulus") updateKid();
});
document.addEventListener("DOMContentLoaded", updateTotals);
function updateMatch() {
  const form = document.getElementById("match-form");
  if (!form) return;
  let sumIn = 0, sumOut = 0;
  for (const input of form.querySelectorAll(".match-amount")) {
    const ore = Math.round(parseNum(input.value) * 100);
    if (input.dataset.side === "in") sumIn += ore; else sumOut += ore;
  }
  document.getElementById("match-in").textContent = fmtNok(sumIn);
  document.getElementById("match-out").textContent = fmtNok(sumOut);
  const diff = sumIn - sumOut;
  const empty = sumIn === 0 && sumOut === 0;
  document.getElementById("match-diff").textContent =
    empty ? "" : diff === 0 ? form.dataset.balanced : form.dataset.diff + " " + fmtNok(diff);
  document.getElementById("match-submit").disabled = diff !== 0 || sumIn === 0;
}
document.addEventListener("input", (e) => { if (e.target.closest("#match-form")) updateMatch(); });
document.addEventListener("DOMContentLoaded", updateMatch);
// <input data-filter-select="ID">: typing narrows the <select id=ID> to the options
// whose text holds what is typed (customer name, number, org number); when one is
// left it is chosen, and a chosen option that no longer fits is unchosen.
document.addEventListener("input", (e) => {
  const id = e.target.dataset && e.target.dataset.filterSelect;
  if (!id) return;
  const select = document.getElementById(id);
  const needle = e.target.value.trim().toLowerCase();
  const fits = [];
  for (const option of select.options) {
    if (!option.value) continue;
    option.hidden = needle !== "" && !option.text.toLowerCase().includes(needle);
    if (!option.hidden) fits.push(option);
  }
  if (needle && fits.length === 1) select.value = fits[0].value;
  else if (select.selectedOptions.length && select.selectedOptions[0].hidden) select.value = "";
});
// A refused form comes back with what was typed and the error (#flash-form, from
// reskontro.web.flash): put the input back into the form it was posted from (by its
// action and hidden _form) and the error beside its field, for every form of the app.
document.addEventListener("DOMContentLoaded", () => {
  const el = document.getElementById("flash-form");
  if (!el) return;
  const f = JSON.parse(el.dataset.flash);
  let form = null;
  for (const candidate of document.querySelectorAll("form")) {
    if (candidate.method !== "post") continue;
    if (new URL(candidate.action, location.href).pathname !== f.action) continue;
    const id = candidate.querySelector("input[name=_form]");
    if ((id ? id.value : "") === f.form) { form = candidate; break; }
  }
  if (!form) return;
  for (let d = form.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
  const skip = ["hidden", "password", "file", "submit", "button"];
  for (const input of form.elements) {
    if (!input.name || skip.includes(input.type)) continue;
    const v = f.values[input.name];
    if (input.type === "checkbox") input.checked = v === input.value;
    else if (input.type === "radio") { if (v !== undefined) input.checked = v === input.value; }
    else if (v !== undefined) input.value = v;
  }
  if (!f.field || form.querySelector(".field-error")) return;
  const field = form.elements.namedItem(f.field);
  const input = field && field instanceof RadioNodeList ? field[0] : field;
  if (!input) return;
  const span = document.createElement("span");
  span.className = "field-error";
  span.setAttribute("role", "alert");
  span.textContent = f.error;
  (input.closest("label") || input).after(span);
  input.setAttribute("aria-invalid", "true");
  const top = document.getElementById("flash-error");
  if (top) top.remove();
});
// <div id="bulk-progress" data-progress-url=…>: a bulk run going on in the server; its
// progress polled each second, and the page loaded again (the result) when it is done.
(function pollBulkRun() {
  const box = document.getElementById("bulk-progress");
  if (!box) return;
  const bar = box.querySelector("progress");
  const text = document.getElementById("bulk-progress-text");
  async function step() {
    try {
      const r = await fetch(box.dataset.progressUrl, {credentials: "same-origin"});
      if (r.ok) {
        const p = await r.json();
        bar.max = p.total; bar.value = p.done;
        text.textContent = box.dataset.text.replace("{done}", p.done).replace("{total}", p.total);
        if (p.pending === 0) { window.location.reload(); return; }
      }
    } catch (e) { /* the server restarting: try again */ }
    window.setTimeout(step, 1000);
  }
  window.setTimeout(step, 1000);
})();
// The progress of a background import (upload_pages.py): poll its state, then show
// the file's page once it is over.
async function followImport() {
  const box = document.getElementById("import-progress");
  if (!box) return;
  for (;;) {
    let data;
    try {
      const r = await fetch(box.dataset.progressUrl, {credentials: "same-origin"});
      data = await r.json();
    } catch (e) { data = null; }
    if (data) {
      if (["done", "failed", "interrupted"].includes(data.state)) {
        window.location.replace(box.dataset.doneUrl);
        return;
      }
      const bar = document.getElementById("import-bar");
      if (data.percent !== null && data.percent !== undefined) bar.value = data.percent;
      document.getElementById("import-done").textContent = data.done;
      const total = document.getElementById("import-total");
      if (total) total.textContent = data.total;
      const state = document.getElementById("import-state");
      state.textContent = data.state === "queued" ? state.dataset.queued : state.dataset.running;
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}
document.addEventListener("DOMContentLoaded", followImport);
// The progress of a follow-up run in the background (followup_runs.py): poll its
// state, then show its result (the same page, loaded again) once it is over.
async function followRun() {
  const box = document.getElementById("run-progress");
  if (!box) return;
  const state = document.getElementById("run-state");
  for (;;) {
    let data;
    try {
      const r = await fetch(box.dataset.progressUrl, {credentials: "same-origin"});
      data = await r.json();
    } catch (e) { data = null; }
    if (data) {
      if (data.finished) {
        window.location.replace(box.dataset.doneUrl);
        return;
      }
      const bar = document.getElementById("run-bar");
      if (data.percent !== null && data.percent !== undefined) bar.value = data.percent;
      document.getElementById("run-done").textContent = data.done;
      document.getElementById("run-total").textContent = data.total;
      state.textContent = data.state === "queued" ? state.dataset.queued
        : data.stage === "pdf" ? state.dataset.pdf : state.dataset.record;
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}
document.addEventListener("DOMContentLoaded", followRun);
