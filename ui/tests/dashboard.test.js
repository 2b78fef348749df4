// The dashboard's next-payment line: due, today, overdue, and no deadline.
import { test } from "node:test";
import assert from "node:assert/strict";
import { nextPaymentText, regionName } from "../views/dashboard.js";

const next = { month: "2026-11", kinds: ["pension", "medical"], deadline: "2026-11-25", days_left: 5 };

test("the line says what, by when and how long is left", () => {
  assert.equal(nextPaymentText(next, "en"), "Next payment: Nov 2026 (Pension, Medical), due 25 Nov 2026, in 5 days");
  assert.match(nextPaymentText(next, "zh"), /还有 5 天$/);
  assert.match(nextPaymentText({ ...next, days_left: 0 }, "en"), /due today/);
  assert.match(nextPaymentText({ ...next, days_left: -3 }, "en"), /3 days overdue$/);
  assert.match(nextPaymentText({ ...next, deadline: null, days_left: null }, "en"), /No deadline set/);
  assert.equal(nextPaymentText(null, "en"), null);
});

test("the region is shown by name, in English with its pinyin first", () => {
  const profile = { region: "330100", region_name: "杭州市", region_name_en: "Hangzhou" };
  assert.equal(regionName(profile, "zh"), "杭州市");
  assert.equal(regionName(profile, "en"), "Hangzhou 杭州市");
  // A code the table does not know is shown as it is.
  const old = { region: "330199", region_name: "330199", region_name_en: "330199" };
  assert.equal(regionName(old, "en"), "330199");
});
