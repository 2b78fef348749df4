// The user guide, in the app so it works offline (Help → User guide, F1).
import { h } from "../dom.js";
import { t } from "../i18n.js";

const SECTIONS = ["start", "history", "gaps", "family", "data", "privacy", "official"];

export function guideView() {
  return h(
    "section",
    { class: "guide", "aria-labelledby": "guide-title" },
    h("h1", { id: "guide-title" }, t("guide.title")),
    h("p", { class: "lead" }, t("guide.lead")),
    SECTIONS.map((name) =>
      h("section", { class: "panel" }, h("h2", {}, t(`guide.${name}.title`)), h("p", {}, t(`guide.${name}.body`))),
    ),
  );
}
