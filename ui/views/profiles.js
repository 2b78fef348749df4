// Family members: add, edit, switch to, and delete (undoable until the app closes or locks).
import { h, replaceChildren } from "../dom.js";
import { formatDuration, formatMonth, t } from "../i18n.js";
import { profileForm } from "./profile-form.js";

export function profilesView({ overview, activeId, undoable, onSaved, onOpen, onDelete, onUndo }) {
  const formSlot = h("div", { class: "form-slot" });
  const openForm = (profile = null) => {
    formSlot.replaceChildren(profileForm({ profile, onAdded: onSaved, onCancel: () => formSlot.replaceChildren() }));
    formSlot.scrollIntoView({ block: "nearest" });
    formSlot.querySelector("input")?.focus();
  };

  const card = ({ profile, summary }) => {
    const actions = h("div", { class: "card-actions" });
    const confirmDelete = () =>
      replaceChildren(
        actions,
        h("span", { class: "confirm-text", role: "alert" }, t("profiles.confirmDelete", { name: profile.name })),
        h("button", { type: "button", class: "danger", id: `confirm-delete-${profile.id}`, onclick: () => onDelete(profile) }, t("profiles.delete")),
        h("button", { type: "button", onclick: drawActions }, t("common.cancel")),
      );
    function drawActions() {
      replaceChildren(
        actions,
        h("button", { type: "button", onclick: () => onOpen(profile.id) }, t("profiles.open")),
        h("button", { type: "button", id: `edit-${profile.id}`, onclick: () => openForm(profile) }, t("profiles.edit")),
        h("button", { type: "button", class: "danger-outline", id: `delete-${profile.id}`, onclick: confirmDelete }, t("profiles.delete")),
      );
    }
    drawActions();
    const facts = [
      profile.sex ? t(`sex.${profile.sex}`) : null,
      profile.birth ? `${t("dashboard.born")} ${formatMonth(profile.birth)}` : null,
      t(`employment.${profile.employment}`),
      profile.id_number_masked,
    ].filter(Boolean);
    return h(
      "article",
      { class: `profile-card${profile.id === activeId ? " active" : ""}`, dataset: { profileId: profile.id } },
      h("h2", {}, profile.name),
      h("p", { class: "muted" }, facts.join(" · ")),
      h("p", {}, `${t("kind.pension")} ${formatDuration(summary.pension.months_paid)}`),
      actions,
    );
  };

  return h(
    "section",
    { class: "profiles", "aria-labelledby": "profiles-title" },
    h(
      "div",
      { class: "profile-head" },
      h("h1", { id: "profiles-title" }, t("profiles.title")),
      h("button", { type: "button", id: "add-profile", class: "primary", onclick: () => openForm() }, "+ ", t("dashboard.addProfile")),
    ),
    undoable.map((d) =>
      h(
        "div",
        { class: "undo-bar", role: "status" },
        t("profiles.deleted", { name: d.name, n: d.records }),
        h("button", { type: "button", class: "undo", dataset: { token: d.token }, onclick: () => onUndo(d) }, t("profiles.undo")),
      ),
    ),
    formSlot,
    h("div", { class: "profile-grid" }, overview.profiles.map(card)),
    overview.profiles.length === 0 ? h("p", { class: "muted" }, t("welcome.empty")) : null,
  );
}
