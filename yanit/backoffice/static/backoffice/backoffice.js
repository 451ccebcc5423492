// Copy buttons and confirmations on the settings pages; no dependencies.
document.addEventListener("click", (event) => {
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const source = document.querySelector(copy.dataset.copy);
    if (!source) return;
    const text = source.textContent.trim();
    const done = () => {
      const label = copy.textContent;
      copy.textContent = copy.dataset.copiedLabel || label;
      setTimeout(() => { copy.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      // Plain-http self-hosted installs have no clipboard API: select the text instead.
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      document.execCommand("copy");
      done();
    }
    return;
  }
  const confirmable = event.target.closest("[data-confirm]");
  if (confirmable && !window.confirm(confirmable.dataset.confirm)) {
    event.preventDefault();
  }
});

// Live chat settings: the preview swatch follows the colour and position fields.
document.addEventListener("input", (event) => {
  const preview = document.getElementById("widget-preview");
  if (!preview) return;
  if (event.target.name === "color") preview.style.setProperty("--preview-color", event.target.value);
  if (event.target.name === "position") preview.dataset.position = event.target.value;
});
document.addEventListener("change", (event) => {
  const preview = document.getElementById("widget-preview");
  if (preview && event.target.name === "position") preview.dataset.position = event.target.value;
});
