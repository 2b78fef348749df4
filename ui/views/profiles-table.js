// The table of many profiles (an HR user's employees, a family): pension months paid, months
// in a gap, months owed, the next deadline and open alerts, one row each, sorted by clicking
// a column's header (a button, so the keyboard sorts too). The core counts; this only sorts.
import { call } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { t, formatDate } from "../i18n.js";

const COLUMNS = ["name", "pension", "gaps", "owed", "deadline", "alerts"];
const NUMERIC = new Set(["pension", "gaps", "owed", "alerts"]);

/** Alert counts are every profile's standing (seconds for a thousand): asked once per overview. */
const alertCounts = new WeakMap();

/** Pure: the overview's profiles as table rows; `counts` (from alert_counts) may be missing. */
export function tableRows(profiles, counts) {
  const open = new Map((counts ?? []).map((c) => [c.profile, c.open]));
  return profiles.map(({ profile, summary, gap_months, owed_months, next_payment: next }) => ({
    id: profile.id,
    name: profile.name,
    pension: summary.pension.months_paid,
    gaps: gap_months,
    owed: owed_months,
    deadline: next?.deadline ?? null,
    alerts: open.has(profile.id) ? open.get(profile.id) : null,
  }));
}

/** Pure: the rows sorted by `key`, ascending or not; empty values (no deadline, alerts not
 * counted yet) always last; ties keep the overview's order (by id). */
export function sortRows(rows, key, ascending) {
  const collator = new Intl.Collator(["zh-CN", "en"], { numeric: true });
  const compare = (a, b) => {
    if (key === "name") return collator.compare(a, b);
    if (NUMERIC.has(key)) return a - b;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  return rows
    .map((row, index) => ({ row, index }))
    .sort((x, y) => {
      const a = x.row[key];
      const b = y.row[key];
      if (a === null || b === null) return (a === null) - (b === null) || x.index - y.index;
      return (ascending ? compare(a, b) : compare(b, a)) || x.index - y.index;
    })
    .map(({ row }) => row);
}

export function profilesTable(overview, activeId, onSelect) {
  const sort = { key: "name", ascending: true };
  let counts = null;
  const body = h("tbody");
  const head = h("tr");

  function draw() {
    replaceChildren(
      head,
      COLUMNS.map((key) =>
        h(
          "th",
          {
            scope: "col",
            class: NUMERIC.has(key) ? "num" : "",
            "aria-sort": sort.key === key ? (sort.ascending ? "ascending" : "descending") : "none",
          },
          h(
            "button",
            {
              type: "button",
              class: "sort",
              id: `profiles-sort-${key}`,
              onclick: () => {
                sort.ascending = sort.key === key ? !sort.ascending : true;
                sort.key = key;
                draw();
                document.getElementById(`profiles-sort-${key}`)?.focus();
              },
            },
            t(`dashboard.table.${key}`),
            sort.key === key ? (sort.ascending ? " ▲" : " ▼") : "",
          ),
        ),
      ),
    );
    replaceChildren(
      body,
      sortRows(tableRows(overview.profiles, counts), sort.key, sort.ascending).map((row) =>
        h(
          "tr",
          { dataset: { profileId: row.id }, "aria-current": row.id === activeId ? "true" : false },
          h("th", { scope: "row" }, h("button", { type: "button", class: "link", onclick: () => onSelect(row.id) }, row.name)),
          h("td", { class: "num" }, String(row.pension)),
          h("td", { class: `num ${row.gaps ? "warn" : ""}` }, String(row.gaps)),
          h("td", { class: `num ${row.owed ? "late" : ""}` }, String(row.owed)),
          h("td", {}, row.deadline ? formatDate(row.deadline) : "—"),
          h("td", { class: "num", dataset: { cell: "alerts" } }, row.alerts === null ? "…" : String(row.alerts)),
        ),
      ),
    );
  }

  if (!alertCounts.has(overview)) alertCounts.set(overview, call("alert_counts"));
  alertCounts
    .get(overview)
    .then((list) => {
      counts = list;
      draw();
    })
    .catch(() => {
      // The column stays "…": the table itself is whole without it.
      alertCounts.delete(overview);
    });

  draw();
  return h(
    "section",
    { class: "panel", "aria-labelledby": "profiles-table-title" },
    h("h2", { id: "profiles-table-title" }, t("dashboard.table.title", { n: overview.profiles.length })),
    h("p", { class: "muted small" }, t("dashboard.table.help")),
    h("div", { class: "table-wrap" }, h("table", { id: "profiles-table", class: "profiles-table" }, h("thead", {}, head), body)),
  );
}
