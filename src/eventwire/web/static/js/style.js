// How an event looks on the map: colour by type (eventwire's nine types; ACLED's six first), size by deaths.

const TYPE_COLOURS = {
  Battles: "#c62828",
  "Explosions/Remote violence": "#ef6c00",
  "Violence against civilians": "#6a1b9a",
  Protests: "#1565c0",
  Riots: "#ad1457",
  "Strategic developments": "#00897b",
  "Political interaction": "#546e7a",
  Disaster: "#6d4c41",
  Crime: "#283593",
};
const OTHER_COLOURS = ["#7cb342", "#f9a825", "#00acc1", "#8d6e63", "#5e35b1"];

/** A type's colour; a type this table does not know gets a stable colour from its name. */
export function typeColour(type) {
  if (TYPE_COLOURS[type]) return TYPE_COLOURS[type];
  let hash = 0;
  for (const char of String(type)) hash = (hash * 31 + char.codePointAt(0)) >>> 0;
  return OTHER_COLOURS[hash % OTHER_COLOURS.length];
}

/** The marker's diameter in pixels: 12 with no deaths reported, growing with the square root, capped at 44. */
export function markerSize(fatalities) {
  const deaths = fatalities ? (fatalities.latest ?? fatalities.max ?? fatalities.min ?? 0) : 0;
  return Math.round(Math.min(44, 12 + 4 * Math.sqrt(Math.max(0, deaths))));
}

/** The deaths figure to print: "4", "3–7", "≥3", or "" when none was reported. */
export function deathsText(fatalities) {
  if (!fatalities) return "";
  const { min, max } = fatalities;
  if (min === null && max === null) return "";
  if (min !== null && max !== null) return min === max ? `${min}` : `${min}–${max}`;
  return min !== null ? `≥${min}` : `≤${max}`;
}

/** `air_drone_strike` → "air drone strike". */
export function subtypeLabel(subtype) {
  return subtype ? String(subtype).replaceAll("_", " ") : "";
}

export function legendTypes() {
  return Object.keys(TYPE_COLOURS);
}
