// Adding or editing a family member. Validation happens in the core; its message is shown
// beside the form.
import { call } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { regionPicker } from "./region-picker.js";

/** `profile` given: edit it (an empty ID-number field keeps the stored number). */
export function profileForm({ onAdded, onCancel, profile = null }) {
  const editing = profile !== null;
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const field = (label, input, hint) =>
    h("label", { class: "field" }, h("span", {}, label), input, hint ? h("small", { class: "muted" }, hint) : null);
  const select = (name, current, options) =>
    h("select", { name }, options.map(([value, label]) => h("option", { value, selected: value === current }, label)));

  const form = h(
    "form",
    { class: "profile-form", id: "profile-form", "aria-labelledby": "profile-form-title", novalidate: true },
    h("h2", { id: "profile-form-title" }, editing ? t("form.editTitle", { name: profile.name }) : t("form.title")),
    field(t("form.name"), h("input", { name: "name", required: true, maxlength: 64, autocomplete: "off", value: profile?.name ?? "" })),
    field(
      t("form.idNumber"),
      h("input", {
        name: "id_number",
        maxlength: 18,
        autocomplete: "off",
        spellcheck: "false",
        placeholder: profile?.id_number_masked ?? "",
      }),
      editing && profile.id_number_masked ? t("form.idNumberKeep") : t("form.idNumberHint"),
    ),
    editing && profile.id_number_masked
      ? h("label", { class: "option" }, h("input", { type: "checkbox", name: "clear_id_number", value: "true" }), t("form.idNumberClear"))
      : null,
    h(
      "div",
      { class: "field-row" },
      field(t("form.sex"), select("sex", profile?.sex ?? "", [["", t("form.sexUnknown")], ["male", t("sex.male")], ["female", t("sex.female")]])),
      field(t("form.born"), h("input", { name: "born", maxlength: 10, placeholder: "1988-03", value: profile?.birth ?? "" })),
    ),
    h(
      "div",
      { class: "field-row" },
      field(
        t("form.region"),
        regionPicker({ code: profile?.region ?? "", name: profile?.region_name ?? "" }),
        t("form.regionHint"),
      ),
      field(
        t("form.employment"),
        select(
          "employment",
          profile?.employment ?? "employee",
          ["employee", "flexible", "other"].map((code) => [code, t(`employment.${code}`)]),
        ),
      ),
    ),
    h(
      "div",
      { class: "field-row" },
      field(
        t("form.originalAge"),
        select("original_age", profile?.original_age ? String(profile.original_age) : "", [
          ["", t("form.originalAgeDefault")],
          ["50", t("form.originalAge50")],
          ["55", t("form.originalAge55")],
          ["60", t("form.originalAge60")],
        ]),
      ),
      field(
        t("form.deadlineDay"),
        h("input", { name: "deadline_day", type: "number", min: 1, max: 31, value: profile?.payment_deadline_day ?? "" }),
      ),
    ),
    error,
    h(
      "div",
      { class: "form-actions" },
      onCancel ? h("button", { type: "button", onclick: onCancel }, t("common.cancel")) : null,
      h("button", { type: "submit", class: "primary", id: "profile-form-submit" }, editing ? t("form.save") : t("form.submit")),
    ),
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    data.clear_id_number = data.clear_id_number === "true";
    const submit = form.querySelector("button[type=submit]");
    submit.disabled = true;
    try {
      const saved = editing
        ? await call("update_profile", { profileId: profile.id, form: data })
        : await call("add_profile", { form: data });
      onAdded(saved);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
