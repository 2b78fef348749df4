// "Record a payment": the month a flexible-employment person just paid, typed in by hand. The
// core checks it (no month after next, no negative amount) and keeps the change history.
import { call } from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { allKinds } from "../kinds.js";

const STATUSES = ["paid", "back_paid", "owed"];

/** `month` and `kind` preset the form (from the next payment due, when there is one). */
export function paymentForm({ profile, month, kind = "pension", onSaved, onCancel }) {
  const error = h("p", { class: "form-error", id: "payment-error", role: "alert", hidden: true });
  const field = (label, input, hint) =>
    h("label", { class: "field" }, h("span", {}, label), input, hint ? h("small", { class: "muted" }, hint) : null);
  const input = (name, attrs = {}) => h("input", { name, id: `payment-${name}`, autocomplete: "off", ...attrs });
  const select = (name, options, current) =>
    h("select", { name, id: `payment-${name}` }, options.map(([value, label]) => h("option", { value, selected: value === current }, label)));

  const form = h(
    "form",
    { class: "profile-form", id: "payment-form", "aria-labelledby": "payment-form-title", novalidate: true },
    h("h2", { id: "payment-form-title" }, t("payment.title", { name: profile.name })),
    h(
      "div",
      { class: "field-row" },
      field(t("history.kind"), select("kind", allKinds().map((k) => [k, t(`kind.${k}`)]), kind)),
      field(t("history.month"), input("month", { value: month ?? "", placeholder: "2026-11", maxlength: 10, required: true })),
      field(t("history.personal"), input("personal", { inputmode: "decimal", placeholder: "1,040.00", required: true })),
      field(t("history.base"), input("base", { inputmode: "decimal", placeholder: "5,200.00" }), t("payment.optional")),
      field(t("history.payer"), input("payer", { placeholder: t("payer.self") }), t("payment.payerHint")),
      field(t("history.status"), select("status", STATUSES.map((s) => [s, t(`status.${s}`)]), "paid")),
    ),
    error,
    h(
      "div",
      { class: "form-actions" },
      onCancel ? h("button", { type: "button", class: "ghost", onclick: onCancel }, t("common.cancel")) : null,
      h("button", { type: "submit", class: "primary", id: "payment-save" }, t("payment.save")),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    const data = new FormData(form);
    try {
      const report = await call("record_payment", {
        form: {
          profileId: profile.id,
          kind: data.get("kind"),
          month: data.get("month"),
          personal: data.get("personal"),
          base: data.get("base"),
          employer: "",
          payer: data.get("payer"),
          status: data.get("status"),
        },
      });
      await onSaved(report);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  });
  return form;
}
