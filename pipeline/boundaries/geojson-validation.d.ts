// Types for the parts of geojson-validation (an untyped CommonJS package) that we call.
declare module 'geojson-validation' {
  /** With trace = true: the list of problems, empty when the feature is valid GeoJSON. */
  export function isFeature(feature: unknown, trace: true): string[];
  const gjv: { isFeature: typeof isFeature };
  export default gjv;
}
