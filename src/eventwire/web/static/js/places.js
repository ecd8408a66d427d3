// Country names for ISO 3166-1 alpha-2 codes, from the browser's own data (Intl), no table shipped.

const names = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(["en"], { type: "region" }) : null;

export function countryName(code) {
  if (!code) return "";
  try {
    return names?.of(code) ?? code;
  } catch {
    return code; // not a region code Intl knows
  }
}

/** "Kharkiv, Ukraine"; just "Ukraine" when the place is the country itself. */
export function placeLabel(location) {
  if (!location) return "";
  const country = countryName(location.country);
  return [...new Set([location.name, country].filter(Boolean))].join(", ");
}
