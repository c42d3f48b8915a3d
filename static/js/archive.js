// Progressive enhancement only: every page works without this file.
// "Copy the link" buttons are hidden until this script can make them work.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    if (!field) {
      return;
    }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = button.dataset.done || label;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
