// claimgraph UI: layer toggles and claim highlighting on the document page. No remote code.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var text = document.getElementById("doctext");
  var layers = document.getElementById("layers");
  if (text && layers) {
    layers.querySelectorAll("input[data-layer]").forEach(function (box) {
      box.addEventListener("change", function () {
        text.classList.toggle("show-" + box.dataset.layer, box.checked);
      });
    });
  }
  function mark(claimId, on) {
    if (!text) { return; }
    text.querySelectorAll(".ev").forEach(function (span) {
      var ids = (span.dataset.claims || "").split(" ");
      if (ids.indexOf(claimId) >= 0) { span.classList.toggle("active", on); }
    });
  }
  document.querySelectorAll(".side-claims li[data-claim]").forEach(function (item) {
    item.addEventListener("mouseenter", function () { mark(item.dataset.claim, true); });
    item.addEventListener("mouseleave", function () { mark(item.dataset.claim, false); });
  });
  document.querySelectorAll("a.claim-ref[data-claim]").forEach(function (ref) {
    ref.addEventListener("mouseenter", function () { mark(ref.dataset.claim, true); });
    ref.addEventListener("mouseleave", function () { mark(ref.dataset.claim, false); });
  });
});
