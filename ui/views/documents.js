// The document vault: official 参保证明 and 个人权益记录单 downloaded from the national platform
// or 掌上12333, kept with the profile (a copy in the app's data folder, checked by SHA-256);
// open, copy out, remove. The dashboard warns when the newest certificate is getting old.
import { call, callRaw } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { t, formatDate } from "../i18n.js";

const TYPES = ["certificate", "rights_record", "other"];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Pure: a size in bytes as people read it. */
export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Pure: the headers describing an attached file, or the i18n key of what is wrong. */
export function attachHeaders({ fileName, profileId, type, date, note }) {
  const day = date.trim();
  if (day && !DATE.test(day)) return { problem: "documents.badDate", value: day };
  const headers = {
    "x-file-name": encodeURIComponent(fileName),
    "x-profile-id": String(profileId),
    "x-document-type": type,
  };
  if (day) headers["x-document-date"] = day;
  if (note.trim()) headers["x-note"] = encodeURIComponent(note.trim());
  return { headers };
}

export async function documentsView({ profile }) {
  let [documents, maxAge] = await Promise.all([
    call("vault_list", { profileId: profile.id }),
    call("certificate_max_age", { profileId: profile.id }),
  ]);
  const listSlot = h("div");
  const message = h("p", { class: "muted", id: "documents-message", "aria-live": "polite" });
  const error = h("p", { class: "form-error", id: "documents-error", role: "alert", hidden: true });
  const showError = (text) => {
    error.textContent = text ?? "";
    error.hidden = !text;
  };

  const type = h("select", { id: "document-type" }, TYPES.map((ty) => h("option", { value: ty }, t(`documents.type.${ty}`))));
  const date = h("input", { type: "text", id: "document-date", placeholder: "2026-11-01", size: 11, inputmode: "numeric" });
  const note = h("input", { type: "text", id: "document-note", maxlength: 200 });
  const input = h("input", {
    type: "file",
    id: "document-file",
    accept: ".pdf,.png,.jpg,.jpeg",
    class: "visually-hidden",
    tabindex: -1,
    onchange: () => input.files[0] && attach(input.files[0]),
  });

  async function attach(file) {
    showError(null);
    const described = attachHeaders({ fileName: file.name, profileId: profile.id, type: type.value, date: date.value, note: note.value });
    if (described.problem) return showError(t(described.problem, { value: described.value }));
    try {
      const doc = await callRaw("vault_attach", new Uint8Array(await file.arrayBuffer()), described.headers);
      message.textContent = t("documents.attached", { name: doc.original_name });
      note.value = "";
      input.value = "";
      documents = await call("vault_list", { profileId: profile.id });
      drawList();
    } catch (e) {
      showError(e.message);
    }
  }

  const drop = h(
    "div",
    {
      class: "drop-zone",
      id: "document-drop",
      ondragover: (e) => (e.preventDefault(), drop.classList.add("over")),
      ondragleave: () => drop.classList.remove("over"),
      ondrop: (e) => {
        e.preventDefault();
        drop.classList.remove("over");
        const file = e.dataTransfer?.files?.[0];
        if (file) attach(file);
      },
    },
    h("p", { class: "drop-title" }, t("documents.dropHere")),
    h("button", { type: "button", class: "primary", id: "document-choose", onclick: () => input.click() }, t("documents.choose")),
    h("p", { class: "muted small" }, t("documents.formats")),
    input,
  );

  const act = (action) => async () => {
    showError(null);
    try {
      await action();
    } catch (e) {
      showError(e.message);
    }
  };

  function drawList() {
    if (!documents.length) {
      replaceChildren(listSlot, h("p", { class: "muted", id: "documents-empty" }, t("documents.empty")));
      return;
    }
    replaceChildren(
      listSlot,
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { id: "documents-table" },
          h("thead", {}, h("tr", {}, ["documents.typeLabel", "documents.date", "documents.file", "documents.size", ""].map((k) => h("th", { scope: "col" }, k ? t(k) : "")))),
          h(
            "tbody",
            {},
            documents.map((d) =>
              h(
                "tr",
                { dataset: { id: d.id } },
                h("td", {}, t(`documents.type.${d.type}`)),
                h("td", {}, formatDate(d.document_date ?? d.attached_at.slice(0, 10)), d.document_date ? null : h("div", { class: "muted small" }, t("documents.attachedOn"))),
                h("td", {}, d.original_name, d.note ? h("div", { class: "muted small" }, d.note) : null, d.present ? null : h("div", { class: "form-error small" }, t("documents.missing"))),
                h("td", { class: "num" }, formatSize(d.size)),
                h(
                  "td",
                  {},
                  h(
                  "div",
                  { class: "row-actions" },
                  h("button", { type: "button", class: "doc-open", onclick: act(() => call("vault_open", { id: d.id })) }, t("documents.open")),
                  h(
                    "button",
                    {
                      type: "button",
                      class: "doc-export",
                      onclick: act(async () => {
                        const copy = await call("vault_export", { id: d.id, reveal: true });
                        message.textContent = t("documents.exported", { path: copy.path });
                      }),
                    },
                    t("documents.export"),
                  ),
                  h(
                    "button",
                    {
                      type: "button",
                      class: "danger-outline doc-remove",
                      onclick: act(async () => {
                        if (!window.confirm(t("documents.confirmRemove", { name: d.original_name }))) return;
                        await call("vault_remove", { id: d.id });
                        documents = documents.filter((x) => x.id !== d.id);
                        message.textContent = t("documents.removed", { name: d.original_name });
                        drawList();
                      }),
                    },
                    t("documents.remove"),
                  ),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  drawList();
  return h(
    "section",
    { class: "documents", "aria-labelledby": "documents-title" },
    h("h1", { id: "documents-title" }, t("documents.title")),
    h("p", { class: "muted" }, t("documents.lead", { name: profile.name })),
    h(
      "div",
      { class: "panel" },
      h(
        "div",
        { class: "field-row three" },
        h("label", { class: "field" }, h("span", {}, t("documents.typeLabel")), type),
        h("label", { class: "field" }, h("span", {}, t("documents.issued")), date),
        h("label", { class: "field" }, h("span", {}, t("documents.note")), note),
      ),
      drop,
    ),
    error,
    message,
    h("section", { class: "panel", "aria-labelledby": "documents-list-title" }, h("h2", { id: "documents-list-title" }, t("documents.listTitle")), listSlot),
    maxAgeField(),
  );

  function maxAgeField() {
    const days = h("input", { type: "number", id: "certificate-max-age", min: 1, max: 3650, value: maxAge.days, size: 5 });
    const saved = h("span", { class: "muted small", id: "certificate-max-age-saved", "aria-live": "polite" });
    days.addEventListener("change", async () => {
      // Clearing the field on the way to a new number is not a choice yet.
      if (days.value.trim() === "") return;
      showError(null);
      try {
        maxAge = await call("set_certificate_max_age", { profileId: profile.id, days: Number(days.value) });
        saved.textContent = t("documents.maxAgeSaved", { n: maxAge.days });
      } catch (e) {
        showError(e.message);
        days.value = maxAge.days;
      }
    });
    return h(
      "p",
      { class: "muted small" },
      h("label", { class: "inline" }, t("documents.maxAge"), days, t("documents.days")),
      " ",
      saved,
      h("br"),
      t("documents.where"),
    );
  }
}
