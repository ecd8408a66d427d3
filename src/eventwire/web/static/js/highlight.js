// Split an article's text at its evidence offsets, for highlighting with DOM nodes (never HTML).
//
// The API's offsets count Unicode code points (Python's str); JavaScript strings count UTF-16 units, so
// the text is cut as an array of code points, or an emoji before a sentence would shift every mark.

/**
 * @param {string} text  the article's text (or title)
 * @param {{start: number, end: number, text?: string}[]} spans  evidence offsets into `text`
 * @returns {{text: string, mark: boolean}[]}  consecutive pieces that together are exactly `text`
 */
export function splitAtSpans(text, spans) {
  const points = Array.from(text ?? "");
  const ranges = mergeRanges(spans.map((span) => locate(points, span)).filter(Boolean));
  const pieces = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) pieces.push({ text: points.slice(at, start).join(""), mark: false });
    pieces.push({ text: points.slice(start, end).join(""), mark: true });
    at = end;
  }
  if (at < points.length) pieces.push({ text: points.slice(at).join(""), mark: false });
  return pieces;
}

/** A span's [start, end) in code points: its offsets if they hold its sentence, else where the sentence is. */
function locate(points, span) {
  const { start, end } = span;
  const valid = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= points.length;
  if (valid && (!span.text || points.slice(start, end).join("") === span.text)) return [start, end];
  if (!span.text) return null;
  const found = points.join("").indexOf(span.text);
  if (found < 0) return null;
  const begin = Array.from(points.join("").slice(0, found)).length;
  return [begin, begin + Array.from(span.text).length];
}

function mergeRanges(ranges) {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
