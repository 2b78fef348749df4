// The import wizard's pure parts: the mapping it sends and when it lets the user commit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { commitBlocker, mappingFrom } from "../views/import.js";

test("the mapping keeps chosen columns and a positive header line only", () => {
  assert.deepEqual(
    mappingFrom({ headerLine: "4", columns: { month: "A", kind: "", personal: "D" }, kind: "" }),
    { header_line: 4, columns: { month: "A", personal: "D" } },
  );
  assert.deepEqual(mappingFrom({ headerLine: "", columns: { month: "B" }, kind: "pension" }), {
    header_line: null,
    columns: { month: "B" },
    kind: "pension",
  });
  assert.equal(mappingFrom({ headerLine: "0", columns: {}, kind: "" }).header_line, null);
});

test("a preview is written only when clean, confirmed and not a no-op", () => {
  const clean = { errors: [], person_mismatch: null, added: 3, updated: 0 };
  assert.equal(commitBlocker(clean, false), null);
  assert.equal(commitBlocker({ ...clean, errors: [{ line: 2 }] }, true), "import.blocked.errors");
  assert.equal(commitBlocker({ ...clean, person_mismatch: "someone else" }, false), "import.blocked.person");
  assert.equal(commitBlocker({ ...clean, person_mismatch: "someone else" }, true), null);
  assert.equal(commitBlocker({ ...clean, added: 0 }, false), "import.blocked.nothing");
  assert.equal(commitBlocker({ ...clean, added: 0, updated: 2 }, false), null);
});
