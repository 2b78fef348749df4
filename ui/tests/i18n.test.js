// The dictionaries and formatting, with node's built-in test runner: `node --test ui/tests/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import zh from "../i18n/zh.js";
import en from "../i18n/en.js";
import { formatDateTime, formatDuration, formatMoney, formatMonth, t, tn } from "../i18n.js";

test("both dictionaries have exactly the same keys", () => {
  const onlyZh = Object.keys(zh).filter((k) => !(k in en));
  const onlyEn = Object.keys(en).filter((k) => !(k in zh));
  assert.deepEqual({ onlyZh, onlyEn }, { onlyZh: [], onlyEn: [] });
});

test("no translation is empty, and placeholders agree between languages", () => {
  const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const key of Object.keys(zh)) {
    assert.ok(zh[key].trim() && en[key].trim(), `${key} is empty`);
    assert.deepEqual(placeholders(zh[key]), placeholders(en[key]), key);
  }
});

test("every key the views use exists", () => {
  const dir = new URL("..", import.meta.url).pathname;
  const files = ["main.js", ...readdirSync(join(dir, "views")).map((f) => join("views", f))];
  const used = new Set();
  for (const file of files) {
    const source = readFileSync(join(dir, file), "utf8");
    for (const match of source.matchAll(/\bt\(\s*"([\w.]+)"/g)) used.add(match[1]);
    for (const match of source.matchAll(/\btn\(\s*"([\w.]+)"/g)) used.add(`${match[1]}.one`).add(`${match[1]}.other`);
  }
  assert.ok(used.size > 20, "the scan found the calls");
  const missing = [...used].filter((key) => !(key in zh));
  assert.deepEqual(missing, []);
});

test("money is formatted from integer fen for each locale", () => {
  assert.equal(formatMoney(123456, "zh"), "¥1,234.56");
  assert.match(formatMoney(123456, "en"), /^CN¥1,234\.56$/);
  assert.equal(formatMoney(-5, "zh"), "-¥0.05");
});

test("months and durations read naturally in both languages", () => {
  assert.equal(formatMonth("2024-03", "zh"), "2024年3月");
  assert.equal(formatMonth("2024-03", "en"), "Mar 2024");
  assert.equal(formatDuration(183, "zh"), "15年3个月");
  assert.equal(formatDuration(183, "en"), "15 yr 3 mo");
  assert.equal(formatDuration(24, "zh"), "2年");
  assert.equal(formatDuration(0, "en"), "0 mo");
});

test("placeholders are filled and unknown keys show themselves", () => {
  assert.equal(t("toast.profileAdded", { name: "王芳" }, "zh"), "已添加成员“王芳”。");
  assert.equal(t("no.such.key", {}, "en"), "⟦no.such.key⟧");
  assert.equal(tn("dashboard.gapStatus", 1, { months: 3 }, "en"), "1 gap, 3 mo missed");
  assert.equal(tn("dashboard.gapStatus", 2, { months: 5 }, "en"), "2 gaps, 5 mo missed");
  assert.equal(tn("dashboard.gapStatus", 2, { months: 5 }, "zh"), "断缴 2 段，共 5 个月");
});

test("a moment reads as a local date and time to the minute in both languages", () => {
  const moment = new Date(2026, 10, 29, 14, 5).toISOString();
  assert.equal(formatDateTime(moment, "zh"), "2026年11月29日 14:05");
  assert.equal(formatDateTime(moment, "en"), "29 Nov 2026, 14:05");
});
