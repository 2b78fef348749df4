// Settings → WebDAV backup: the server (坚果云, Nextcloud, a NAS; its password goes to the
// system keyring), "back up now" sealed with a backup passphrase, the backups on the server,
// and restoring one (the current data is kept as a local backup first).
import { call } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { t, getLang } from "../i18n.js";
import { formatSize } from "./documents.js";

const locale = () => (getLang() === "zh" ? "zh-CN" : "en-GB");

/** A form whose submit runs `action(values)`; its failure is shown under it. */
function form({ id, fields, submit, action }) {
  const error = h("p", { class: "form-error", id: `${id}-error`, role: "alert", hidden: true });
  const button = h("button", { type: "submit", class: "primary", id: `${id}-submit` }, submit);
  return h(
    "form",
    {
      id,
      class: "passphrase-form",
      onsubmit: async (e) => {
        e.preventDefault();
        error.hidden = true;
        button.disabled = true;
        try {
          await action(Object.fromEntries(fields.map((f) => [f.name, f.type === "number" ? Number(f.value) : f.value])));
        } catch (failure) {
          error.textContent = failure.message;
          error.hidden = false;
        } finally {
          button.disabled = false;
        }
      },
    },
    fields.map((input) => h("label", { class: "field" }, h("span", {}, input.dataset.label), input)),
    error,
    h("div", { class: "form-actions" }, button),
  );
}

function input(attrs, label) {
  return h("input", { ...attrs, dataset: { label } });
}

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
    const serverForm = form({
      id: "webdav-form",
      fields: [
        input({ type: "url", name: "url", id: "webdav-url", required: true, value: settings?.url ?? "", placeholder: "https://dav.jianguoyun.com/dav/" }, t("webdav.url")),
        input({ type: "text", name: "user", id: "webdav-user", required: true, value: settings?.user ?? "", autocomplete: "username" }, t("webdav.user")),
        input(
          { type: "password", name: "password", id: "webdav-password", required: !settings?.password_saved, autocomplete: "current-password", placeholder: settings?.password_saved ? t("webdav.passwordSaved") : "" },
          t("webdav.password"),
        ),
        input({ type: "number", name: "keep", id: "webdav-keep", min: 1, max: 365, required: true, value: settings?.keep ?? 10 }, t("webdav.keep")),
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
      input({ type: "password", name: "passphrase", id: "webdav-backup-passphrase", required: true, autocomplete: "new-password" }, t("webdav.backupPassphrase")),
      input({ type: "password", name: "confirm", id: "webdav-backup-confirm", required: true, autocomplete: "new-password" }, t("security.confirm")),
    ];
    return h(
      "div",
      { class: "webdav-backup" },
      h("p", { class: "muted small" }, t("webdav.backupHelp")),
      form({
        id: "webdav-backup",
        fields,
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
    const when = (iso) => new Date(iso).toLocaleString(locale(), { dateStyle: "medium", timeStyle: "short" });

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
        if (!window.confirm(t("webdav.confirmRestore", { when: when(backup.taken_at) }))) return;
        setMessage(t("webdav.restoring"));
        try {
          await call("webdav_restore", {
            name: backup.name,
            backupPassphrase: backupPassphrase.value,
            databasePassphrase: databasePassphrase.value || null,
          });
          setMessage("");
          await onRestored(t("webdav.restored", { when: when(backup.taken_at) }));
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
                  h("td", {}, when(backup.taken_at)),
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
