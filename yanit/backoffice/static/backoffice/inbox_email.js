// Email inbox settings: server presets and a live preview of the acknowledgement texts.
(() => {
  const form = document.getElementById("email-inbox-form");
  if (!form) return;
  const field = (name) => form.querySelector(`[name="${name}"]`);

  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-preset]");
    if (!button) return;
    for (const kind of ["imap", "smtp"]) {
      field(`${kind}_host`).value = button.dataset[`${kind}Host`];
      field(`${kind}_port`).value = button.dataset[`${kind}Port`];
      field(`${kind}_security`).value = button.dataset[`${kind}Security`];
      // The user name is the address for all three providers.
      const user = field(`${kind}_user`);
      if (!user.value) user.value = field("address").value;
    }
    if (!field("imap_folder").value) field("imap_folder").value = "INBOX";
    form.querySelectorAll("[data-preset-note]").forEach((note) => {
      note.hidden = note.dataset.presetNote !== button.dataset.preset;
    });
  });

  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const defaults = read("ack-defaults");
  const expectedDefaults = read("ack-expected-defaults");
  const sample = read("ack-preview-values");
  const placeholders = ["name", "number", "subject", "expected_reply_time", "inbox"];

  const render = (language) => {
    const text = field(`autoack_text_${language}`).value.trim() || defaults[language];
    const values = {
      ...sample,
      expected_reply_time: field(`expected_reply_${language}`).value.trim() || expectedDefaults[language],
      inbox: field("from_name").value.trim() || field("name").value.trim(),
    };
    let out = text;
    for (const key of placeholders) out = out.split(`{${key}}`).join(values[key] || "");
    return out;
  };

  for (const language of Object.keys(defaults)) {
    const textarea = field(`autoack_text_${language}`);
    textarea.placeholder = defaults[language];
    field(`expected_reply_${language}`).placeholder = expectedDefaults[language];
    const preview = form.querySelector(`[data-testid="ack-preview-${language}"]`);
    const update = () => { preview.textContent = render(language); };
    for (const name of [`autoack_text_${language}`, `expected_reply_${language}`, "from_name", "name"]) {
      field(name).addEventListener("input", update);
    }
  }
})();
