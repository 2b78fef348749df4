// Where the profile stands: statutory retirement, pension years against the minimum, and the
// pension estimate with every input and what is missing. Figures come from the core's rules.
import { h } from "../dom.js";
import { t, formatDuration, formatMoney, formatMonth } from "../i18n.js";

export function standingPanel(standing) {
  return h(
    "div",
    { class: "two-col" },
    retirementPanel(standing),
    estimatePanel(standing),
  );
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

function estimatePanel({ estimate, missing }) {
  return h(
    "section",
    { class: "panel", id: "estimate-panel", "aria-labelledby": "estimate-title" },
    h("h2", { id: "estimate-title" }, t("estimate.title")),
    h(
      "p",
      { class: "muted small" },
      t("estimate.scenario", {
        month: formatMonth(estimate.scenario.retirement_month),
        base: estimate.scenario.future_base === null ? "—" : formatMoney(estimate.scenario.future_base),
      }),
    ),
    h(
      "dl",
      { class: "estimate" },
      h("dt", {}, t("estimate.accountPart")),
      h("dd", { class: "num", id: "estimate-account-part" }, estimate.account_part === null ? t("estimate.unknown") : `${formatMoney(estimate.account_part)} ${t("estimate.perMonth")}`),
      h("dt", {}, t("estimate.basePart")),
      h("dd", { class: "num" }, estimate.base_part === null ? t("estimate.unknown") : `${formatMoney(estimate.base_part)} ${t("estimate.perMonth")}`),
      h("dt", {}, h("strong", {}, t("estimate.total"))),
      h("dd", { class: "num" }, h("strong", {}, estimate.total === null ? t("estimate.unknown") : `${formatMoney(estimate.total)} ${t("estimate.perMonth")}`)),
    ),
    missing.length
      ? h("ul", { class: "muted small", id: "estimate-missing" }, h("li", {}, t("estimate.missingLead")), missing.map((m) => h("li", {}, m)))
      : null,
    h("p", { class: "muted small" }, t("estimate.notOfficial")),
  );
}
