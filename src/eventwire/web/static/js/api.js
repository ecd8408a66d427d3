// The API client: filter state → query parameters (the same names as GET /api/events), JSON fetches.

/** Flags the dashboard hides unless the user asks for them (each has a "show …" checkbox). */
export const TOGGLED_FLAGS = ["hypothetical", "negated", "background"];
const PASSED_THROUGH = ["start", "end", "type", "country", "actor", "q", "min_sources"];

/** Query parameters for /api/events and /api/stats from the filter state (and the map's bounds when asked). */
export function filterParams(state, bounds = null) {
  const params = new URLSearchParams();
  for (const name of PASSED_THROUGH) {
    const value = (state[name] ?? "").toString().trim();
    if (value) params.set(name, value);
  }
  const excluded = TOGGLED_FLAGS.filter((flag) => !state[`show_${flag}`]);
  if (excluded.length) params.set("exclude_flags", excluded.join(","));
  if (state.in_view && bounds) params.set("bbox", bboxParam(bounds));
  return params;
}

function bboxParam(bounds) {
  const clamp = (value, limit) => Math.max(-limit, Math.min(limit, value)).toFixed(4);
  return [
    clamp(bounds.getWest(), 180),
    clamp(bounds.getSouth(), 90),
    clamp(bounds.getEast(), 180),
    clamp(bounds.getNorth(), 90),
  ].join(",");
}

/** GET a JSON document; an HTTP error becomes an Error with the API's problem message. */
export async function getJSON(path, params = null, { signal } = {}) {
  const url = params && [...params].length ? `${path}?${params}` : path;
  const response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      if (problem && problem.message) message = `${message}: ${problem.message}`;
    } catch {
      // not JSON: keep the status line
    }
    throw new Error(`${path}: ${message}`);
  }
  return response.json();
}

export const api = {
  events: (params, options) => getJSON("/api/events", params, options),
  event: (id) => getJSON(`/api/events/${encodeURIComponent(id)}`),
  article: (id) => getJSON(`/api/articles/${encodeURIComponent(id)}`),
  stats: (params, options) => getJSON("/api/stats", params, options),
  actors: (params) => getJSON("/api/actors", params),
  config: () => getJSON("/api/config"),
};
