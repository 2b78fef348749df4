// Passphrases in the page: a password field is emptied as its value is read for a call, so the
// page keeps no copy after the call (a failed attempt is typed again); other fields stay.
import { test } from "node:test";
import assert from "node:assert/strict";
import { takeSecret, takeValues } from "../views/action-form.js";

test("password fields are emptied as they are read, other fields are kept", () => {
  const inputs = [
    { name: "url", type: "url", value: "https://dav.example/" },
    { name: "password", type: "password", value: "芝麻开门" },
    { name: "keep", type: "number", value: "7" },
  ];
  assert.deepEqual(takeValues(inputs), { url: "https://dav.example/", password: "芝麻开门", keep: 7 });
  assert.deepEqual(
    inputs.map((i) => i.value),
    ["https://dav.example/", "", "7"],
  );
});

test("a single secret is taken once", () => {
  const input = { type: "password", value: "correct horse" };
  assert.equal(takeSecret(input), "correct horse");
  assert.equal(input.value, "");
  assert.equal(takeSecret(input), "");
});
