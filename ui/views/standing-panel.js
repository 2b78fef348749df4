// Where the profile stands: statutory retirement, pension years against the minimum, and the
// pension estimate with every input and what is missing, beside the figures the person entered
// for it. Figures come from the core's rules. Saving the figures redraws this part only.
import { h } from "../dom.js";
import { t, formatDuration, formatMonth } from "../i18n.js";
import { estimatePanel } from "./estimate-panel.js";
import { estimateInputs } from "./estimate-inputs.js";

export function standingPanel(standing, profileId) {
  const retirement = standing.retirement;
  const root = h(
    "div",
    { class: "standing", id: "standing" },
    h("div", { class: "two-col" }, retirementPanel(standing), estimatePanel(standing)),
    profileId === undefined
      ? null
      : estimateInputs({
          profileId,
          given: standing.given ?? {},
          window: retirement ? { from: formatMonth(retirement.earliest_flexible), to: formatMonth(retirement.latest_flexible) } : null,
          onSaved: (next) => {
            const fresh = standingPanel(next, profileId);
            root.replaceWith(fresh);
            fresh.querySelector("#estimate-total")?.focus?.();
          },
        }),
  );
  return root;
}

function retirementPanel({ retirement, pension, missing_profile_facts: missing }) {
  if (!retirement || !pension) {
    return h(
      "section",
      { class: "panel", id: "retirement-panel", "aria-labelledby": "retirement-title" },
      h("h2", { id: "retirement-title" }, t("standing.title")),
      h("p", { class: "muted" }, t("standing.needFacts", { facts: missing.map((f) => t(`standing.fact.${f}`)).join("、") })),
    );
  }
  const share = Math.min(1, pension.months_paid / pension.months_required);
  const status = pension.reached_already
    ? t("standing.reached")
    : pension.months_short > 0
      ? t("standing.short", { months: formatDuration(pension.months_short) })
      : t("standing.reachedIn", { month: formatMonth(pension.reached_in), months: formatDuration(pension.months_still_needed) });
  return h(
    "section",
    { class: "panel", id: "retirement-panel", "aria-labelledby": "retirement-title" },
    h("h2", { id: "retirement-title" }, t("standing.title")),
    h(
      "p",
      { class: "big-line" },
      t("standing.retireAt"),
      " ",
      h("strong", { id: "retirement-month" }, formatMonth(retirement.month)),
      " ",
      h("span", { class: "muted" }, t("standing.age", { years: retirement.age.years, months: retirement.age.months })),
    ),
    h(
      "p",
      {},
      t("standing.pensionYears"),
      " ",
      h("strong", { id: "pension-years" }, formatDuration(pension.months_paid)),
      " / ",
      t("standing.required"),
      " ",
      h("strong", { id: "required-years" }, t("standing.years", { years: pension.years_required })),
    ),
    h(
      "div",
      {
        class: "meter",
        role: "progressbar",
        "aria-valuemin": 0,
        "aria-valuemax": pension.months_required,
        "aria-valuenow": Math.min(pension.months_paid, pension.months_required),
        "aria-label": t("standing.pensionYears"),
      },
      h("div", { class: "meter-fill", style: `width: ${(share * 100).toFixed(1)}%` }),
    ),
    h("p", { class: pension.months_short > 0 ? "status status-gaps" : "muted" }, status),
    h(
      "p",
      { class: "muted small" },
      t("standing.flexibleWindow", { from: formatMonth(retirement.earliest_flexible), to: formatMonth(retirement.latest_flexible) }),
    ),
    h("p", { class: "muted small source" }, t("standing.rule"), " ", retirement.schedule_source.title, ` (${retirement.schedule_source.date})`),
  );
}
