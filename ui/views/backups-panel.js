// Settings → Backups: the automatic and manual backups beside the database, "back up now",
// and restoring one (the current database is kept as a backup first).
import { call } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { t, formatDateTime } from "../i18n.js";
import { takeSecret } from "./action-form.js";

/** Pure: a backup's kind as a plain code ("before_upgrade" carries the version it left). */
export function kindCode(kind) {
  return typeof kind === "string" ? kind : Object.keys(kind ?? {})[0] ?? "manual";
}

export function backupsPanel({ info, onRestored }) {
  const listSlot = h("div");
  const message = h("p", { class: "muted small", id: "backups-message", "aria-live": "polite" });
  const error = h("p", { class: "form-error", id: "backups-error", role: "alert", hidden: true });
  const showError = (text) => {
    error.textContent = text ?? "";
    error.hidden = !text;
  };

  async function load() {
    const list = await call("backups");
    if (!list.length) {
      replaceChildren(listSlot, h("p", { class: "muted", id: "backups-empty" }, t("backups.empty")));
      return;
    }
    replaceChildren(
      listSlot,
      h(
        "div",
        { class: "table-wrap backups-list" },
        h(
          "table",
          { id: "backups-table" },
          h("thead", {}, h("tr", {}, ["backups.when", "backups.kind", ""].map((k) => h("th", { scope: "col" }, k ? t(k) : "")))),
          h(
            "tbody",
            {},
            list.slice(0, 12).map((b) => {
              const passphrase = b.encrypted || info.encrypted ? h("input", { type: "password", class: "restore-passphrase", placeholder: t("lock.passphrase"), "aria-label": t("lock.passphrase") }) : null;
              return h(
                "tr",
                { dataset: { file: b.file_name } },
                h("td", {}, formatDateTime(b.taken_at)),
                h("td", {}, t(`backups.kindName.${kindCode(b.kind)}`), b.encrypted ? ` · ${t("backups.encrypted")}` : ""),
                h(
                  "td",
                  {},
                  h(
                    "div",
                    { class: "row-actions" },
                    passphrase,
                    h(
                      "button",
                      {
                        type: "button",
                        class: "danger-outline restore",
                        onclick: async () => {
                          showError(null);
                          if (!window.confirm(t("backups.confirm", { when: formatDateTime(b.taken_at) }))) return;
                          try {
                            await call("restore_backup", { fileName: b.file_name, passphrase: (passphrase && takeSecret(passphrase)) || null });
                            await onRestored(t("backups.restored", { when: formatDateTime(b.taken_at) }));
                          } catch (e) {
                            showError(e.message);
                          }
                        },
                      },
                      t("backups.restore"),
                    ),
                  ),
                ),
              );
            }),
          ),
        ),
      ),
    );
  }

  load().catch((e) => showError(e.message));
  return h(
    "fieldset",
    { id: "backups" },
    h("legend", {}, t("backups.title")),
    h("p", { class: "muted small" }, t("backups.help")),
    h(
      "div",
      { class: "security-row" },
      h(
        "button",
        {
          type: "button",
          id: "backup-now",
          onclick: async () => {
            showError(null);
            try {
              await call("backup_now");
              message.textContent = t("backups.done");
              await load();
            } catch (e) {
              showError(e.message);
            }
          },
        },
        t("backups.now"),
      ),
      message,
    ),
    error,
    listSlot,
  );
}
