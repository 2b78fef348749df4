// Language, appearance, and where the data lives.
import { h } from "../dom.js";
import { getLang, t } from "../i18n.js";

export function settingsView({ info, theme, onLanguage, onTheme }) {
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
      h("legend", {}, t("settings.data")),
      h("p", {}, h("code", { id: "db-path" }, info.db_path ?? "—")),
      h("p", { class: "muted small" }, t("settings.dataHelp")),
      h("p", { class: "muted small" }, `${t("settings.version")} ${info.version}`),
    ),
  );
}
