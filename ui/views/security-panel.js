// Settings → Security: a passphrase for the database (encryption at rest), the app lock and
// its idle time, changing the passphrase, and removing encryption.
import { call } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { actionForm, labelledInput } from "./action-form.js";

const IDLE_CHOICES = [0, 5, 10, 15, 30, 60];

/** A form of password fields, `[name, label, autocomplete]` each. */
function passphraseForm({ id, fields, ...rest }) {
  const inputs = fields.map(([name, label, autocomplete]) =>
    labelledInput({ type: "password", id: `${id}-${name}`, name, autocomplete, required: true }, label),
  );
  return actionForm({ id, inputs, ...rest });
}

export function securityPanel({ info, onChanged, onLock }) {
  if (!info.encrypted) {
    return h(
      "fieldset",
      { id: "security" },
      h("legend", {}, t("security.title")),
      h("p", { id: "security-state" }, t("security.plain")),
      h("p", { class: "muted small" }, t("security.plainHelp")),
      passphraseForm({
        id: "encrypt",
        fields: [
          ["passphrase", t("security.newPassphrase"), "new-password"],
          ["confirm", t("security.confirm"), "new-password"],
        ],
        submit: t("security.encrypt"),
        action: async (v) => {
          await call("encrypt_database", v);
          await onChanged(t("security.encrypted"));
        },
      }),
      h("p", { class: "muted small" }, t("security.forgetWarning")),
    );
  }
  const idle = h(
    "select",
    {
      id: "idle-lock",
      onchange: async () => {
        await call("set_idle_lock", { minutes: Number(idle.value) });
        await onChanged(null);
      },
    },
    IDLE_CHOICES.map((m) =>
      h("option", { value: m, selected: m === info.idle_lock_minutes }, m ? t("security.idleMinutes", { n: m }) : t("security.idleNever")),
    ),
  );
  return h(
    "fieldset",
    { id: "security" },
    h("legend", {}, t("security.title")),
    h("p", { id: "security-state" }, t("security.encryptedState")),
    h(
      "div",
      { class: "security-row" },
      h("button", { type: "button", id: "settings-lock", onclick: onLock }, t("lock.now")),
      h("label", { class: "inline" }, t("security.idle"), idle),
    ),
    rememberOption(info, onChanged),
    h(
      "details",
      {},
      h("summary", { id: "change-passphrase-toggle" }, t("security.change")),
      passphraseForm({
        id: "change",
        fields: [
          ["current", t("security.currentPassphrase"), "current-password"],
          ["new", t("security.newPassphrase"), "new-password"],
          ["confirm", t("security.confirm"), "new-password"],
        ],
        submit: t("security.changeSubmit"),
        action: async (v) => {
          await call("change_passphrase", v);
          await onChanged(t("security.changed"));
        },
      }),
    ),
    h(
      "details",
      {},
      h("summary", { id: "decrypt-toggle" }, t("security.decrypt")),
      h("p", { class: "muted small" }, t("security.decryptHelp")),
      passphraseForm({
        id: "decrypt",
        fields: [["passphrase", t("security.currentPassphrase"), "current-password"]],
        submit: t("security.decryptSubmit"),
        danger: true,
        action: async (v) => {
          await call("decrypt_database", v);
          await onChanged(t("security.decrypted"));
        },
      }),
    ),
  );
}

/** "Remember on this computer": the key in the OS keyring, so the next start needs no passphrase. */
function rememberOption(info, onChanged) {
  const error = h("p", { class: "form-error", id: "remember-error", role: "alert", hidden: true });
  const box = h("input", {
    type: "checkbox",
    id: "remember-key",
    checked: info.remembered,
    "aria-describedby": "remember-key-help",
    onchange: async () => {
      error.hidden = true;
      box.disabled = true;
      try {
        const on = await call("set_remember_key", { enabled: box.checked });
        await onChanged(on ? t("security.remembered") : t("security.forgotten"));
      } catch (failure) {
        box.checked = !box.checked;
        error.textContent = failure.message;
        error.hidden = false;
      } finally {
        box.disabled = false;
      }
    },
  });
  return h(
    "div",
    { class: "remember-key" },
    h("label", { class: "option" }, box, t("security.remember")),
    h("p", { class: "muted small", id: "remember-key-help" }, t("security.rememberHelp")),
    error,
  );
}
