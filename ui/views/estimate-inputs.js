// "Your own figures": what the person enters beside the estimate, once, stored with the profile
// — the 养老金计发基数, their 平均缴费指数 (on many 个人权益记录单 and provincial apps), the index
// they expect to pay at, the month they mean to retire, and for the transitional pension their
// 视同缴费年限 and the province's 过渡系数. Each says when it was entered. An empty field
// clears the figure.
import { call } from "../api.js";
import { h } from "../dom.js";
import { t, formatDate } from "../i18n.js";

/** Pure: a stored figure as the field's text (money in yuan without grouping, the index as
 * sent, a coefficient in percent), "" when none. */
export function fieldValue(name, entered) {
  if (!entered) return "";
  const v = entered.value;
  switch (name) {
    case "benefit_base":
      return (v / 100).toFixed(2).replace(/\.00$/, "");
    case "transitional_coefficient":
      return `${(v / 100).toString()}%`;
    default:
      return String(v);
  }
}

const FIELDS = [
  ["benefit_base", "benefitBase", { inputmode: "decimal", placeholder: "12049" }],
  ["average_index", "averageIndex", { inputmode: "decimal", placeholder: "0.85" }],
  ["future_index", "futureIndex", { inputmode: "decimal", placeholder: "1" }],
  ["retirement_month", "retirementMonth", { placeholder: "2035-06", maxlength: 7 }],
  ["deemed_months", "deemedMonths", { inputmode: "numeric", placeholder: "54" }],
  ["transitional_coefficient", "transitionalCoefficient", { inputmode: "decimal", placeholder: "1.2%" }],
];

/** The field's hint; the retirement month's names the window, when the profile has one. */
function hint(key, elastic) {
  if (key === "retirementMonth" && !elastic) return t("estimateInputs.retirementMonthNoWindow");
  return t(`estimateInputs.${key}Hint`, elastic ?? {});
}

export function estimateInputs({ profileId, given = {}, window: elastic, onSaved }) {
  const error = h("p", { class: "form-error", id: "estimate-inputs-error", role: "alert", hidden: true });
  const field = (name, key, attrs) => {
    const entered = given[name];
    return h(
      "label",
      { class: "field" },
      h("span", {}, t(`estimateInputs.${key}`)),
      h("input", { name, id: `estimate-${name.replaceAll("_", "-")}`, autocomplete: "off", value: fieldValue(name, entered), ...attrs }),
      h(
        "small",
        { class: "muted" },
        entered ? t("estimateInputs.enteredOn", { date: formatDate(entered.entered_on) }) : hint(key, elastic),
      ),
    );
  };
  const form = h(
    "form",
    { class: "panel profile-form", id: "estimate-inputs", "aria-labelledby": "estimate-inputs-title", novalidate: true },
    h("h2", { id: "estimate-inputs-title" }, t("estimateInputs.title")),
    h("p", { class: "muted small" }, t("estimateInputs.lead")),
    h("div", { class: "field-row" }, FIELDS.map(([name, key, attrs]) => field(name, key, attrs))),
    error,
    h("div", { class: "form-actions" }, h("button", { type: "submit", class: "primary", id: "estimate-inputs-save" }, t("estimateInputs.save"))),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    const data = new FormData(form);
    const text = (name) => String(data.get(name) ?? "");
    try {
      const standing = await call("set_estimate_inputs", {
        form: {
          profileId,
          benefitBase: text("benefit_base"),
          averageIndex: text("average_index"),
          futureIndex: text("future_index"),
          retirementMonth: text("retirement_month"),
          deemedMonths: text("deemed_months"),
          transitionalCoefficient: text("transitional_coefficient"),
        },
      });
      onSaved(standing);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  });
  return form;
}

