// Language, appearance, security, and where the data lives.
import { call } from "../api.js";
import { h } from "../dom.js";
import { getLang, t } from "../i18n.js";

export function settingsView({ info, theme, onLanguage, onTheme, onNotifications, security, backups, webdav }) {
  const radio = (name, value, checked, label, onchange) =>
    h(
      "label",
      { class: "option", id: `${name}-${value}-option` },
      h("input", { type: "radio", name, value, checked, id: `${name}-${value}`, onchange: () => onchange(value) }),
      label,
    );
  return h(
    "section",
    { class: "settings", "aria-labelledby": "settings-title" },
    h("h1", { id: "settings-title" }, t("settings.title")),
    h(
      "fieldset",
      {},
      h("legend", {}, t("settings.language")),
      radio("language", "zh", getLang() === "zh", h("span", { lang: "zh-CN" }, "简体中文"), onLanguage),
      radio("language", "en", getLang() === "en", h("span", { lang: "en" }, "English"), onLanguage),
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, t("settings.theme")),
      ["system", "light", "dark"].map((value) =>
        radio("theme", value, theme === value, t(`settings.theme${value[0].toUpperCase()}${value.slice(1)}`), onTheme),
      ),
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, t("settings.notifications")),
      h(
        "label",
        { class: "option" },
        h("input", { type: "checkbox", id: "notifications", checked: info.notifications, onchange: (e) => onNotifications(e.target.checked) }),
        t("settings.notificationsLabel"),
      ),
    ),
    security,
    backups,
    webdav,
    h(
      "fieldset",
      {},
      h("legend", {}, t("settings.data")),
      h(
        "dl",
        { class: "paths" },
        h("dt", {}, t("settings.dbFile")),
        h("dd", {}, h("code", { id: "db-path" }, info.db_path ?? "—")),
        h("dt", {}, t("settings.backupsDir")),
        h("dd", {}, h("code", { id: "backups-dir" }, info.backups_dir ?? "—")),
        h("dt", {}, t("settings.logDir")),
        h("dd", {}, h("code", { id: "log-dir" }, info.log_dir ?? "—")),
      ),
      h("p", { class: "muted small" }, t("settings.dataHelp")),
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, t("settings.about")),
      h("p", {}, `${t("app.name")} ${t("settings.version")} ${info.version}`),
      h(
        "p",
        { id: "rules-version" },
        info.rules.origin === "updated"
          ? t("settings.rulesUpdated", { version: info.rules.version, published: info.rules.published, source: info.rules.source })
          : t("settings.rulesBundled", { version: info.rules.version }),
      ),
      info.rules.set_aside ? h("p", { class: "form-error small" }, info.rules.set_aside) : null,
      h("p", { class: "muted small" }, t("settings.rulesHelp")),
      rulesUpdate(),
      h("p", { class: "muted small" }, t("settings.notOfficial")),
      h("p", {}, h("a", { href: "#/guide", id: "open-guide" }, t("guide.title"))),
    ),
  );
}

/** Asks for a newer signed set of rule tables; the core checks its signature and hashes. */
function rulesUpdate() {
  const status = h("p", { id: "rules-update-result", role: "status", class: "small", hidden: true });
  const button = h(
    "button",
    {
      type: "button",
      id: "rules-update",
      onclick: async () => {
        button.disabled = true;
        status.hidden = false;
        status.className = "muted small";
        status.textContent = t("settings.rulesChecking");
        try {
          const done = await call("update_rules");
          status.textContent =
            done.outcome === "updated"
              ? t("settings.rulesNowUpdated", { previous: done.previous, version: done.version })
              : t("settings.rulesUpToDate", { version: done.version });
          if (done.outcome === "updated") {
            const info = await call("app_info");
            const line = document.getElementById("rules-version");
            if (line) line.textContent = t("settings.rulesUpdated", { version: info.rules.version, published: info.rules.published, source: info.rules.source });
          }
        } catch (e) {
          status.className = "form-error small";
          status.textContent = e.message;
        } finally {
          button.disabled = false;
        }
      },
    },
    t("settings.rulesCheck"),
  );
  return h("div", {}, h("div", { class: "form-actions" }, button), status);
}
