// Adding a family member. Validation happens in the core; its message is shown beside the form.
import { call } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";

export function profileForm({ onAdded, onCancel }) {
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const field = (name, label, input, hint) =>
    h("label", { class: "field" }, h("span", {}, label), input, hint ? h("small", { class: "muted" }, hint) : null);
  const select = (name, options) =>
    h("select", { name }, options.map(([value, label]) => h("option", { value }, label)));

  const form = h(
    "form",
    { class: "profile-form", id: "profile-form", "aria-labelledby": "profile-form-title", novalidate: true },
    h("h2", { id: "profile-form-title" }, t("form.title")),
    field("name", t("form.name"), h("input", { name: "name", required: true, maxlength: 64, autocomplete: "off" })),
    field(
      "id_number",
      t("form.idNumber"),
      h("input", { name: "id_number", maxlength: 18, autocomplete: "off", spellcheck: "false", inputmode: "text" }),
      t("form.idNumberHint"),
    ),
    h(
      "div",
      { class: "field-row" },
      field("sex", t("form.sex"), select("sex", [["", t("form.sexUnknown")], ["male", t("sex.male")], ["female", t("sex.female")]])),
      field("born", t("form.born"), h("input", { name: "born", maxlength: 10, placeholder: "1988-03" })),
    ),
    h(
      "div",
      { class: "field-row" },
      field("region", t("form.region"), h("input", { name: "region", maxlength: 6, inputmode: "numeric" })),
      field(
        "employment",
        t("form.employment"),
        select("employment", ["employee", "flexible", "other"].map((code) => [code, t(`employment.${code}`)])),
      ),
    ),
    error,
    h(
      "div",
      { class: "form-actions" },
      onCancel ? h("button", { type: "button", onclick: onCancel }, t("common.cancel")) : null,
      h("button", { type: "submit", class: "primary" }, t("form.submit")),
    ),
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    const submit = form.querySelector("button[type=submit]");
    submit.disabled = true;
    try {
      const profile = await call("add_profile", { form: data });
      onAdded(profile);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
