// The one door from the UI to the Rust core: every call is a Tauri command.
// Errors arrive as {code, message, details}; they are rethrown as ApiError and never swallowed.
// A core error may name its way out as data (`details.remedy`, see shebao_core::Remedy): the
// window phrases it in its own terms (ui/i18n, `remedy.*`) after the message, never the CLI's.

import { dictionaries, getLang, t } from "./i18n.js";

export class ApiError extends Error {
  constructor({ code = "unknown", message = String(code), details = null } = {}) {
    const remedy = remedyText(details);
    super(remedy ? t("error.withRemedy", { message, remedy }) : message);
    this.code = code;
    this.details = details;
  }
}

/** The window's words for a remedy the core named, or null when there is none (or the window
 * has no way to offer it). A backup is named by its file name, as the Backups list shows it. */
export function remedyText(details, lang = getLang()) {
  const name = details?.remedy;
  if (typeof name !== "string") return null;
  const key = `remedy.${name}`;
  if (!(key in dictionaries[lang])) return null;
  const file = typeof details.file === "string" ? details.file.split(/[\\/]/).pop() : "";
  return t(key, { file }, lang);
}

export async function call(command, args = {}) {
  return invoke(command, args);
}

/** A command whose argument is raw bytes (a file's contents), with what describes them in
 * headers: the bytes cross the IPC as they are, not as a JSON array of numbers. */
export async function callRaw(command, bytes, headers) {
  return invoke(command, bytes, { headers });
}

async function invoke(command, args, options) {
  const tauri = window.__TAURI__;
  if (!tauri?.core?.invoke) {
    throw new ApiError({ code: "no_backend", message: "Tauri IPC is unavailable" });
  }
  try {
    return await tauri.core.invoke(command, args, options);
  } catch (error) {
    throw new ApiError(typeof error === "object" && error ? error : { message: String(error) });
  }
}
