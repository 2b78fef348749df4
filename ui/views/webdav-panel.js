// Settings → WebDAV backup: the server (坚果云, Nextcloud, a NAS; its password goes to the
// system keyring), "back up now" sealed with a backup passphrase, the backups on the server,
// and restoring one (the current data is kept as a local backup first).
import { call } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { t, formatDateTime } from "../i18n.js";
import { formatSize } from "./documents.js";
import { actionForm, labelledInput, takeSecret } from "./action-form.js";

export function webdavPanel({ info, onRestored }) {
  const body = h("div", { id: "webdav-body" });
  const panel = h(
    "fieldset",
    { id: "webdav" },
    h("legend", {}, t("webdav.title")),
    h("p", { class: "muted small" }, t("webdav.help")),
    body,
  );

  async function load() {
    const settings = await call("webdav_settings");
    const serverForm = actionForm({
      id: "webdav-form",
      inputs: [
        labelledInput({ type: "url", name: "url", id: "webdav-url", required: true, value: settings?.url ?? "", placeholder: "https://dav.jianguoyun.com/dav/" }, t("webdav.url")),
        labelledInput({ type: "text", name: "user", id: "webdav-user", required: true, value: settings?.user ?? "", autocomplete: "username" }, t("webdav.user")),
        labelledInput(
          { type: "password", name: "password", id: "webdav-password", required: !settings?.password_saved, autocomplete: "current-password", placeholder: settings?.password_saved ? t("webdav.passwordSaved") : "" },
          t("webdav.password"),
        ),
        labelledInput({ type: "number", name: "keep", id: "webdav-keep", min: 1, max: 365, required: true, value: settings?.keep ?? 10 }, t("webdav.keep")),
      ],
      submit: t("webdav.save"),
      action: async (values) => {
        await call("set_webdav", { form: values });
        await load();
        setMessage(t("webdav.saved"));
      },
    });
    if (!settings) {
      replaceChildren(body, serverForm);
      return;
    }
    replaceChildren(
      body,
      h("p", { id: "webdav-state" }, t("webdav.state", { url: settings.url, user: settings.user, keep: settings.keep })),
      h("details", {}, h("summary", { id: "webdav-change" }, t("webdav.change")), serverForm),
      backupForm(),
      message,
      backupsList(),
    );
  }

  const message = h("p", { class: "muted small", id: "webdav-message", "aria-live": "polite" });
  const setMessage = (text) => (message.textContent = text);

  function backupForm() {
    const fields = [
      labelledInput({ type: "password", name: "passphrase", id: "webdav-backup-passphrase", required: true, autocomplete: "new-password" }, t("webdav.backupPassphrase")),
      labelledInput({ type: "password", name: "confirm", id: "webdav-backup-confirm", required: true, autocomplete: "new-password" }, t("security.confirm")),
    ];
    return h(
      "div",
      { class: "webdav-backup" },
      h("p", { class: "muted small" }, t("webdav.backupHelp")),
      actionForm({
        id: "webdav-backup",
        inputs: fields,
        submit: t("webdav.backupNow"),
        action: async (values) => {
          setMessage(t("webdav.backingUp"));
          try {
            const report = await call("webdav_backup", values);
            setMessage(t("webdav.backedUp", { name: report.name, size: formatSize(report.size) }));
            fields.forEach((f) => (f.value = ""));
          } catch (e) {
            setMessage("");
            throw e;
          }
        },
      }),
    );
  }

  function backupsList() {
    const slot = h("div", { id: "webdav-list" });
    const error = h("p", { class: "form-error", id: "webdav-list-error", role: "alert", hidden: true });
    const showError = (text) => {
      error.textContent = text ?? "";
      error.hidden = !text;
    };
    const backupPassphrase = h("input", { type: "password", id: "webdav-restore-passphrase", autocomplete: "off" });
    const databasePassphrase = h("input", { type: "password", id: "webdav-restore-database", autocomplete: "current-password" });

    async function show() {
      showError(null);
      replaceChildren(slot, h("p", { class: "muted" }, t("webdav.listing")));
      let list;
      try {
        list = await call("webdav_backups");
      } catch (e) {
        replaceChildren(slot);
        showError(e.message);
        return;
      }
      if (!list.length) {
        replaceChildren(slot, h("p", { class: "muted", id: "webdav-empty" }, t("webdav.empty")));
        return;
      }
      const restore = async (backup) => {
        showError(null);
        if (!backupPassphrase.value) {
          showError(t("webdav.needBackupPassphrase"));
          backupPassphrase.focus();
          return;
        }
        if (!window.confirm(t("webdav.confirmRestore", { when: formatDateTime(backup.taken_at) }))) return;
        setMessage(t("webdav.restoring"));
        try {
          await call("webdav_restore", {
            name: backup.name,
            backupPassphrase: takeSecret(backupPassphrase),
            databasePassphrase: takeSecret(databasePassphrase) || null,
          });
          setMessage("");
          await onRestored(t("webdav.restored", { when: formatDateTime(backup.taken_at) }));
        } catch (e) {
          setMessage("");
          showError(e.message);
        }
      };
      replaceChildren(
        slot,
        h(
          "div",
          { class: "webdav-restore-fields" },
          h("label", { class: "field" }, h("span", {}, t("webdav.backupPassphrase")), backupPassphrase),
          h("label", { class: "field" }, h("span", {}, info.encrypted ? t("security.currentPassphrase") : t("webdav.databasePassphrase")), databasePassphrase),
        ),
        h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { id: "webdav-table" },
            h("thead", {}, h("tr", {}, [t("backups.when"), t("webdav.size"), ""].map((label) => h("th", { scope: "col" }, label)))),
            h(
              "tbody",
              {},
              list.map((backup) =>
                h(
                  "tr",
                  { dataset: { name: backup.name } },
                  h("td", {}, formatDateTime(backup.taken_at)),
                  h("td", { class: "num" }, backup.size == null ? "—" : formatSize(backup.size)),
                  h("td", {}, h("button", { type: "button", class: "danger-outline restore", onclick: () => restore(backup) }, t("backups.restore"))),
                ),
              ),
            ),
          ),
        ),
      );
    }

    return h(
      "div",
      { class: "webdav-backups" },
      h("div", { class: "security-row" }, h("button", { type: "button", id: "webdav-refresh", onclick: show }, t("webdav.list"))),
      error,
      slot,
    );
  }

  load().catch((e) => replaceChildren(body, h("p", { class: "form-error", role: "alert" }, e.message)));
  return panel;
}
