// The Sources view's pure parts: how a source's freshness reads, and progress steps as text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { freshnessLine, progressOf } from "../views/sources.js";

test("freshness reads as never, today or days ago, with the stale flag kept", () => {
  assert.deepEqual(freshnessLine({ kind: "http", last_sync: null, stale: true }), { key: "sources.neverSynced", stale: true });
  assert.deepEqual(freshnessLine({ kind: "file", last_sync: null, stale: false }), { key: "sources.noSync", stale: false });
  assert.equal(freshnessLine({ kind: "http", last_sync: "2026-11-29T01:00:00Z", days_since_sync: 0, stale: false }).key, "sources.syncedToday");
  assert.deepEqual(freshnessLine({ kind: "http", last_sync: "2026-11-20T01:00:00Z", days_since_sync: 9, stale: true }), {
    key: "sources.syncedDaysAgo",
    n: 9,
    stale: true,
  });
});

test("only the writing step fills the bar; waiting shows whole seconds", () => {
  assert.equal(progressOf({ stage: "fetching", page: 2, items: 40 }).fraction, null);
  assert.deepEqual(progressOf({ stage: "waiting", status: 429, attempt: 2, wait_ms: 1500 }).params, { status: 429, seconds: 2 });
  assert.equal(progressOf({ stage: "writing", done: 5, total: 20 }).fraction, 0.25);
  assert.equal(progressOf({ stage: "writing", done: 0, total: 0 }).fraction, 1);
});
