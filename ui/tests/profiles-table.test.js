// The table of many profiles: rows from the overview, and sorting by any column.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sortRows, tableRows } from "../views/profiles-table.js";

const entry = (id, name, pension, gaps, owed, deadline) => ({
  profile: { id, name },
  summary: { pension: { months_paid: pension } },
  gap_months: gaps,
  owed_months: owed,
  next_payment: deadline ? { month: "2026-12", kinds: ["pension"], deadline, days_left: 3 } : null,
});
const profiles = [
  entry(1, "张三", 120, 0, 2, "2026-12-15"),
  entry(2, "李四", 36, 5, 0, null),
  entry(3, "Anna", 200, 5, 1, "2026-12-10"),
];

test("rows carry what the core counted; alerts are empty until counted", () => {
  const rows = tableRows(profiles, null);
  assert.deepEqual(rows[1], { id: 2, name: "李四", pension: 36, gaps: 5, owed: 0, deadline: null, alerts: null });
  const counted = tableRows(profiles, [{ profile: 2, open: 4, critical: 1 }]);
  assert.equal(counted[1].alerts, 4);
  assert.equal(counted[0].alerts, null, "a profile the counts do not name");
});

test("numbers sort as numbers both ways; ties keep the overview's order", () => {
  const rows = tableRows(profiles, null);
  assert.deepEqual(sortRows(rows, "pension", true).map((r) => r.id), [2, 1, 3]);
  assert.deepEqual(sortRows(rows, "pension", false).map((r) => r.id), [3, 1, 2]);
  assert.deepEqual(sortRows(rows, "gaps", false).map((r) => r.id), [2, 3, 1]);
  assert.deepEqual(sortRows(rows, "gaps", true).map((r) => r.id), [1, 2, 3]);
});

test("no deadline and uncounted alerts go last whichever way", () => {
  const rows = tableRows(profiles, [{ profile: 3, open: 0, critical: 0 }]);
  assert.deepEqual(sortRows(rows, "deadline", true).map((r) => r.id), [3, 1, 2]);
  assert.deepEqual(sortRows(rows, "deadline", false).map((r) => r.id), [1, 3, 2]);
  assert.deepEqual(sortRows(rows, "alerts", false).map((r) => r.id), [3, 1, 2]);
});

test("names sort with the collator, and the other way round reversed", () => {
  const rows = tableRows(profiles, null);
  const up = sortRows(rows, "name", true).map((r) => r.id);
  assert.equal(up.length, 3);
  assert.deepEqual(sortRows(rows, "name", false).map((r) => r.id), [...up].reverse());
});
