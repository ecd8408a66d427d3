// Natural Earth rings that cross the antimeridian (Russia's Chukotka, Fiji) or go round a pole
// (Antarctica) jump from +180 to -180 and back; drawn on a flat map those jumps become lines across
// the whole world.  This rewrites such rings once, after decoding, so Leaflet draws them as they are.

/** Fix every ring of a GeoJSON FeatureCollection in place; returns it. */
export function unwrapAntimeridian(collection) {
  for (const feature of collection.features) {
    const geometry = feature.geometry;
    if (!geometry) continue;
    const polygons =
      geometry.type === "Polygon"
        ? [geometry.coordinates]
        : geometry.type === "MultiPolygon"
          ? geometry.coordinates
          : [];
    for (const polygon of polygons) {
      for (let index = 0; index < polygon.length; index += 1) polygon[index] = unwrapRing(polygon[index]);
    }
  }
  return collection;
}

function unwrapRing(ring) {
  const jumps = [];
  for (let index = 1; index < ring.length; index += 1) {
    if (Math.abs(ring[index][0] - ring[index - 1][0]) > 180) jumps.push(index);
  }
  if (!jumps.length) return ring;
  if (jumps.length % 2 === 0) {
    // Crosses and comes back: continue east of +180 instead of restarting at -180.
    return ring.map(([lon, lat]) => [lon < 0 ? lon + 360 : lon, lat]);
  }
  // Goes round a pole once: close the ring along the pole's edge of the map.
  const at = jumps[0];
  const pole = ring.reduce((sum, point) => sum + point[1], 0) < 0 ? -90 : 90;
  const before = ring[at - 1][0];
  const after = ring[at][0];
  return [...ring.slice(0, at), [before, pole], [after, pole], ...ring.slice(at)];
}
