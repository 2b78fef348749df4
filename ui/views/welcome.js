// First run on an empty database: load the demo, or start empty with a profile form.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { profileForm } from "./profile-form.js";

export function welcomeView({ onLoadDemo, onProfileAdded }) {
  const formSlot = h("div", { class: "form-slot" });
  const showForm = () => {
    formSlot.replaceChildren(profileForm({ onAdded: onProfileAdded }));
    formSlot.querySelector("input")?.focus();
  };
  return h(
    "section",
    { class: "welcome", "aria-labelledby": "welcome-title" },
    h("h1", { id: "welcome-title" }, t("welcome.title")),
    h("p", { class: "lead" }, t("welcome.lead")),
    h("p", { class: "muted" }, t("welcome.empty")),
    h(
      "div",
      { class: "choices" },
      h(
        "div",
        { class: "choice" },
        h("button", { type: "button", id: "load-demo", class: "primary", onclick: onLoadDemo }, t("welcome.demo")),
        h("p", { class: "muted" }, t("welcome.demoHint")),
      ),
      h(
        "div",
        { class: "choice" },
        h("button", { type: "button", id: "start-empty", onclick: showForm }, t("welcome.start")),
        h("p", { class: "muted" }, t("welcome.startHint")),
      ),
    ),
    formSlot,
    h("p", { class: "privacy" }, t("welcome.privacy")),
    h("p", { class: "muted small" }, h("a", { href: "#/settings", id: "welcome-protect" }, t("welcome.protect"))),
  );
}
