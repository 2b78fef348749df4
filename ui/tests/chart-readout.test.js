// The charts' hover read-out: pointer → month → values, from the core's geometry and data.
import { test } from "node:test";
import assert from "node:assert/strict";
import { monthAt, readout } from "../charts/readout.js";

test("fractional years are months", () => {
  assert.equal(monthAt(2024), "2024-01");
  assert.equal(monthAt(2024 + 2 / 12), "2024-03");
  assert.equal(monthAt(2024 + 11.5 / 12), "2024-12");
});

const plot = { name: "years", left: 100, top: 10, right: 340, bottom: 210, x_from: 2020, x_to: 2040, y_from: 0, y_to: 20 };

test("a time plot reads the month under the pointer", () => {
  const view = {
    geometry: { width: 400, height: 240, panels: [plot] },
    data: { chart: "pension_years", months: [{ month: "2030-01", paid_months: 120, projected_months: null, required_months: 186 }] },
  };
  // 2030.0 is half-way: x = 100 + 240 / 2.
  assert.deepEqual(readout(view, 220.5, 100), { chart: "pension_years", month: "2030-01", paid: 120, projected: null, required: 186 });
  assert.equal(readout(view, 50, 100), null, "outside the plot");
});

test("a calendar cell reads its kind, month and state", () => {
  const calendar = { ...plot, name: "calendar", calendar: { kind: "medical", first_year: 2021, years: 3, cell_width: 20, cell_height: 10 } };
  const view = {
    geometry: { width: 400, height: 240, panels: [calendar] },
    data: { chart: "calendar", kinds: [{ kind: "medical", months: [{ month: "2022-04", state: "owed" }] }] },
  };
  assert.deepEqual(readout(view, 100 + 3 * 20 + 5, 10 + 1 * 10 + 5), { chart: "calendar", month: "2022-04", kind: "medical", state: "owed" });
  assert.equal(readout(view, 100 + 5, 10 + 3 * 10 + 5), null, "below the last year");
});

test("balances show each account's latest point at the month", () => {
  const view = {
    geometry: { width: 400, height: 240, panels: [plot] },
    data: {
      chart: "balance",
      accounts: [{ kind: "pension", reported: [{ as_of: "2020-12-31", amount: 100 }, { as_of: "2035-12-31", amount: 900 }], computed: [] }],
    },
  };
  const r = readout(view, 220.5, 100);
  assert.deepEqual(r.accounts[0].reported, { as_of: "2020-12-31", amount: 100 });
  assert.equal(r.accounts[0].computed, null);
});
