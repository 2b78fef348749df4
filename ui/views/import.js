// The import wizard: pick, drop or paste a statement → (map its columns) → preview with every
// problem → commit with a progress bar → result. The file's bytes go to the core once; each
// later step names only the profile and the columns.
import { call, callRaw } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { t, tn, formatMonth, getLang } from "../i18n.js";
import { allKinds } from "../kinds.js";

const ACCEPT = ".csv,.tsv,.txt,.xlsx,.xls,.json";
const PASTED_NAME = "pasted-table.tsv";
/** Fields offered in the mapping step, in the order a statement usually has them. */
const FIELDS = ["month", "kind", "base", "personal", "employer", "to_account", "status", "type", "payer", "region"];
const SAMPLE_ROWS_SHOWN = 12;

/** Pure: the mapping as the core reads it, from the form's values (column letters or ""). */
export function mappingFrom({ headerLine, columns, kind }) {
  const line = Number.parseInt(headerLine, 10);
  const chosen = Object.fromEntries(Object.entries(columns).filter(([, letter]) => letter));
  return { header_line: Number.isFinite(line) && line > 0 ? line : null, columns: chosen, ...(kind ? { kind } : {}) };
}

/** The message for each reason the core gives for not writing a preview. */
const BLOCKED_MESSAGES = {
  row_errors: "import.blocked.errors",
  person_mismatch: "import.blocked.person",
  nothing_to_write: "import.blocked.nothing",
};

/** Pure: why the preview cannot be written (an i18n key), or null. The core decides
 * (ingest/blocker.rs); the window only picks its list for the user's confirmation. */
export function commitBlocker(summary, force) {
  const reasons = force ? summary.blocked_when_forced : summary.blocked_by;
  return reasons.length ? BLOCKED_MESSAGES[reasons[0]] : null;
}

/** Pure: what the per-person preview proposes for each person before the user changes it —
 * the matched profile, a new profile for the unknown, nothing for a name that only asks
 * (the user says whether it is that profile). As the core reads it: {profile: id}, "create",
 * "skip". */
export function defaultDecisions(people) {
  return people.persons.map((p) => (p.match === "profile" ? { profile: p.profile_id } : p.match === "new" ? "create" : "skip"));
}

/** Pure: whether the per-person preview may be written: no row problem, and someone to write. */
export function peopleCommittable(people, decisions) {
  return people.errors.length === 0 && decisions.some((d) => d !== "skip");
}

export function importView({ profile, onImported }) {
  const root = h("section", { class: "import", "aria-labelledby": "import-title" });
  /** The wizard's state; `mapping` is set once the user has named the columns. */
  const session = { fileName: null, summary: null, sample: null, mapping: null, force: false, saveMapping: true };

  const title = h("h1", { id: "import-title" }, t("import.title"));
  const target = h("p", { class: "muted", id: "import-target" }, t("import.into", { name: profile.name }));
  const errorSlot = h("p", { class: "form-error", id: "import-error", role: "alert", hidden: true });
  const body = h("div", { class: "import-body" });
  root.append(title, target, errorSlot, body);

  function showError(error) {
    errorSlot.textContent = error ? error.message : "";
    errorSlot.hidden = !error;
  }

  /** Runs a step; its failure is shown in the wizard, never swallowed. */
  async function step(action) {
    showError(null);
    try {
      await action();
    } catch (error) {
      console.error(error);
      showError(error);
    }
  }

  async function load(name, bytes) {
    const loaded = await callRaw("import_load", bytes, { "x-file-name": encodeURIComponent(name) });
    Object.assign(session, { fileName: loaded.file_name, summary: null, sample: null, mapping: null, force: false, people: null });
    if (await previewPeople()) return;
    await preview();
  }

  /** A file with a person column naming several people is imported per person; any other
   * goes on to the one-person preview. */
  async function previewPeople() {
    let people;
    try {
      people = await call("import_people_preview");
    } catch (error) {
      if (["import_no_person_column", "import_no_header"].includes(error.code)) return false;
      throw error;
    }
    if (people.persons.length < 2) return false;
    session.people = people;
    session.decisions = defaultDecisions(people);
    drawPeople();
    return true;
  }

  async function preview() {
    try {
      session.summary = await call("import_preview", { profileId: profile.id, mapping: session.mapping });
    } catch (error) {
      if (error.code !== "import_no_header" || session.mapping) throw error;
      session.sample = await call("import_columns");
      drawMapping(error.message);
      return;
    }
    drawPreview();
  }

  function drawChoose() {
    target.hidden = false;
    const input = h("input", {
      type: "file",
      id: "import-file",
      accept: ACCEPT,
      class: "visually-hidden",
      tabindex: -1,
      onchange: () => input.files[0] && step(() => readAndLoad(input.files[0])),
    });
    const drop = h(
      "div",
      {
        class: "drop-zone",
        id: "import-drop",
        ondragover: (e) => (e.preventDefault(), drop.classList.add("over")),
        ondragleave: () => drop.classList.remove("over"),
        ondrop: (e) => {
          e.preventDefault();
          drop.classList.remove("over");
          const file = e.dataTransfer?.files?.[0];
          if (file) step(() => readAndLoad(file));
        },
      },
      h("p", { class: "drop-title" }, t("import.dropHere")),
      h("button", { type: "button", class: "primary", id: "import-choose", onclick: () => input.click() }, t("import.choose")),
      h("p", { class: "muted small" }, t("import.formats")),
      input,
    );
    const pasted = h("textarea", {
      id: "import-paste",
      rows: 6,
      spellcheck: "false",
      placeholder: t("import.pastePlaceholder"),
      "aria-label": t("import.pasteLabel"),
    });
    const paste = h(
      "section",
      { class: "panel", "aria-labelledby": "import-paste-title" },
      h("h2", { id: "import-paste-title" }, t("import.pasteTitle")),
      h("p", { class: "muted small" }, t("import.pasteHelp")),
      pasted,
      h(
        "div",
        { class: "form-actions" },
        h(
          "button",
          {
            type: "button",
            id: "import-paste-preview",
            onclick: () =>
              step(async () => {
                if (!pasted.value.trim()) throw new Error(t("import.pasteEmpty"));
                await load(PASTED_NAME, new TextEncoder().encode(pasted.value));
              }),
          },
          t("import.previewPasted"),
        ),
      ),
    );
    replaceChildren(body, drop, paste);
  }

  async function readAndLoad(file) {
    await load(file.name, new Uint8Array(await file.arrayBuffer()));
  }

  function drawMapping(reason) {
    const sample = session.sample;
    const suggestion = session.mapping ?? sample.suggestion;
    const headerRow = sample.rows.find((r) => r.line === suggestion.header_line);
    const columnLabel = (letter, index) => {
      const heading = headerRow?.cells[index];
      return heading ? `${letter} · ${heading}` : letter;
    };
    const headerInput = h("input", {
      type: "number",
      id: "mapping-header-line",
      min: 1,
      value: suggestion.header_line ?? "",
      inputmode: "numeric",
    });
    const selects = FIELDS.map((field) => {
      const select = h(
        "select",
        { id: `mapping-${field}`, dataset: { field } },
        h("option", { value: "" }, t("import.mapping.none")),
        sample.columns.map((letter, index) =>
          h("option", { value: letter, selected: suggestion.columns?.[field] === letter }, columnLabel(letter, index)),
        ),
      );
      return h("label", { class: "field" }, h("span", {}, t(`import.field.${field}`)), select);
    });
    const kindSelect = h(
      "select",
      { id: "mapping-kind" },
      h("option", { value: "" }, t("import.mapping.kindFromColumn")),
      allKinds().map((kind) => h("option", { value: kind, selected: suggestion.kind === kind }, t(`kind.${kind}`))),
    );
    const table = h(
      "table",
      { class: "sample", id: "mapping-sample" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("import.line")), sample.columns.map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        {},
        sample.rows.slice(0, SAMPLE_ROWS_SHOWN).map((row) =>
          h(
            "tr",
            { class: row.line === suggestion.header_line ? "header-row" : "" },
            h("th", { scope: "row", class: "muted" }, String(row.line)),
            sample.columns.map((_, i) => h("td", {}, row.cells[i] ?? "")),
          ),
        ),
      ),
    );
    const usePreview = () =>
      step(async () => {
        const columns = Object.fromEntries(selects.map((label) => {
          const select = label.querySelector("select");
          return [select.dataset.field, select.value];
        }));
        session.mapping = mappingFrom({ headerLine: headerInput.value, columns, kind: kindSelect.value });
        try {
          await preview();
        } catch (error) {
          session.mapping = null;
          throw error;
        }
      });
    replaceChildren(
      body,
      h(
        "section",
        { class: "panel mapping", id: "import-mapping", "aria-labelledby": "mapping-title" },
        h("h2", { id: "mapping-title" }, t("import.mapping.title", { file: session.fileName })),
        h("p", { class: "muted" }, reason),
        h("p", {}, t("import.mapping.help")),
        h("div", { class: "mapping-grid" }, h("label", { class: "field" }, h("span", {}, t("import.mapping.headerLine")), headerInput), selects, h("label", { class: "field" }, h("span", {}, t("import.mapping.kindForAll")), kindSelect)),
        h("div", { class: "table-wrap" }, table),
        h("p", { class: "muted small" }, tn("import.mapping.rows", sample.total_rows, { shown: Math.min(SAMPLE_ROWS_SHOWN, sample.rows.length) })),
        h(
          "div",
          { class: "form-actions" },
          h("button", { type: "button", class: "primary", id: "mapping-preview", onclick: usePreview }, t("import.mapping.preview")),
          h("button", { type: "button", class: "ghost", id: "import-restart", onclick: drawChoose }, t("import.another")),
        ),
      ),
    );
  }

  function drawPreview() {
    const s = session.summary;
    const d = s.detected;
    const facts = [
      [t("import.file"), s.file_name],
      [t("import.format"), [t(`import.formatName.${d.format}`), d.encoding, d.sheet].filter(Boolean).join(" · ")],
      [t("import.headerLine"), d.header_line ? String(d.header_line) : t("common.none")],
    ];
    const counts = h(
      "ul",
      { class: "counts", id: "import-counts" },
      h("li", {}, h("strong", {}, String(s.records)), t("import.count.records")),
      h("li", {}, h("strong", { id: "import-added" }, String(s.added)), t("import.count.added")),
      h("li", {}, h("strong", {}, String(s.updated)), t("import.count.updated")),
      h("li", {}, h("strong", {}, String(s.unchanged)), t("import.count.unchanged")),
      h("li", {}, h("strong", {}, String(s.skipped_rows)), t("import.count.skipped")),
      s.derived_records ? h("li", { id: "import-derived" }, h("strong", {}, String(s.derived_records)), t("import.count.derived")) : null,
    );
    const warnings = s.warnings.length
      ? h(
          "section",
          { class: "panel", id: "import-warnings", "aria-labelledby": "import-warnings-title" },
          h("h2", { id: "import-warnings-title" }, t("import.warningsTitle")),
          h("ul", {}, s.warnings.map((w) => h("li", {}, t("import.people.problem", { line: w.line, message: w.message })))),
        )
      : null;
    const kinds = s.kinds.length
      ? h(
          "table",
          { id: "import-kinds" },
          h("thead", {}, h("tr", {}, ["history.kind", "import.months", "import.first", "import.last"].map((k) => h("th", { scope: "col" }, t(k))))),
          h("tbody", {}, s.kinds.map((k) => h("tr", { dataset: { kind: k.kind } }, h("td", {}, t(`kind.${k.kind}`)), h("td", { class: "num" }, String(k.months)), h("td", {}, formatMonth(k.first)), h("td", {}, formatMonth(k.last))))),
        )
      : null;
    const errors = rowProblems(s.errors);
    const force = s.person_mismatch
      ? h(
          "div",
          { class: "alert alert-warning", id: "import-person" },
          h("p", {}, s.person_mismatch),
          h(
            "label",
            { class: "option" },
            h("input", { type: "checkbox", id: "import-force", checked: session.force, onchange: (e) => ((session.force = e.target.checked), drawPreview()) }),
            t("import.force", { name: profile.name }),
          ),
        )
      : null;
    const remember = s.mapping
      ? h(
          "label",
          { class: "option" },
          h("input", { type: "checkbox", id: "import-save-mapping", checked: session.saveMapping, onchange: (e) => (session.saveMapping = e.target.checked) }),
          t("import.saveMapping"),
        )
      : null;
    const blocker = commitBlocker(s, session.force);
    replaceChildren(
      body,
      h(
        "section",
        { class: "panel", id: "import-preview", "aria-labelledby": "import-preview-title" },
        h("h2", { id: "import-preview-title" }, t("import.previewTitle")),
        h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
        counts,
        kinds,
      ),
      force,
      errors,
      warnings,
      h(
        "div",
        { class: "form-actions" },
        h("button", { type: "button", class: "primary", id: "import-commit", disabled: Boolean(blocker), onclick: () => step(commit) }, t("import.commit")),
        h("button", { type: "button", class: "ghost", id: "import-restart", onclick: drawChoose }, t("import.another")),
        session.sample ? h("button", { type: "button", class: "ghost", id: "import-remap", onclick: () => drawMapping("") }, t("import.remap")) : null,
        remember,
      ),
      blocker ? h("p", { class: "muted", id: "import-blocked" }, t(blocker)) : null,
    );
  }

  function drawPeople() {
    const people = session.people;
    // Each person goes to their own profile, not the one picked at the top.
    target.hidden = true;
    const kindsOf = (p) => p.kinds.map((k) => t(`kind.${k}`)).join(getLang() === "zh" ? "、" : ", ");
    const choice = (p, i) => {
      if (p.match === "profile") return h("span", { class: "matched" }, p.profile_name);
      const set = (decision) => {
        session.decisions[i] = decision;
        drawPeople();
      };
      const checked = session.decisions[i] !== "skip";
      const box = h("input", {
        type: "checkbox",
        id: `import-person-${i}`,
        checked,
        onchange: (e) => set(e.target.checked ? (p.match === "new" ? "create" : { profile: p.profile_id }) : "skip"),
      });
      const label = p.match === "new" ? t("import.people.create") : t("import.people.same", { name: p.profile_name });
      return h("label", { class: "option" }, box, label);
    };
    const table = h(
      "table",
      { id: "import-people" },
      h("thead", {}, h("tr", {}, ["import.people.name", "import.people.id", "import.months", "history.kind", "import.problem", "import.people.profile"].map((k) => h("th", { scope: "col" }, t(k))))),
      h(
        "tbody",
        {},
        people.persons.map((p, i) =>
          h(
            "tr",
            { dataset: { match: p.match } },
            h("td", {}, p.name ?? ""),
            h("td", {}, h("code", {}, p.id_masked ?? "")),
            h("td", { class: "num" }, String(p.months)),
            h("td", {}, kindsOf(p)),
            h("td", {}, [...p.problems, ...p.warnings].map((e) => h("p", { class: "small" }, t("import.people.problem", { line: e.line, message: e.message })))),
            h("td", {}, choice(p, i)),
          ),
        ),
      ),
    );
    const errors = rowProblems(people.errors);
    const ready = peopleCommittable(people, session.decisions);
    replaceChildren(
      body,
      h(
        "section",
        { class: "panel", id: "import-people-preview", "aria-labelledby": "import-people-title" },
        h("h2", { id: "import-people-title" }, t("import.people.title", { file: people.file_name })),
        h("p", { class: "muted" }, tn("import.people.found", people.persons.length)),
        h("div", { class: "table-wrap" }, table),
      ),
      errors,
      h(
        "div",
        { class: "form-actions" },
        h("button", { type: "button", class: "primary", id: "import-commit", disabled: !ready, onclick: () => step(commitPeople) }, t("import.people.commit")),
        h("button", { type: "button", class: "ghost", id: "import-restart", onclick: drawChoose }, t("import.another")),
      ),
    );
  }

  /** The progress panel of a commit; returns the bar and its label. */
  function drawWriting(total) {
    const bar = h("progress", { id: "import-progress", max: total || 1, value: 0 });
    const label = h("p", { class: "muted", "aria-live": "polite" }, t("import.writing", { done: 0, total }));
    replaceChildren(
      body,
      h(
        "section",
        { class: "panel", "aria-labelledby": "import-writing-title" },
        h("h2", { id: "import-writing-title" }, t("import.writingTitle", { file: session.fileName })),
        bar,
        label,
        h("div", { class: "form-actions" }, h("button", { type: "button", id: "import-cancel", onclick: () => call("import_cancel") }, t("common.cancel"))),
      ),
    );
    return { bar, label };
  }

  async function commitPeople() {
    const total = session.people.persons.reduce((sum, p, i) => sum + (session.decisions[i] === "skip" ? 0 : p.records), 0);
    const { bar, label } = drawWriting(total);
    const unlisten = await window.__TAURI__?.event?.listen("import-progress", ({ payload }) => {
      bar.value = payload.done;
      label.textContent = t("import.writing", payload);
    });
    try {
      const report = await call("import_people_commit", { decisions: session.decisions });
      drawPeopleDone(report);
      await onImported(report);
    } catch (error) {
      drawPeople();
      throw error;
    } finally {
      unlisten?.();
    }
  }

  function drawPeopleDone(report) {
    const written = report.persons.filter((p) => p.profile_id !== null);
    const created = written.filter((p) => p.created).length;
    replaceChildren(
      body,
      h(
        "section",
        { class: "panel import-done", id: "import-done", "aria-labelledby": "import-done-title" },
        h("h2", { id: "import-done-title" }, t("import.doneTitle", { file: session.fileName })),
        h("p", { id: "import-result" }, t("import.people.result", { people: written.length, created })),
        h(
          "ul",
          { id: "import-people-result" },
          written.map((p) => h("li", {}, t("import.people.line", { name: p.name ?? p.id_masked ?? "", added: p.new, updated: p.updated, unchanged: p.unchanged }))),
        ),
        h(
          "div",
          { class: "form-actions" },
          h("button", { type: "button", class: "ghost", id: "import-restart", onclick: drawChoose }, t("import.another")),
        ),
      ),
    );
  }

  async function commit() {
    const total = session.summary.records;
    const { bar, label } = drawWriting(total);
    const unlisten = await window.__TAURI__?.event?.listen("import-progress", ({ payload }) => {
      bar.value = payload.done;
      label.textContent = t("import.writing", payload);
    });
    try {
      const report = await call("import_commit", {
        profileId: profile.id,
        mapping: session.mapping,
        force: session.force,
        saveMapping: Boolean(session.mapping && session.saveMapping),
      });
      drawDone(report);
      await onImported(report);
    } catch (error) {
      // Cancelled or refused: nothing was written and the file is still loaded.
      drawPreview();
      throw error;
    } finally {
      unlisten?.();
    }
  }

  function drawDone(report) {
    replaceChildren(
      body,
      h(
        "section",
        { class: "panel import-done", id: "import-done", "aria-labelledby": "import-done-title" },
        h("h2", { id: "import-done-title" }, t("import.doneTitle", { file: session.fileName })),
        h("p", { id: "import-result" }, t("import.result", { added: report.added, updated: report.updated, unchanged: report.unchanged })),
        h(
          "div",
          { class: "form-actions" },
          h("a", { class: "button primary", href: "#/history", id: "import-to-history" }, t("import.toHistory")),
          h("button", { type: "button", class: "ghost", id: "import-restart", onclick: drawChoose }, t("import.another")),
        ),
      ),
    );
  }

  drawChoose();
  return root;
}

/** The row problems of a preview (one person's or a several-people file's), or nothing. */
function rowProblems(errors) {
  if (!errors.length) return null;
  return h(
    "section",
    { class: "panel import-errors", "aria-labelledby": "import-errors-title" },
    h("h2", { id: "import-errors-title" }, tn("import.errors", errors.length)),
    h("p", { class: "muted" }, t("import.errorsHelp")),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { id: "import-errors" },
        h("thead", {}, h("tr", {}, ["import.line", "import.column", "import.value", "import.problem"].map((k) => h("th", { scope: "col" }, t(k))))),
        h("tbody", {}, errors.map((e) => h("tr", {}, h("td", { class: "num" }, String(e.line)), h("td", {}, e.column), h("td", {}, h("code", {}, e.value)), h("td", {}, e.message)))),
      ),
    ),
  );
}
