// The pension estimate: its parts and total, what it assumed or lacks (said in the window's own
// words: the core sends remedies as data, never a command-line flag), and the scenario table and
// chart — retiring at the earliest, statutory or latest month of the window, paying at index
// 0.6 / 1 / 2 / 3 from now on. The figures the person enters sit beside it (estimate-inputs.js).
import { h } from "../dom.js";
import { t, formatMoney, formatMonth } from "../i18n.js";
import { remedyText } from "../api.js";

const POINTS = ["earliest", "statutory", "latest"];

/** Pure: the scenario line, or null when there is no scenario (no birth month or sex). */
export function scenarioText(estimate, lang) {
  const scenario = estimate?.scenario;
  if (!scenario) return null;
  const base = scenario.future_base === null || scenario.future_base === undefined ? "—" : formatMoney(scenario.future_base, lang);
  return t("estimate.scenario", { month: formatMonth(scenario.retirement_month, lang), base }, lang);
}

/** Pure: the scenario cells as rows (earliest, statutory, latest), each with its cells in the
 * order the core sent them (index 0.6, 1, 2, 3). Rows without cells are left out. */
export function scenarioRows(scenarios = []) {
  return POINTS.map((point) => {
    const cells = scenarios.filter((c) => c.retire === point);
    if (!cells.length) return null;
    return { point, month: cells[0].retirement_month, age: cells[0].age, cells };
  }).filter(Boolean);
}

/** Pure: the window's words for the remedies the core named (the estimate panel's fields). */
export function remedyLines(remedies = [], lang) {
  return remedies.map((r) => remedyText(r, lang)).filter(Boolean);
}

const capitalize = (text) => text.charAt(0).toUpperCase() + text.slice(1);

const money = (fen) => (fen === null || fen === undefined ? t("estimate.unknown") : `${formatMoney(fen)} ${t("estimate.perMonth")}`);

export function estimatePanel({ estimate, missing = [], notes = [], remedies = [] }) {
  const line = scenarioText(estimate);
  const hints = remedyLines(remedies);
  return h(
    "section",
    { class: "panel", id: "estimate-panel", "aria-labelledby": "estimate-title" },
    h("h2", { id: "estimate-title" }, t("estimate.title")),
    line ? h("p", { class: "muted small", id: "estimate-scenario" }, line) : null,
    h(
      "dl",
      { class: "estimate" },
      h("dt", {}, t("estimate.accountPart")),
      h("dd", { class: "num", id: "estimate-account-part" }, money(estimate.account_part)),
      h("dt", {}, t("estimate.basePart")),
      h("dd", { class: "num", id: "estimate-base-part" }, money(estimate.base_part)),
      estimate.transitional_part === null || estimate.transitional_part === undefined
        ? null
        : [h("dt", {}, t("estimate.transitionalPart")), h("dd", { class: "num", id: "estimate-transitional-part" }, money(estimate.transitional_part))],
      h("dt", {}, h("strong", {}, t("estimate.total"))),
      h("dd", { class: "num" }, h("strong", { id: "estimate-total" }, money(estimate.total))),
    ),
    notes.length ? h("ul", { class: "small", id: "estimate-notes" }, notes.map((n) => h("li", {}, n))) : null,
    missing.length
      ? h("ul", { class: "muted small", id: "estimate-missing" }, h("li", {}, t("estimate.missingLead")), missing.map((m) => h("li", {}, m)))
      : null,
    // The remedies' words follow a message elsewhere; standing alone they start a sentence.
    hints.length ? h("p", { class: "small", id: "estimate-remedies" }, capitalize(hints.join(t("common.listSep")))) : null,
    scenarioTable(estimate.scenarios ?? []),
    h("p", { class: "muted small" }, t("estimate.notOfficial")),
  );
}

function scenarioTable(scenarios) {
  const rows = scenarioRows(scenarios);
  if (!rows.length) return null;
  const indexes = rows[0].cells.map((c) => c.future_index);
  const short = scenarios.some((c) => !c.meets_min_years);
  return h(
    "div",
    { class: "scenarios" },
    h("h3", { id: "scenarios-title" }, t("estimate.scenarios")),
    h(
      "table",
      { class: "data", id: "scenario-table", "aria-labelledby": "scenarios-title" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("estimate.retire")), indexes.map((i) => h("th", { scope: "col", class: "num" }, t("estimate.atIndex", { index: i }))))),
      h(
        "tbody",
        {},
        rows.map((row) =>
          h(
            "tr",
            { dataset: { retire: row.point } },
            h("th", { scope: "row" }, t(`estimate.point.${row.point}`), " ", h("span", { class: "muted small" }, formatMonth(row.month))),
            row.cells.map((c) =>
              h(
                "td",
                { class: c.meets_min_years ? "num" : "num short", title: c.meets_min_years ? null : t("estimate.belowMinimum") },
                c.total === null ? "—" : formatMoney(c.total),
                c.meets_min_years ? null : "*",
              ),
            ),
          ),
        ),
      ),
    ),
    short ? h("p", { class: "muted small" }, "* ", t("estimate.belowMinimum")) : null,
    scenarioChart(rows, indexes),
  );
}

/** Bars per retirement month, one per index, on one scale: the table drawn. */
function scenarioChart(rows, indexes) {
  const totals = rows.flatMap((r) => r.cells.map((c) => c.total ?? 0));
  const max = Math.max(...totals, 1);
  const ns = "http://www.w3.org/2000/svg";
  const el = (tag, attrs, ...children) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    node.append(...children);
    return node;
  };
  const width = 360;
  const height = 120;
  const group = width / rows.length;
  const bar = (group - 16) / indexes.length;
  const svg = el("svg", { viewBox: `0 0 ${width} ${height + 18}`, class: "scenario-chart", role: "img", "aria-label": t("estimate.scenarios") });
  rows.forEach((row, g) => {
    row.cells.forEach((c, i) => {
      const value = c.total ?? 0;
      const barHeight = Math.round((value / max) * height);
      const rect = el("rect", { x: g * group + 8 + i * bar, y: height - barHeight, width: Math.max(bar - 2, 1), height: barHeight, class: `bar bar-${i}` });
      rect.append(el("title", {}, `${t(`estimate.point.${row.point}`)} · ${t("estimate.atIndex", { index: c.future_index })}: ${c.total === null ? "—" : formatMoney(c.total)}`));
      svg.append(rect);
    });
    svg.append(el("text", { x: g * group + group / 2, y: height + 14, "text-anchor": "middle", class: "axis" }, t(`estimate.point.${row.point}`)));
  });
  return svg;
}
