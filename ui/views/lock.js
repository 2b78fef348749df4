// The lock screen of an encrypted database: nothing of it is shown until the passphrase opens it.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { takeSecret } from "./action-form.js";

export function lockView({ remembered, onUnlock }) {
  const input = h("input", { type: "password", id: "unlock-passphrase", autocomplete: "current-password", required: true, autofocus: true });
  const remember = h("input", { type: "checkbox", id: "unlock-remember", checked: remembered, "aria-describedby": "unlock-remember-help" });
  const error = h("p", { class: "form-error", id: "unlock-error", role: "alert", hidden: true });
  const button = h("button", { type: "submit", class: "primary", id: "unlock-submit" }, t("lock.unlock"));
  const form = h(
    "form",
    {
      class: "lock-form",
      onsubmit: async (e) => {
        e.preventDefault();
        error.hidden = true;
        button.disabled = true;
        button.textContent = t("lock.unlocking");
        try {
          // The field is emptied as it is read (a wrong passphrase is typed again).
          await onUnlock(takeSecret(input), remember.checked);
        } catch (failure) {
          error.textContent = failure.message;
          error.hidden = false;
          input.focus();
        } finally {
          button.disabled = false;
          button.textContent = t("lock.unlock");
        }
      },
    },
    h("label", { class: "field" }, h("span", {}, t("lock.passphrase")), input),
    h("label", { class: "option" }, remember, t("lock.remember")),
    h("p", { class: "muted small", id: "unlock-remember-help" }, t("lock.rememberHelp")),
    error,
    h("div", { class: "form-actions" }, button),
  );
  return h(
    "section",
    { class: "lock-screen", "aria-labelledby": "lock-title" },
    h("img", { class: "lock-icon", src: "lock.svg", alt: "", width: 48, height: 48 }),
    h("h1", { id: "lock-title" }, t("lock.title")),
    h("p", { class: "muted" }, t("lock.lead")),
    form,
    h("p", { class: "muted small" }, t("lock.forgot")),
  );
}
