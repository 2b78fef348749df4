// The one door from the UI to the Rust core: every call is a Tauri command.
// Errors arrive as {code, message, details}; they are rethrown as ApiError and never swallowed.

export class ApiError extends Error {
  constructor({ code = "unknown", message = String(code), details = null } = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
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
