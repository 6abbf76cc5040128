// Light progressive enhancement only: pages work without it.
// An element with data-oppfrisk="<seconds>" reloads the page on that interval while its checkbox is ticked
// (the choice is remembered per page in sessionStorage).
document.addEventListener("DOMContentLoaded", () => {
  const boks = document.querySelector("[data-oppfrisk] input[type=checkbox]");
  if (!boks) {
    return;
  }
  const sekunder = Number(boks.closest("[data-oppfrisk]").dataset.oppfrisk);
  const noekkel = "oppfrisk:" + location.pathname;
  boks.checked = sessionStorage.getItem(noekkel) === "ja";
  let tidtaker = null;
  const planlegg = () => {
    clearTimeout(tidtaker);
    if (boks.checked) {
      tidtaker = setTimeout(() => location.reload(), sekunder * 1000);
    }
  };
  boks.addEventListener("change", () => {
    sessionStorage.setItem(noekkel, boks.checked ? "ja" : "nei");
    planlegg();
  });
  planlegg();
});
