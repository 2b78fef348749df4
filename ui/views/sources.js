// The Sources view: where every record came from, how fresh each source can be and is, and
// the HTTP providers: add one, sync it now with a progress bar, cancel.
import { call } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { t, formatDateTime } from "../i18n.js";

const FRESHNESS = ["realtime", "daily", "weekly"];

/** Pure: the line that says how a source stands. */
export function freshnessLine(source) {
  if (source.last_sync === null || source.last_sync === undefined) {
    return { key: source.kind === "http" ? "sources.neverSynced" : "sources.noSync", stale: source.stale };
  }
  const days = source.days_since_sync ?? 0;
  return { key: days === 0 ? "sources.syncedToday" : "sources.syncedDaysAgo", n: days, stale: source.stale };
}

/** Pure: a progress step as text and a fraction for the bar (null: indeterminate). */
export function progressOf(step) {
  switch (step.stage) {
    case "fetching":
      return { key: "sources.step.fetching", params: { page: step.page, items: step.items }, fraction: null };
    case "waiting":
      return { key: "sources.step.waiting", params: { status: step.status, seconds: Math.ceil(step.wait_ms / 1000) }, fraction: null };
    case "balances":
      return { key: "sources.step.balances", params: {}, fraction: null };
    case "writing":
      return { key: "sources.step.writing", params: { done: step.done, total: step.total }, fraction: step.total ? step.done / step.total : 1 };
    default:
      return { key: "sources.step.fetching", params: { page: 1, items: 0 }, fraction: null };
  }
}

export async function sourcesView({ profile, onSynced }) {
  let sources = await call("sources");
  const tableSlot = h("div", { class: "table-wrap" });
  const progressSlot = h("div", { "aria-live": "polite" });
  const error = h("p", { class: "form-error", id: "sources-error", role: "alert", hidden: true });
  const showError = (message) => {
    error.textContent = message ?? "";
    error.hidden = !message;
  };

  function drawTable() {
    if (!sources.length) {
      replaceChildren(tableSlot, h("p", { class: "muted", id: "sources-empty" }, t("sources.empty")));
      return;
    }
    replaceChildren(
      tableSlot,
      h(
        "table",
        { id: "sources-table" },
        h("thead", {}, h("tr", {}, ["sources.name", "sources.kind", "sources.freshness", "sources.lastSync", "sources.lastRun", ""].map((k) => h("th", { scope: "col" }, k ? t(k) : "")))),
        h(
          "tbody",
          {},
          sources.map((s) => {
            const line = freshnessLine(s);
            const run = s.last_run;
            return h(
              "tr",
              { dataset: { source: s.name } },
              h("td", {}, h("strong", {}, s.name), s.location ? h("div", { class: "muted small" }, s.location) : null),
              h("td", {}, t(`sources.kindName.${s.kind}`), s.http ? h("div", { class: "muted small" }, s.http.profile_name) : null),
              h("td", {}, t(`sources.freshnessName.${s.freshness}`)),
              h(
                "td",
                { class: "freshness" },
                h("span", { class: line.stale ? "tag tag-owed" : "tag" }, line.stale ? t("sources.stale") : t("sources.fresh")),
                " ",
                t(line.key, { n: line.n ?? 0 }),
                s.last_sync ? h("div", { class: "muted small" }, formatDateTime(s.last_sync)) : null,
              ),
              h(
                "td",
                {},
                run ? h("span", {}, t(`sources.outcome.${run.outcome}`), run.outcome === "ok" ? ` · +${run.added} / ~${run.updated}` : "") : "—",
                run?.error_message ? h("div", { class: "muted small" }, run.error_message) : null,
              ),
              h(
                "td",
                {},
                s.http
                  ? h("button", { type: "button", class: "sync-now", dataset: { source: s.name }, onclick: () => syncNow(s.name) }, t("sources.syncNow"))
                  : null,
              ),
            );
          }),
        ),
      ),
    );
  }

  async function syncNow(name) {
    showError(null);
    tableSlot.querySelectorAll("button.sync-now").forEach((b) => (b.disabled = true));
    const bar = h("progress", { id: "sync-progress" });
    const label = h("p", { class: "muted", id: "sync-step" }, t("sources.step.starting"));
    replaceChildren(
      progressSlot,
      h(
        "section",
        { class: "panel", "aria-labelledby": "sync-title" },
        h("h2", { id: "sync-title" }, t("sources.syncing", { name })),
        bar,
        label,
        h("div", { class: "form-actions" }, h("button", { type: "button", id: "sync-cancel", onclick: () => call("sync_cancel") }, t("common.cancel"))),
      ),
    );
    const unlisten = await window.__TAURI__?.event?.listen("sync-progress", ({ payload }) => {
      const step = progressOf(payload);
      label.textContent = t(step.key, step.params);
      if (step.fraction === null) bar.removeAttribute("value");
      else bar.value = step.fraction;
    });
    try {
      const report = await call("sync_now", { name, force: false });
      replaceChildren(
        progressSlot,
        h(
          "section",
          { class: "panel", id: "sync-done" },
          h("p", { id: "sync-result" }, t("sources.result", { name, added: report.added, updated: report.updated, unchanged: report.unchanged })),
        ),
      );
      await onSynced();
    } catch (e) {
      replaceChildren(progressSlot);
      showError(e.message);
    } finally {
      unlisten?.();
      sources = await call("sources");
      drawTable();
    }
  }

  const field = (id, label, input, help) => h("label", { class: "field" }, h("span", {}, label), input, help ? h("span", { class: "muted small" }, help) : null);
  const nameInput = h("input", { type: "text", id: "source-name", required: true, placeholder: t("sources.namePlaceholder") });
  const urlInput = h("input", { type: "url", id: "source-url", required: true, placeholder: "https://hr.example.com/shebao" });
  const tokenInput = h("input", { type: "password", id: "source-token", autocomplete: "off" });
  const freshness = h("select", { id: "source-freshness" }, FRESHNESS.map((f) => h("option", { value: f, selected: f === "daily" }, t(`sources.freshnessName.${f}`))));
  const formError = h("p", { class: "form-error", id: "source-form-error", role: "alert", hidden: true });
  const addForm = h(
    "form",
    {
      id: "source-form",
      onsubmit: async (e) => {
        e.preventDefault();
        formError.hidden = true;
        try {
          await call("add_http_source", {
            form: { profileId: profile.id, name: nameInput.value, baseUrl: urlInput.value, token: tokenInput.value, freshness: freshness.value },
          });
          tokenInput.value = "";
          sources = await call("sources");
          drawTable();
          addForm.closest("details").open = false;
        } catch (failure) {
          formError.textContent = failure.message;
          formError.hidden = false;
        }
      },
    },
    h("p", { class: "muted small" }, t("sources.addHelp", { name: profile.name })),
    h(
      "div",
      { class: "field-row" },
      field("source-name", t("sources.name"), nameInput),
      field("source-url", t("sources.url"), urlInput),
      field("source-token", t("sources.token"), tokenInput, t("sources.tokenHelp")),
      field("source-freshness", t("sources.freshness"), freshness),
    ),
    formError,
    h("div", { class: "form-actions" }, h("button", { type: "submit", class: "primary", id: "source-add" }, t("sources.add"))),
  );

  drawTable();
  return h(
    "section",
    { class: "sources", "aria-labelledby": "sources-title" },
    h("h1", { id: "sources-title" }, t("sources.title")),
    h("p", { class: "muted" }, t("sources.lead")),
    error,
    h("div", { class: "panel" }, tableSlot),
    progressSlot,
    h("details", { class: "panel add-source" }, h("summary", { id: "source-add-toggle" }, t("sources.addTitle")), addForm),
    h("p", { class: "muted small" }, t("sources.protocol")),
  );
}
