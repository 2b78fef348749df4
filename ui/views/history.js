// Every stored month of the active profile: filter, sort, search, and each record's changes.
import { call } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { t, formatDate, formatMoney, formatMonth } from "../i18n.js";
import { allKinds } from "../kinds.js";

const STATUSES = ["paid", "owed", "back_paid", "transferred_in", "transfer_pending"];
const PAGE = 300;

// Filters survive switching views within a session, per profile.
const remembered = new Map();

const payerLabel = (payer) => (payer.type === "self" ? t("payer.self") : payer.name);
const money = (fen) => (fen === null || fen === undefined ? "—" : formatMoney(fen));

const COLUMNS = [
  // A month spread from a period row (a spell such as 2015.01–2018.12) is marked, so spread
  // amounts are not read as listed ones; the detail says which row.
  {
    key: "month",
    label: "history.month",
    value: (r) => r.month,
    show: (r) =>
      r.period_line
        ? h("span", {}, formatMonth(r.month), " ", h("span", { class: "derived-mark", title: t("history.derivedShort"), "aria-label": t("history.derivedShort") }, "≈"))
        : formatMonth(r.month),
  },
  { key: "kind", label: "history.kind", value: (r) => allKinds().indexOf(r.kind), show: (r) => t(`kind.${r.kind}`) },
  // Payer names can be long (a company's full name): the column may wrap, so
  // the table stays as narrow as the window allows. (Long source names are cut, see CSS.)
  { key: "payer", label: "history.payer", value: (r) => payerLabel(r.payer), show: (r) => payerLabel(r.payer), wrap: true },
  // The name (杭州市) to read; the code stays searchable.
  { key: "region", label: "history.region", value: (r) => r.region_name ?? r.region ?? "", show: (r) => r.region_name ?? r.region ?? "—" },
  { key: "base", label: "history.base", value: (r) => r.base ?? -1, show: (r) => money(r.base), num: true },
  { key: "personal", label: "history.personal", value: (r) => r.personal, show: (r) => money(r.personal), num: true },
  { key: "employer", label: "history.employer", value: (r) => r.employer, show: (r) => money(r.employer), num: true },
  { key: "credited", label: "history.credited", value: (r) => r.credited ?? -1, show: (r) => money(r.credited), num: true },
  {
    key: "status",
    label: "history.status",
    value: (r) => STATUSES.indexOf(r.status),
    show: (r) => h("span", { class: `tag tag-${r.status}` }, t(`status.${r.status}`)),
  },
];

/** Pure: the rows that pass the filters, sorted. Exported for the UI unit tests. */
export function filterRows(rows, filters, sourceNames = new Map()) {
  const needle = filters.search.trim().toLowerCase();
  const column = COLUMNS.find((c) => c.key === filters.sort) ?? COLUMNS[0];
  const direction = filters.descending ? -1 : 1;
  return rows
    .filter((r) => !filters.kind || r.kind === filters.kind)
    .filter((r) => !filters.year || r.month.startsWith(`${filters.year}-`))
    .filter((r) => !filters.status || r.status === filters.status)
    .filter((r) => !filters.payer || payerKey(r.payer) === filters.payer)
    .filter(
      (r) =>
        !needle ||
        [r.month, formatMonth(r.month), payerLabel(r.payer), r.region ?? "", r.region_name ?? "", sourceNames.get(r.source) ?? ""]
          .join(" ")
          .toLowerCase()
          .includes(needle),
    )
    .sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      const order = x < y ? -1 : x > y ? 1 : 0;
      return order * direction || (a.month < b.month ? 1 : a.month > b.month ? -1 : 0);
    });
}

const payerKey = (payer) => (payer.type === "self" ? "self" : `employer:${payer.name}`);

export async function historyView({ profileId, sources }) {
  const rows = await call("contributions", { profileId });
  const sourceNames = new Map(sources.map((s) => [s.id, s.name]));
  const filters = remembered.get(profileId) ?? { kind: "", year: "", status: "", payer: "", search: "", sort: "month", descending: true };
  remembered.set(profileId, filters);
  let shown = PAGE;

  const years = [...new Set(rows.map((r) => r.month.slice(0, 4)))].sort().reverse();
  const payers = [...new Map(rows.map((r) => [payerKey(r.payer), payerLabel(r.payer)])).entries()];
  const count = h("p", { class: "muted", id: "history-count", "aria-live": "polite" });
  // What the ≈ beside a month means, shown only while such a month is in the list.
  const legend = h("p", { class: "muted", id: "history-legend", hidden: true }, h("span", { class: "derived-mark" }, "≈"), " ", t("history.derivedLegend"));
  const tableSlot = h("div", { class: "table-wrap" });
  const detail = h("section", { class: "panel detail", id: "record-detail", hidden: true, "aria-labelledby": "detail-title" });
  const more = h("div", { class: "more" });

  const select = (id, key, label, options) => {
    const el = h(
      "select",
      { id, onchange: () => update({ [key]: el.value }) },
      h("option", { value: "" }, t("history.all")),
      options.map(([value, text]) => h("option", { value, selected: filters[key] === value }, text)),
    );
    return h("label", {}, t(label), el);
  };
  const search = h("input", {
    type: "search",
    id: "history-search",
    value: filters.search,
    placeholder: t("history.searchPlaceholder"),
    oninput: () => update({ search: search.value }),
  });

  function update(change) {
    Object.assign(filters, change);
    shown = PAGE;
    draw();
  }

  function draw() {
    const visible = filterRows(rows, filters, sourceNames);
    count.textContent = t("history.count", { n: visible.length });
    legend.hidden = !visible.some((r) => r.period_line);
    const header = h(
      "tr",
      {},
      COLUMNS.map((c) => {
        const sorted = filters.sort === c.key;
        return h(
          "th",
          { scope: "col", class: c.num ? "num" : "", "aria-sort": sorted ? (filters.descending ? "descending" : "ascending") : "none" },
          h(
            "button",
            {
              type: "button",
              dataset: { sort: c.key },
              "aria-label": t("history.sortBy", { column: t(c.label) }),
              onclick: () => update({ sort: c.key, descending: sorted ? !filters.descending : false }),
            },
            t(c.label),
            sorted ? (filters.descending ? " ▼" : " ▲") : "",
          ),
        );
      }),
      h("th", { scope: "col" }, t("history.source")),
    );
    const body = visible.slice(0, shown).map((r) =>
      h(
        "tr",
        {
          tabindex: 0,
          dataset: { id: r.id, kind: r.kind, month: r.month, status: r.status },
          onclick: (e) => showDetail(r, e.currentTarget),
          onkeydown: (e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), showDetail(r, e.currentTarget)),
        },
        COLUMNS.map((c) => h("td", { class: c.num ? "num" : "" }, c.wrap ? h("span", { class: "wrap" }, c.show(r)) : c.show(r))),
        h("td", { class: "muted" }, h("span", { class: "cut", title: sourceNames.get(r.source) ?? "" }, sourceNames.get(r.source) ?? "—")),
      ),
    );
    replaceChildren(
      tableSlot,
      visible.length
        ? h("table", { class: "history", id: "history-table" }, h("thead", {}, header), h("tbody", {}, body))
        : h("p", { class: "muted", style: "padding: 1rem" }, t("history.empty")),
    );
    const rest = visible.length - shown;
    replaceChildren(
      more,
      rest > 0
        ? h("button", { type: "button", id: "history-more", onclick: () => ((shown += PAGE), draw()) }, t("history.more", { n: Math.min(rest, PAGE) }))
        : null,
    );
  }

  async function showDetail(record, rowEl) {
    tableSlot.querySelectorAll('tr[aria-selected="true"]').forEach((el) => el.removeAttribute("aria-selected"));
    rowEl.setAttribute("aria-selected", "true");
    const revisions = await call("revisions", { contributionId: record.id });
    const fieldValue = (field, value) => {
      if (value === null || value === undefined) return "—";
      if (field === "status") return t(`status.${value}`);
      // The core sends amounts as integer fen (a number); text is a region, or an amount an
      // old database held in a form it could not read exactly, shown as it was.
      if (typeof value === "number") return formatMoney(value);
      return value;
    };
    detail.hidden = false;
    replaceChildren(
      detail,
      h("h2", { id: "detail-title" }, t("history.detailTitle"), " · ", formatMonth(record.month), " · ", t(`kind.${record.kind}`)),
      h(
        "dl",
        {},
        COLUMNS.flatMap((c) => [h("dt", {}, t(c.label)), h("dd", {}, c.show(record))]),
        h("dt", {}, t("history.source")),
        h("dd", {}, sourceNames.get(record.source) ?? "—"),
        record.period_line
          ? [
              h("dt", {}, t("history.derived")),
              h("dd", { id: "detail-derived" }, t("history.derivedLine", { line: record.period_line, source: sourceNames.get(record.source) ?? "—" })),
            ]
          : null,
        h("dt", {}, t("history.updatedAt")),
        h("dd", {}, formatDate(record.updated_at)),
      ),
      h("h3", { style: "margin-top: 0.8rem" }, t("history.revisions")),
      revisions.length
        ? h(
            "ul",
            { id: "revision-list" },
            revisions.map((rev) =>
              h(
                "li",
                {},
                t("history.revisionLine", {
                  time: formatDate(rev.changed_at),
                  field: t(`field.${rev.field}`),
                  old: fieldValue(rev.field, rev.old_value),
                  new: fieldValue(rev.field, rev.new_value),
                  source: sourceNames.get(rev.source) ?? "—",
                }),
              ),
            ),
          )
        : h("p", { class: "muted" }, t("history.noRevisions")),
    );
  }

  draw();
  return h(
    "section",
    { class: "history-view", "aria-labelledby": "history-title" },
    h("h1", { id: "history-title" }, t("history.title")),
    h(
      "div",
      { class: "toolbar" },
      select("filter-kind", "kind", "history.kind", allKinds().map((k) => [k, t(`kind.${k}`)])),
      select("filter-year", "year", "history.year", years.map((y) => [y, y])),
      select("filter-status", "status", "history.status", STATUSES.map((s) => [s, t(`status.${s}`)])),
      select("filter-payer", "payer", "history.payer", payers),
      h("label", {}, t("history.search"), search),
    ),
    count,
    legend,
    tableSlot,
    more,
    detail,
  );
}
