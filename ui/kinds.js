// The insurance kinds, in the order the core lists them (InsuranceKind::ALL). The core sends
// them in app_info; main.js hands them here once at startup, so no view keeps its own copy
// that could fall out of step with the core. Labels come from the dictionaries (kind.<code>).

let kinds = Object.freeze([]);

/** Called with app_info's `kinds` before any view is drawn. */
export function setKinds(codes) {
  kinds = Object.freeze([...codes]);
}

/** The kind codes, in the core's order. */
export function allKinds() {
  return kinds;
}
