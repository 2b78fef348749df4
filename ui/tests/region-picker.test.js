// The region picker's pure parts: how a suggestion and a chosen region read in each language.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chosenText, optionLabel } from "../views/region-picker.js";

const hangzhou = { code: "330100", name: "杭州市", name_en: "Hangzhou", within: "浙江省", within_en: "Zhejiang" };
const shangcheng = {
  code: "330102",
  name: "上城区",
  name_en: "Shangcheng",
  within: "浙江省杭州市",
  within_en: "Hangzhou, Zhejiang",
};
const zhejiang = { code: "330000", name: "浙江省", name_en: "Zhejiang", within: "", within_en: "" };

test("a suggestion names the region and what it lies in; English leads with pinyin", () => {
  assert.equal(optionLabel(hangzhou, "zh"), "杭州市 · 浙江省");
  assert.equal(optionLabel(hangzhou, "en"), "Hangzhou 杭州市 · Zhejiang");
  assert.equal(optionLabel(shangcheng, "zh"), "上城区 · 浙江省杭州市");
  assert.equal(optionLabel(shangcheng, "en"), "Shangcheng 上城区 · Hangzhou, Zhejiang");
  assert.equal(optionLabel(zhejiang, "zh"), "浙江省");
});

test("a chosen region shows its name, not its code", () => {
  assert.equal(chosenText(hangzhou, "zh"), "杭州市");
  assert.equal(chosenText(hangzhou, "en"), "Hangzhou 杭州市");
});
