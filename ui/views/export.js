// The Export view: a statement (PDF) or a table (CSV, XLSX) or a full backup (JSON) of one
// profile — or of every profile at once, into a new folder with a manifest — for chosen months
// and kinds; written into the export folder, then opened or shown.
import { call, callRaw } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { t, getLang, formatMonth } from "../i18n.js";
import { allKinds } from "../kinds.js";

const FORMATS = ["pdf", "xlsx", "csv", "json"];
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Pure: the form's values as the export command takes them, or the i18n key of what is wrong.
 * With `all`, the form of "every profile" (export_every_profile): the same, without the profile. */
export function exportRequest({ profileId, all = false, format, from, to, kinds, lang, showId, withEstimate = false }) {
  const a = from.trim();
  const b = to.trim();
  if (a && !MONTH.test(a)) return { problem: "export.badMonth", value: a };
  if (b && !MONTH.test(b)) return { problem: "export.badMonth", value: b };
  if (a && b && a > b) return { problem: "export.badPeriod" };
  if (!kinds.length) return { problem: "export.noKinds" };
  return {
    form: {
      ...(all ? {} : { profileId }),
      format,
      from: a,
      to: b,
      // Every kind ticked means "all kinds", which also covers kinds added later.
      kinds: kinds.length === allKinds().length ? [] : kinds,
      lang,
      showId: format === "json" ? false : showId,
      // The estimate is an appendix of the PDF statement only.
      withEstimate: format === "pdf" && withEstimate,
    },
  };
}

export async function exportView({ profile }) {
  const [folder, earlier] = await Promise.all([call("export_folder"), call("exports", { profileId: profile.id })]);
  const choice = { format: "pdf", lang: getLang(), showId: false, withEstimate: false, all: false };

  const radio = (name, value, checked, label, onchange) =>
    h("label", { class: "option" }, h("input", { type: "radio", name, value, id: `${name}-${value}`, checked, onchange }), label);
  const formats = h(
    "fieldset",
    { class: "choice-row" },
    h("legend", {}, t("export.format")),
    FORMATS.map((f) => radio("export-format", f, f === choice.format, t(`export.formatName.${f}`), () => ((choice.format = f), drawHints()))),
  );
  const whose = h(
    "fieldset",
    { class: "choice-row" },
    h("legend", {}, t("export.whose")),
    radio("export-whose", "one", true, t("export.whoseOne", { name: profile.name }), () => (choice.all = false)),
    radio("export-whose", "all", false, t("export.whoseAll"), () => (choice.all = true)),
  );
  const hint = h("p", { class: "muted small", id: "export-hint" });
  const kinds = h(
    "fieldset",
    { class: "choice-row" },
    h("legend", {}, t("export.kinds")),
    allKinds().map((k) => h("label", { class: "option" }, h("input", { type: "checkbox", value: k, id: `export-kind-${k}`, checked: true }), t(`kind.${k}`))),
  );
  const from = h("input", { type: "text", id: "export-from", placeholder: "2010-01", inputmode: "numeric", size: 8 });
  const to = h("input", { type: "text", id: "export-to", placeholder: "2026-11", inputmode: "numeric", size: 8 });
  const languages = h(
    "fieldset",
    { class: "choice-row" },
    h("legend", {}, t("export.language")),
    radio("export-lang", "zh", choice.lang === "zh", "简体中文", () => (choice.lang = "zh")),
    radio("export-lang", "en", choice.lang === "en", "English", () => (choice.lang = "en")),
  );
  const showId = h("input", { type: "checkbox", id: "export-show-id", onchange: (e) => (choice.showId = e.target.checked) });
  const showIdRow = h("label", { class: "option" }, showId, t("export.showId"));
  const withEstimate = h("input", { type: "checkbox", id: "export-with-estimate", onchange: (e) => (choice.withEstimate = e.target.checked) });
  const withEstimateRow = h("label", { class: "option" }, withEstimate, t("export.withEstimate"));
  const folderText = h("code", { id: "export-folder" }, folder);
  const error = h("p", { class: "form-error", id: "export-error", role: "alert", hidden: true });
  const result = h("div", { id: "export-result-slot", "aria-live": "polite" });
  const button = h("button", { type: "button", class: "primary", id: "export-run", onclick: () => run() }, t("export.run"));

  function drawHints() {
    hint.textContent = t(`export.hint.${choice.format}`);
    showIdRow.hidden = choice.format === "json";
    withEstimateRow.hidden = choice.format !== "pdf";
  }

  async function run() {
    error.hidden = true;
    const picked = [...kinds.querySelectorAll("input:checked")].map((i) => i.value);
    const request = exportRequest({ profileId: profile.id, ...choice, from: from.value, to: to.value, kinds: picked });
    if (request.problem) {
      error.textContent = t(request.problem, { value: request.value });
      error.hidden = false;
      return;
    }
    button.disabled = true;
    if (choice.all) return runAll(request.form);
    replaceChildren(result, h("div", { class: "panel" }, h("p", {}, t("export.working")), h("progress", { id: "export-progress" })));
    try {
      const done = await call("export_file", { form: request.form });
      drawResult(done);
      earlier.unshift(done.export);
      drawEarlier();
    } catch (e) {
      replaceChildren(result);
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  }

  // Every profile: one progress bar for the whole batch, fed by the shell's events.
  async function runAll(form) {
    const bar = h("progress", { id: "export-progress", value: 0, max: 1 });
    const label = h("p", { id: "export-progress-label" }, t("export.working"));
    replaceChildren(result, h("div", { class: "panel" }, label, bar));
    const unlisten = await window.__TAURI__?.event?.listen("export-progress", ({ payload }) => {
      bar.max = Math.max(payload.total, 1);
      bar.value = payload.done;
      label.textContent = t("export.batchProgress", payload);
    });
    try {
      drawBatchResult(await call("export_every_profile", { form }));
    } catch (e) {
      replaceChildren(result);
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      unlisten?.();
      button.disabled = false;
    }
  }

  function drawBatchResult(done) {
    replaceChildren(
      result,
      h(
        "section",
        { class: "panel export-done", id: "export-done", "aria-labelledby": "export-done-title" },
        h("h2", { id: "export-done-title" }, t("export.done")),
        h("p", { id: "export-result" }, t("export.batchResult", { n: done.files }), " ", h("code", { id: "export-batch-folder" }, done.folder)),
        h("p", { class: "muted small" }, t("export.batchManifest")),
        h(
          "div",
          { class: "form-actions" },
          h(
            "button",
            {
              type: "button",
              class: "primary",
              id: "export-open-folder",
              onclick: () =>
                call("open_batch_folder").catch((e) => {
                  error.textContent = e.message;
                  error.hidden = false;
                }),
            },
            t("export.openFolder"),
          ),
        ),
      ),
    );
  }

  const open = (id, reveal) =>
    call("open_export", { exportId: id, reveal }).catch((e) => {
      error.textContent = e.message;
      error.hidden = false;
    });

  function drawResult(done) {
    const record = done.export;
    replaceChildren(
      result,
      h(
        "section",
        { class: "panel export-done", id: "export-done", "aria-labelledby": "export-done-title" },
        h("h2", { id: "export-done-title" }, t("export.done")),
        h("p", { id: "export-result" }, t("export.result", { file: record.file_name, n: done.records })),
        h("p", { class: "muted small" }, t("export.digest"), " ", h("code", {}, record.content_digest)),
        h(
          "div",
          { class: "form-actions" },
          h("button", { type: "button", class: "primary", id: "export-open", onclick: () => open(record.id, false) }, t("export.open")),
          h("button", { type: "button", id: "export-reveal", onclick: () => open(record.id, true) }, t("export.reveal")),
        ),
      ),
    );
  }

  const earlierSlot = h("div");
  function drawEarlier() {
    replaceChildren(
      earlierSlot,
      earlier.length
        ? h(
            "section",
            { class: "panel", "aria-labelledby": "export-earlier-title" },
            h("h2", { id: "export-earlier-title" }, t("export.earlier")),
            h(
              "div",
              { class: "table-wrap" },
              h(
                "table",
                { id: "export-list" },
                h("thead", {}, h("tr", {}, ["export.when", "export.format", "export.period", "export.file"].map((k) => h("th", { scope: "col" }, t(k))))),
                h(
                  "tbody",
                  {},
                  earlier.slice(0, 20).map((e) =>
                    h(
                      "tr",
                      {},
                      h("td", {}, new Date(e.created_at).toLocaleString(getLang() === "zh" ? "zh-CN" : "en-GB")),
                      h("td", {}, e.format.toUpperCase()),
                      h("td", {}, `${formatMonth(e.period.from)} – ${formatMonth(e.period.to)}`),
                      h("td", { class: "muted" }, e.file_name ?? "—"),
                    ),
                  ),
                ),
              ),
            ),
          )
        : null,
    );
  }

  drawHints();
  drawEarlier();
  return h(
    "section",
    { class: "export", "aria-labelledby": "export-title" },
    h("h1", { id: "export-title" }, t("export.title")),
    h("p", { class: "muted" }, t("export.of", { name: profile.name })),
    h(
      "div",
      { class: "panel export-form" },
      whose,
      formats,
      hint,
      kinds,
      h(
        "fieldset",
        { class: "choice-row" },
        h("legend", {}, t("export.period")),
        h("label", { class: "inline" }, t("export.from"), from),
        h("label", { class: "inline" }, t("export.to"), to),
        h("span", { class: "muted small" }, t("export.periodHelp")),
      ),
      languages,
      showIdRow,
      withEstimateRow,
      h(
        "p",
        { class: "muted small" },
        t("export.folder"),
        " ",
        folderText,
        " ",
        h(
          "button",
          {
            type: "button",
            class: "ghost",
            id: "export-choose-folder",
            onclick: async () => {
              const picked = await call("choose_export_folder").catch((e) => {
                error.textContent = e.message;
                error.hidden = false;
              });
              if (picked) folderText.textContent = picked;
            },
          },
          t("export.chooseFolder"),
        ),
      ),
      error,
      h("div", { class: "form-actions" }, button),
    ),
    result,
    h("p", { class: "disclaimer small" }, t("export.notOfficial")),
    earlierSlot,
    verifyPanel(),
  );
}

/** Someone shows the user a file said to come from this app: was it exported from this data,
 * unaltered, and are its records unchanged? The core answers and words the verdict. */
function verifyPanel() {
  const verdict = h("p", { id: "export-verify-result", role: "status", hidden: true });
  const input = h("input", {
    type: "file",
    id: "export-verify-file",
    accept: ".pdf,.csv,.xlsx,.json",
    class: "visually-hidden",
    tabindex: -1,
    onchange: async () => {
      const file = input.files[0];
      if (!file) return;
      verdict.hidden = false;
      verdict.className = "muted";
      verdict.textContent = t("export.verifying", { name: file.name });
      try {
        const result = await callRaw("verify_file", new Uint8Array(await file.arrayBuffer()), {});
        verdict.className = result.passed ? "verify-passed" : "form-error";
        verdict.textContent = file.name + (getLang() === "zh" ? "：" : ": ") + result.text;
      } catch (e) {
        verdict.className = "form-error";
        verdict.textContent = e.message;
      } finally {
        input.value = "";
        verdict.scrollIntoView({ block: "nearest" });
      }
    },
  });
  return h(
    "section",
    { class: "panel", "aria-labelledby": "export-verify-title" },
    h("h2", { id: "export-verify-title" }, t("export.verifyTitle")),
    h("p", { class: "muted small" }, t("export.verifyHelp")),
    input,
    h("div", { class: "form-actions" }, h("button", { type: "button", id: "export-verify", onclick: () => input.click() }, t("export.verifyChoose"))),
    verdict,
  );
}
