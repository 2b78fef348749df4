// The hover read-out of a chart: a pointer position (in the chart's logical pixels) to the
// month under it and that month's values, from the geometry and data series the core sent.
// Pure: no DOM, so node's test runner checks it.

/** "2024-03" of a fractional year (2024 + (3 − 1) / 12 = 2024.1667). */
export function monthAt(yearValue) {
  const index = Math.floor(Math.round(yearValue * 12 * 1000) / 1000);
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${year}-${String(month).padStart(2, "0")}`;
}

function panelAt(geometry, x, y) {
  return geometry.panels.find((p) => x >= p.left && x <= p.right && y >= p.top && y <= p.bottom);
}

/** What is under the pointer: `{month, kind?, values}` or null outside every plot. */
export function readout(view, x, y) {
  const panel = panelAt(view.geometry, x, y);
  if (!panel) return null;
  const data = view.data;
  if (panel.calendar) {
    const grid = panel.calendar;
    const row = Math.floor((y - panel.top) / grid.cell_height);
    const column = Math.floor((x - panel.left) / grid.cell_width);
    if (row < 0 || row >= grid.years || column < 0 || column > 11) return null;
    const month = `${grid.first_year + row}-${String(column + 1).padStart(2, "0")}`;
    const kind = data.kinds.find((k) => k.kind === grid.kind);
    const state = kind?.months.find((m) => m.month === month)?.state ?? null;
    return { chart: "calendar", month, kind: grid.kind, state };
  }
  const yearValue = panel.x_from + ((x - panel.left) / (panel.right - panel.left)) * (panel.x_to - panel.x_from);
  const month = monthAt(yearValue);
  switch (data.chart) {
    case "pension_years": {
      const m = data.months.find((row) => row.month === month);
      return m ? { chart: "pension_years", month, paid: m.paid_months, projected: m.projected_months, required: m.required_months } : null;
    }
    case "amounts": {
      const m = data.months.find((row) => row.month === month);
      return m ? { chart: "amounts", month, personal: m.personal, employer: m.employer, base: m.base, floor: m.floor, ceiling: m.ceiling } : null;
    }
    case "balance": {
      // Each account's latest value at or before the month's end.
      const end = `${month}-31`;
      const accounts = data.accounts.map((a) => {
        const reported = a.reported.filter((p) => p.as_of <= end).at(-1) ?? null;
        const computed = a.computed.filter((p) => p.as_of <= end).at(-1) ?? null;
        return { kind: a.kind, reported, computed };
      });
      return { chart: "balance", month, accounts };
    }
    default:
      return null;
  }
}
