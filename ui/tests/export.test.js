// The Export view's pure part: what it sends, and what it refuses before asking the core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { exportRequest } from "../views/export.js";
import { setKinds } from "../kinds.js";

const base = { profileId: 1, format: "pdf", from: "", to: "", lang: "zh", showId: true };
const ALL = ["pension", "medical", "unemployment", "work_injury", "maternity", "housing_fund"];
// As main.js does with app_info's kinds at startup.
setKinds(ALL);

test("every kind ticked means all kinds; months are trimmed", () => {
  const { form } = exportRequest({ ...base, from: " 2015-01 ", kinds: ALL });
  assert.deepEqual(form, { ...base, from: "2015-01", kinds: [], withEstimate: false });
  assert.deepEqual(exportRequest({ ...base, kinds: ["pension"] }).form.kinds, ["pension"]);
});

test("bad months, a reversed period and no kinds are refused", () => {
  assert.deepEqual(exportRequest({ ...base, from: "2024-13", kinds: ALL }), { problem: "export.badMonth", value: "2024-13" });
  assert.equal(exportRequest({ ...base, from: "2024-05", to: "2024-01", kinds: ALL }).problem, "export.badPeriod");
  assert.equal(exportRequest({ ...base, kinds: [] }).problem, "export.noKinds");
});

test("the JSON backup never carries the show-ID choice", () => {
  assert.equal(exportRequest({ ...base, format: "json", kinds: ALL }).form.showId, false);
});

test("the estimate is an appendix of the PDF only", () => {
  assert.equal(exportRequest({ ...base, withEstimate: true, kinds: ALL }).form.withEstimate, true);
  for (const format of ["csv", "xlsx", "json"]) {
    assert.equal(exportRequest({ ...base, format, withEstimate: true, kinds: ALL }).form.withEstimate, false, format);
  }
});

test("all kinds means all the kinds the core sent, not a list of the view's own", () => {
  setKinds(["pension", "medical"]);
  try {
    assert.deepEqual(exportRequest({ ...base, kinds: ["pension", "medical"] }).form.kinds, []);
    assert.deepEqual(exportRequest({ ...base, kinds: ["pension"] }).form.kinds, ["pension"]);
  } finally {
    setKinds(ALL);
  }
});

test("every profile sends the same choices without a profile", () => {
  const { form } = exportRequest({ ...base, all: true, kinds: ["pension"] });
  assert.deepEqual(form, { format: "pdf", from: "", to: "", kinds: ["pension"], lang: "zh", showId: true, withEstimate: false });
  assert.equal(exportRequest({ ...base, all: true, from: "2024-13", kinds: ALL }).problem, "export.badMonth");
});
