// Errors from the core: the remedy it names as data is phrased in the window's own terms.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, remedyText } from "../api.js";
import zh from "../i18n/zh.js";
import en from "../i18n/en.js";

test("a remedy is phrased in window terms, a backup by its file name", () => {
  const details = { remedy: "restore_backup", file: "/home/a/.local/share/shebao/backups/auto-20261129-033000-123.db" };
  assert.equal(remedyText(details, "zh"), "可在 设置 → 备份 中恢复 auto-20261129-033000-123.db");
  assert.equal(remedyText(details, "en"), "you can restore auto-20261129-033000-123.db under Settings → Backups");
  assert.equal(remedyText({ remedy: "restore_backup", file: "C:\\data\\backups\\b.db" }, "en"), "you can restore b.db under Settings → Backups");
});

test("no remedy, or one the window cannot offer, adds nothing", () => {
  assert.equal(remedyText(null, "zh"), null);
  assert.equal(remedyText({ field: "lang", value: "fr" }, "zh"), null);
  assert.equal(remedyText({ remedy: "sync_anyway" }, "zh"), null, "the window never forces a sync");
});

test("the error's message carries the remedy after it", () => {
  const error = new ApiError({ code: "webdav_not_configured", message: "还没有设置 WebDAV 服务器", details: { remedy: "set_up_web_dav" } });
  assert.equal(error.code, "webdav_not_configured");
  assert.equal(error.message, "还没有设置 WebDAV 服务器；请在 设置 → WebDAV 云备份 中填写服务器地址、用户名和密码");
  assert.equal(new ApiError({ code: "locked", message: "数据已锁定" }).message, "数据已锁定");
});

test("no window text names a command-line flag, an environment variable of the app or a command", () => {
  for (const dictionary of [zh, en]) {
    for (const [key, text] of Object.entries(dictionary)) {
      if (!key.startsWith("remedy.") && !key.startsWith("error.")) continue;
      assert.doesNotMatch(text, /--[a-z]|SHEBAO_|shebao /, key);
    }
  }
});
