/** Nearby search without a spatial index: a latitude/longitude bounding box first, then great-circle distance. */

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE_LAT = 111.32;

/** Great-circle distance (haversine) in kilometres. */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The box that holds every point within `radiusKm` of the centre (wider than the circle; the distance filters). */
export function boundingBox(centre: { lat: number; lon: number }, radiusKm: number) {
  const dLat = radiusKm / KM_PER_DEGREE_LAT;
  const cos = Math.cos((centre.lat * Math.PI) / 180);
  const dLon = cos < 1e-6 ? 180 : Math.min(180, radiusKm / (KM_PER_DEGREE_LAT * cos));
  return {
    minLat: centre.lat - dLat,
    maxLat: centre.lat + dLat,
    minLon: centre.lon - dLon,
    maxLon: centre.lon + dLon,
  };
}

/**
 * Bayesian average (v/(v+m))·R + (m/(v+m))·C with R = the provider's mean, v = its ratings, C = RATING_PRIOR
 * (a platform-wide prior mean) and m = RATING_WEIGHT (ratings the prior counts as): one 5-star job scores
 * 25/6 ≈ 4.17, fifty 4.8s score 260/55 ≈ 4.73.
 */
export const RATING_PRIOR = 4;
export const RATING_WEIGHT = 5;

export function bayesianRating(ratingSum: number, ratingCount: number): number {
  return (ratingSum + RATING_WEIGHT * RATING_PRIOR) / (ratingCount + RATING_WEIGHT);
}

/** The widest service area a provider may declare, so one box query finds every provider that might reach a site. */
export const MAX_SERVICE_RADIUS_KM = 300;
