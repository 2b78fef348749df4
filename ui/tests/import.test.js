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

test("the window shows the core's first reason, for the user's confirmation", () => {
  const clean = { can_commit: true, blocked_by: [], blocked_when_forced: [] };
  assert.equal(commitBlocker(clean, false), null);
  const errors = { can_commit: false, blocked_by: ["row_errors", "person_mismatch"], blocked_when_forced: ["row_errors"] };
  assert.equal(commitBlocker(errors, false), "import.blocked.errors");
  assert.equal(commitBlocker(errors, true), "import.blocked.errors");
  const person = { can_commit: false, blocked_by: ["person_mismatch"], blocked_when_forced: [] };
  assert.equal(commitBlocker(person, false), "import.blocked.person");
  assert.equal(commitBlocker(person, true), null);
  const noop = { can_commit: false, blocked_by: ["person_mismatch", "nothing_to_write"], blocked_when_forced: ["nothing_to_write"] };
  assert.equal(commitBlocker(noop, true), "import.blocked.nothing");
});

test("per person: matched people keep their profile, new ones are created, names only ask", async () => {
  const { defaultDecisions, peopleCommittable } = await import("../views/import.js");
  const people = {
    errors: [],
    persons: [
      { match: "profile", profile_id: 4, profile_name: "妈妈" },
      { match: "new" },
      { match: "needs_choice", profile_id: 7, profile_name: "爸爸" },
    ],
  };
  const decisions = defaultDecisions(people);
  assert.deepEqual(decisions, [{ profile: 4 }, "create", "skip"]);
  assert.equal(peopleCommittable(people, decisions), true);
  assert.equal(peopleCommittable(people, ["skip", "skip", "skip"]), false, "no one to write");
  assert.equal(peopleCommittable({ ...people, errors: [{ line: 3 }] }, decisions), false, "a row problem blocks all");
});
