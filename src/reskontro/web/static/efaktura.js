// The new-invoice form (invoice_new.html): when a customer is chosen, ask the server
// whether they can receive eFaktura (it asks MPS' register at most once a day per
// customer) and show "Send som eFaktura" / "Lagre på kundekortet" when they can. A
// hidden box is disabled too, so its fields are not sent.
"use strict";
(function efakturaOffer() {
  const box = document.getElementById("new-efaktura");
  if (!box) return;
  const select = document.querySelector("#invoice-form select[name=customer]");
  let latest = 0;
  function show(on) { box.hidden = !on; box.disabled = !on; }
  async function check() {
    const mine = ++latest;
    show(false);
    const answer = document.getElementById("new-efaktura-answer");
    if (answer) answer.remove();
    if (!select.value) return;
    try {
      const url = box.dataset.offerUrl.replace("{n}", encodeURIComponent(select.value));
      const r = await fetch(url, {credentials: "same-origin"});
      if (!r.ok) return;
      const data = await r.json();
      if (mine === latest) show(Boolean(data.offer));
    } catch (e) { /* no answer: nothing is offered, the card's method goes */ }
  }
  select.addEventListener("change", check);
})();
