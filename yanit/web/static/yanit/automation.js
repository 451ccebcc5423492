// Suggested replies: "Insert" puts the text in the composer (the click's htmx request marks
// the suggestion as used and removes it).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-suggestion-text]");
    if (!button) return;
    var box = document.getElementById("composer-text");
    if (!box) return;
    var reply = document.querySelector('#composer input[name="mode"][value="reply"]');
    if (reply) reply.checked = true;
    box.value = button.dataset.suggestionText;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.focus();
  });
})();
