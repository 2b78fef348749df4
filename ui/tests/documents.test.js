// The document vault view's pure parts: sizes as people read them, and the attach headers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { attachHeaders, formatSize } from "../views/documents.js";

test("sizes read in B, KB and MB", () => {
  assert.equal(formatSize(512), "512 B");
  assert.equal(formatSize(200 * 1024), "200 KB");
  assert.equal(formatSize(3.25 * 1024 * 1024), "3.3 MB");
});

test("headers are ASCII, optional ones left out, a bad date refused", () => {
  const { headers } = attachHeaders({ fileName: "参保证明.pdf", profileId: 3, type: "certificate", date: "", note: " " });
  assert.deepEqual(headers, { "x-file-name": encodeURIComponent("参保证明.pdf"), "x-profile-id": "3", "x-document-type": "certificate" });
  assert.ok(Object.values(headers).every((v) => /^[\x20-\x7e]*$/.test(v)));
  const dated = attachHeaders({ fileName: "a.pdf", profileId: 3, type: "other", date: "2026-11-01", note: "给房东" });
  assert.equal(dated.headers["x-document-date"], "2026-11-01");
  assert.equal(decodeURIComponent(dated.headers["x-note"]), "给房东");
  assert.deepEqual(attachHeaders({ fileName: "a.pdf", profileId: 3, type: "other", date: "2026/11/01", note: "" }), {
    problem: "documents.badDate",
    value: "2026/11/01",
  });
});
