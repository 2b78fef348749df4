// The database could not be opened (not ours, or from a newer version): say so, change nothing.
import { h } from "../dom.js";
import { t } from "../i18n.js";

export function errorView({ error, dbPath }) {
  return h(
    "section",
    { class: "error-screen", "aria-labelledby": "error-title" },
    h("h1", { id: "error-title" }, t("error.title")),
    h("p", { class: "error-message", id: "open-error", "data-code": error.code }, error.message),
    dbPath ? h("p", {}, h("strong", {}, t("error.path"), ": "), h("code", {}, dbPath)) : null,
    h("p", { class: "muted" }, t("error.help")),
  );
}
