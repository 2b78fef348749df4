// The estimate panel's pure parts: no scenario (a profile without sex or birth month) draws no
// scenario line instead of throwing; the scenario table's rows; remedies in the window's words,
// never a command-line flag; stored figures back into their fields.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scenarioText, scenarioRows, remedyLines } from "../views/estimate-panel.js";
import { fieldValue } from "../views/estimate-inputs.js";

test("a profile without sex or birth month has no scenario, and no error", () => {
  const estimate = { scenario: null, base_part: null, account_part: null, total: null, scenarios: [] };
  assert.equal(scenarioText(estimate, "en"), null);
  assert.equal(scenarioText(estimate, "zh"), null);
  assert.deepEqual(scenarioRows(estimate.scenarios), []);
});

test("the scenario line names the month and the base", () => {
  const estimate = { scenario: { retirement_month: "2031-05", future_base: 1_000_000 } };
  assert.match(scenarioText(estimate, "en"), /^Assumes paying at the current base \(.*10,000\.00\/month\) until retiring in May 2031\.$/);
  assert.equal(scenarioText({ scenario: { retirement_month: "2031-05", future_base: null } }, "en"), "Assumes paying at the current base (—/month) until retiring in May 2031.");
});

test("cells group into earliest, statutory and latest rows in the core's order", () => {
  const cell = (retire, index, total) => ({ retire, retirement_month: { earliest: "2030-01", statutory: "2031-05", latest: "2034-05" }[retire], age: {}, future_index: index, total, meets_min_years: false });
  const cells = [
    cell("earliest", 0.6, 62_640), cell("earliest", 1, 80_000),
    cell("statutory", 0.6, 90_000), cell("statutory", 1, 110_432),
    cell("latest", 0.6, 1), cell("latest", 1, 2),
  ];
  const rows = scenarioRows(cells);
  assert.deepEqual(rows.map((r) => [r.point, r.month, r.cells.map((c) => c.total)]), [
    ["earliest", "2030-01", [62_640, 80_000]],
    ["statutory", "2031-05", [90_000, 110_432]],
    ["latest", "2034-05", [1, 2]],
  ]);
  // A window without a later month (reached the original age before 2025) still has rows.
  assert.equal(scenarioRows(cells.filter((c) => c.retire !== "latest")).length, 2);
});

test("remedies point at the panel in both languages and never at a flag", () => {
  const remedies = [{ remedy: "give_benefit_base" }, { remedy: "give_future_index" }, { remedy: "give_average_index" }];
  for (const lang of ["zh", "en"]) {
    const lines = remedyLines(remedies, lang);
    assert.equal(lines.length, 3);
    for (const line of lines) assert.doesNotMatch(line, /--|SHEBAO_/);
  }
  assert.match(remedyLines(remedies, "en")[0], /Your own figures for the estimate/);
  assert.match(remedyLines(remedies, "zh")[0], /估算用的自填数字/);
});

test("stored figures go back into their fields as typed", () => {
  const on = "2026-12-01";
  assert.equal(fieldValue("benefit_base", { value: 1_204_900, entered_on: on }), "12049");
  assert.equal(fieldValue("benefit_base", { value: 1_204_950, entered_on: on }), "12049.50");
  assert.equal(fieldValue("average_index", { value: 0.85, entered_on: on }), "0.85");
  assert.equal(fieldValue("transitional_coefficient", { value: 120, entered_on: on }), "1.2%");
  assert.equal(fieldValue("deemed_months", { value: 54, entered_on: on }), "54");
  assert.equal(fieldValue("future_index", null), "");
});
