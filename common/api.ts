// The JSON API's response shapes as zod schemas: the one contract the server answers (its OpenAPI
// document is generated from these), the client reads (as the inferred types), and tests check
// real answers against. Types are z.infer of the schemas; nothing else defines a response.
import { z } from 'zod';
import { AREA_LEVELS, LEVEL_NAME } from './constants.ts';

export const BboxSchema = z
  .tuple([z.number(), z.number(), z.number(), z.number()])
  .meta({ description: 'west, south, east, north (WGS84)' });
export type Bbox = z.infer<typeof BboxSchema>;

/** Levels are data (the names loaded with atlas boundaries --level), e.g. municipality | province or county | state. */
const AreaLevelSchema = z
  .string()
  .regex(LEVEL_NAME)
  .meta({ description: `area level as loaded, e.g. ${AREA_LEVELS.join(' | ')}` });
// Thresholds are data (the database's coverage definitions, GET /api/v1/meta): any of them, in Mbit/s.
const DownSchema = z.number().positive().meta({ description: "download threshold (Mbit/s), one of the database's definitions" });
const UpSchema = z.number().positive().meta({ description: "upload threshold (Mbit/s), one of the database's definitions" });

/** The coverage definition a response used. */
export const ThresholdSchema = z.object({
  down: DownSchema,
  up: UpSchema.nullable(),
  fixed_only: z.boolean().meta({ description: 'true: satellite, fixed wireless and mobile offers do not count as coverage' }),
});
export type Threshold = z.infer<typeof ThresholdSchema>;

/** Every answer about data says which release and threshold it used. */
const echo = { release: z.string(), threshold: ThresholdSchema };

export const CountsSchema = z.object({
  addresses: z.int(),
  covered: z.int(),
  uncovered: z.int(),
  covered_pct: z
    .number()
    .nullable()
    .meta({ description: 'covered / addresses in %, two decimals; null when there are no addresses (no data, not 0 %)' }),
});
export type Counts = z.infer<typeof CountsSchema>;

export const TechnologyCountSchema = CountsSchema.extend({ technology: z.string() });
export type TechnologyCount = z.infer<typeof TechnologyCountSchema>;

export const ProviderCountSchema = CountsSchema.extend({ provider: z.string() });
export type ProviderCount = z.infer<typeof ProviderCountSchema>;

export const AreaSummarySchema = CountsSchema.extend({ code: z.string(), name: z.string(), level: AreaLevelSchema });
export type AreaSummary = z.infer<typeof AreaSummarySchema>;

/** One offer at an address, as imported. */
/** FCC BDC: R residential only, B business only, X both. */
export const BusinessResidentialSchema = z.enum(['R', 'B', 'X']);
export type BusinessResidential = z.infer<typeof BusinessResidentialSchema>;
export const OfferSchema = z.object({
  provider: z.string().nullable(),
  technology: z.string(),
  down: z.number(),
  up: z.number(),
  /** Only for sources that state it (FCC BDC): the offer has latency <= 100 ms. */
  low_latency: z.boolean().optional(),
  /** Only for sources that state it (FCC BDC): whom the location is served as. */
  business_residential: BusinessResidentialSchema.optional(),
});
export type Offer = z.infer<typeof OfferSchema>;

/** A release as listed by `atlas releases --json` and `GET /api/v1/releases`. */
export const LocationPrecisionSchema = z
  .literal('h3r8')
  .meta({ description: "present when the location is not the building's point: h3r8 = centre of its H3 resolution-8 cell (FCC BDC)" });

export const ReleaseInfoSchema = z.object({
  label: z.string(),
  as_of: z.string().nullable(),
  addresses: z.int(),
  covered: z.int(),
  uncovered: z.int(),
  synthetic: z.boolean(),
  imported_at: z.string().optional(),
  /** The address register the release was joined to (`atlas import --register`); null for a connection CSV import. */
  register: z.string().nullable().optional(),
  /** Present when the release's points are not buildings: h3r8 = H3 resolution-8 cell centres (FCC BDC). */
  location_precision: LocationPrecisionSchema.optional(),
});
export type ReleaseInfo = z.infer<typeof ReleaseInfoSchema>;

export const ReleaseListSchema = z.object({ releases: z.array(ReleaseInfoSchema) });
export type ReleaseList = z.infer<typeof ReleaseListSchema>;

/** The standard error body of every HTTP error. */
export const ApiErrorSchema = z.object({
  error: z.object({ status: z.int(), code: z.string(), message: z.string(), parameter: z.string().optional() }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** The database's coverage definitions (atlas init; the Dutch defaults when never set). */
export const CoverageDefinitionsSchema = z.object({
  down: z.array(z.number()).meta({ description: 'download thresholds (Mbit/s), ascending' }),
  up: z.array(z.number()).meta({ description: 'upload thresholds (Mbit/s), ascending' }),
  goal: z.object({ down: z.number(), up: z.number().nullable(), year: z.int(), covered_pct: z.number() }),
  technologies: z.array(z.string()),
  tiers: z
    .array(z.object({ name: z.string(), down: z.number(), up: z.number().nullable() }))
    .meta({ description: 'named (down, up) pairs, e.g. served = 100/20; may be empty' }),
  ramp: z
    .array(z.number())
    .meta({ description: "the map's colour classes: lower bounds of covered % above 0, rising (0 starts the first class)" }),
  /** false: the database never ran `atlas init` and has the built-in defaults. */
  stored: z.boolean(),
});

export const MetaSchema = z.object({
  name: z.string(),
  attribution: z.array(z.string()),
  /** null while no areas are loaded. */
  bounds: BboxSchema.nullable(),
  center: z.object({ lon: z.number(), lat: z.number(), zoom: z.number() }).nullable(),
  levels: z.array(AreaLevelSchema),
  address_level: AreaLevelSchema.meta({
    description: 'the level addresses belong to (the finest loaded: municipality in NL, county in the US); the default of area lists',
  }),
  parent_level: AreaLevelSchema.nullable().meta({
    description: "the level of the address level's parents (province in NL, state in the US), drawn as outlines; null when none",
  }),
  thresholds: z.object({ down: z.array(DownSchema).readonly(), up: z.array(UpSchema).readonly(), default_down: DownSchema }),
  goal: z.object({ year: z.number(), covered_pct: z.number() }).meta({ description: 'the goal of the definitions (its year and share)' }),
  basemap_style_url: z.string().nullable(),
  release: z.string().nullable(),
  synthetic: z.boolean(),
  tile_layers: z.array(z.string()),
  pending_releases: z.array(z.string()).meta({
    description: 'releases announced and still being built (e.g. the older demo releases after the first start); empty when none is coming',
  }),
  /** The database's coverage definitions (issue 14): what `down`/`up` may be, the goal, named tiers. `thresholds` repeats them. */
  definitions: CoverageDefinitionsSchema,
});
export type Meta = z.infer<typeof MetaSchema>;

export const HealthSchema = z.object({ status: z.literal('ok'), releases: z.int() });

export const OpenApiSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});
export type OpenApiDocument = z.infer<typeof OpenApiSchema>;
export type Health = z.infer<typeof HealthSchema>;

/** TileJSON 3.0.0 of one layer. */
export const TileJsonSchema = z.object({
  tilejson: z.literal('3.0.0'),
  name: z.string(),
  description: z.string(),
  tiles: z.array(z.string()),
  minzoom: z.int(),
  maxzoom: z.int(),
  bounds: BboxSchema,
  center: z.tuple([z.number(), z.number(), z.number()]),
  attribution: z.string(),
  vector_layers: z.array(
    z.object({
      id: z.string(),
      description: z.string(),
      minzoom: z.int(),
      maxzoom: z.int(),
      fields: z.record(z.string(), z.string()),
    }),
  ),
});
export type TileJson = z.infer<typeof TileJsonSchema>;

/** Progress towards the goal (see docs/api.md, "Progress"). */
export const ProgressStatusSchema = z.enum(['on_track', 'at_risk', 'off_track']);
export type ProgressStatus = z.infer<typeof ProgressStatusSchema>;

export const ProgressSchema = z.object({
  uncovered_now: z.int(),
  goal_year: z.number(),
  goal_pct: z.number(),
  to_go: z.number().meta({ description: 'uncovered addresses above what the goal allows, now' }),
  needed_per_year: z
    .number()
    .nullable()
    .meta({ description: "of to_go, to close per year from the newest release's date to the end of the goal year" }),
  recent_per_year: z
    .number()
    .nullable()
    .meta({ description: 'uncovered addresses closed per year over the recent releases; negative when the gap grew' }),
  projected_year: z
    .number()
    .nullable()
    .meta({ description: 'the year the recent pace reaches the goal; null when the pace is zero or negative' }),
  status: ProgressStatusSchema.nullable(),
  method: z.string(),
});
export type Progress = z.infer<typeof ProgressSchema>;

export const AreaProgressSchema = ProgressSchema.extend({
  rank: z
    .int()
    .nullable()
    .optional()
    .meta({ description: '1 = highest covered share among the areas of the level with addresses (ties share a rank)' }),
  rank_of: z.int().optional(),
  parent_code: z.string().nullable().optional(),
  parent_name: z.string().nullable().optional(),
  parent_level: AreaLevelSchema.nullable().optional(),
  parent_covered_pct: z.number().nullable().optional(),
  national_covered_pct: z.number().nullable(),
});
export type AreaProgress = z.infer<typeof AreaProgressSchema>;

export const SummarySchema = CountsSchema.extend({
  ...echo,
  synthetic: z.boolean(),
  by_technology: z.array(TechnologyCountSchema),
  progress: AreaProgressSchema,
});
export type Summary = z.infer<typeof SummarySchema>;

/** An area's progress as the list gives it with `progress=true`: the figures to sort and compare areas by. */
export const AreaListProgressSchema = AreaProgressSchema.pick({
  to_go: true,
  needed_per_year: true,
  recent_per_year: true,
  projected_year: true,
  status: true,
  rank: true,
  rank_of: true,
});
export type AreaListProgress = z.infer<typeof AreaListProgressSchema>;

export const AreaListItemSchema = AreaSummarySchema.extend({
  parent_code: z
    .string()
    .nullable()
    .meta({ description: "the area this one lies in (a municipality's province, a county's state); null at the top level" }),
  progress: AreaListProgressSchema.optional().meta({ description: 'with progress=true: progress towards the goal and rank' }),
});
export type AreaListItem = z.infer<typeof AreaListItemSchema>;

export const AreaListSchema = z.object({
  ...echo,
  level: AreaLevelSchema,
  parent: z.string().nullable().meta({ description: 'the parent the list was limited to; null for every area of the level' }),
  areas: z.array(AreaListItemSchema),
});
export type AreaList = z.infer<typeof AreaListSchema>;

export const TrendPointSchema = CountsSchema.extend({ release: z.string(), as_of: z.string().nullable() });
export type TrendPoint = z.infer<typeof TrendPointSchema>;

/** Addresses per download class: class k has best download in [down_min, down_max). */
export const SpeedClassSchema = z.object({ class: z.int(), down_min: z.number(), down_max: z.number().nullable(), addresses: z.int() });
export type SpeedClass = z.infer<typeof SpeedClassSchema>;

export const AreaDetailSchema = AreaSummarySchema.extend({
  ...echo,
  parent_code: z.string().nullable(),
  bbox: BboxSchema,
  by_technology: z.array(TechnologyCountSchema),
  by_provider: z.array(ProviderCountSchema),
  speed_classes: z.array(SpeedClassSchema),
  trend: z.array(TrendPointSchema),
  progress: AreaProgressSchema,
});
export type AreaDetail = z.infer<typeof AreaDetailSchema>;

/** An address's own descriptive fields, passed through as they are stored. */
const addressFields = {
  address_id: z.string(),
  postcode: z.string().nullable(),
  house_number: z.number().nullable(),
  house_letter: z.string().nullable(),
  house_number_suffix: z.string().nullable(),
  street: z.string().nullable(),
  city: z.string().nullable(),
};

/** How exact `location` is, when it is not a building's point: 'h3r8' is the centre of an H3 resolution-8 cell (FCC BDC). */
const addressOffers = {
  location: z.object({ lon: z.number(), lat: z.number() }),
  location_precision: LocationPrecisionSchema.optional(),
  best: z.object({ down: z.number(), up: z.number(), technology: z.string() }),
  offers: z.array(OfferSchema),
  covered: z.boolean(),
};

/** One address with every offer, as the store reads it. */
export const AddressDetailSchema = z.object({ ...addressFields, area_code: z.string(), ...addressOffers });
export type AddressDetail = z.infer<typeof AddressDetailSchema>;

/** An address as /api/v1/addresses answers it: its area spelled out (only the code when that area is no longer loaded). */
export const AddressSchema = z.object({
  ...addressFields,
  ...addressOffers,
  area: z.object({
    code: z.string(),
    name: z.string().optional(),
    level: AreaLevelSchema.optional(),
    parent_code: z.string().nullable().optional(),
  }),
});
export type Address = z.infer<typeof AddressSchema>;

export const AddressSearchResultSchema = z.object({ ...echo, addresses: z.array(AddressSchema) });
export type AddressSearchResult = z.infer<typeof AddressSearchResultSchema>;

export const AddressByIdResultSchema = z.object({ ...echo, address: AddressSchema });
export type AddressByIdResult = z.infer<typeof AddressByIdResultSchema>;

const clusterFields = {
  id: z.int(),
  addresses: z.int(),
  area_codes: z.array(z.string()),
  technologies: z.array(z.string()),
  centroid: z.tuple([z.number(), z.number()]),
  bbox: BboxSchema,
  nearest_covered_m: z.number().nullable(),
};

export const ClusterSchema = z.object({
  ...clusterFields,
  /** Addresses inside the requested area (present when the list was asked for an area). */
  addresses_in_area: z.int().optional(),
  number: z.int().nullable().meta({
    description:
      "#1..#n among the clusters of number_area, largest first (ties by id), as that area's PDF report numbers them; the filters and the sort do not change it",
  }),
  number_area: z.string().nullable().meta({
    description:
      'the requested area; without one, the area of the address level (municipality, county) holding most of the cluster’s addresses (area_codes[0])',
  }),
});
export type Cluster = z.infer<typeof ClusterSchema>;

export const ClusterListSchema = z.object({
  ...echo,
  total: z.int(),
  total_addresses: z.int(),
  limit: z.int(),
  offset: z.int(),
  clusters: z.array(ClusterSchema),
});
export type ClusterList = z.infer<typeof ClusterListSchema>;

const PolygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) });

export const ClusterDetailSchema = z.object({
  ...echo,
  cluster: z.object({
    ...clusterFields,
    down: DownSchema,
    up: UpSchema.nullable().meta({ description: "the goal's upload for a cluster of the goal's pair; null for a download threshold's" }),
    distance_m: z.number(),
    geometry: PolygonSchema,
  }),
  addresses: z.array(AddressDetailSchema),
});
export type ClusterDetail = z.infer<typeof ClusterDetailSchema>;

// Exports: the same flat table as CSV columns and as GeoJSON properties (server/export/).
const exportMeta = {
  release: z.string(),
  synthetic: z.boolean(),
  location_precision: LocationPrecisionSchema.optional(),
};

/** Properties of an uncovered address in GeoJSON (the CSV has lon and lat besides). */
export const UncoveredPropertiesSchema = z.object({
  ...addressFields,
  area_code: z.string(),
  best_technology: z.string(),
  best_down: z.number(),
  best_up: z.number(),
  ...exportMeta,
});

export const UncoveredCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  ...exportMeta,
  threshold: ThresholdSchema,
  area: z.string().optional().meta({ description: 'the area of an area export' }),
  location_note: z
    .string()
    .optional()
    .meta({ description: 'with location_precision: what a point is (an H3 cell centre, not the building)' }),
  next_cursor: z.string().nullable().optional().meta({ description: 'cursor of the next page; null on the last page (pages only)' }),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
      properties: UncoveredPropertiesSchema,
    }),
  ),
});
export type UncoveredCollection = z.infer<typeof UncoveredCollectionSchema>;

/** The addresses of one unserved cluster: the uncovered-address table, paged by next_cursor or whole. */
export const ClusterAddressCollectionSchema = UncoveredCollectionSchema.extend({
  cluster: z.int().meta({ description: 'the cluster id' }),
  total: z.int().meta({ description: 'addresses in the cluster' }),
});
export type ClusterAddressCollection = z.infer<typeof ClusterAddressCollectionSchema>;

/** Properties of a cluster in GeoJSON, and the columns of clusters.csv: scalars only. */
export const ClusterPropertiesSchema = z.object({
  id: z.int(),
  addresses: z.int(),
  addresses_in_area: z.int(),
  area_codes: z.string().meta({ description: 'area codes separated by spaces' }),
  technologies: z.string().meta({ description: 'technologies present, separated by spaces' }),
  lon: z.number(),
  lat: z.number(),
  west: z.number(),
  south: z.number(),
  east: z.number(),
  north: z.number(),
  nearest_covered_m: z.number().nullable(),
  number: z.int().nullable().meta({ description: 'as in /api/v1/clusters' }),
  number_area: z.string().nullable(),
  ...exportMeta,
});

export const ClusterCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  ...exportMeta,
  threshold: ThresholdSchema,
  total: z.int(),
  total_addresses: z.int(),
  limit: z.int().nullable().optional().meta({ description: 'present when a page was asked for' }),
  offset: z.int().optional(),
  features: z.array(z.object({ type: z.literal('Feature'), id: z.int(), geometry: PolygonSchema, properties: ClusterPropertiesSchema })),
});
export type ClusterCollection = z.infer<typeof ClusterCollectionSchema>;

export const PlaceSchema = z.object({
  rank: z.int().meta({ description: '1 for the place with the most addresses' }),
  name: z.string(),
  area_code: z.string(),
  addresses: z.int(),
  lon: z.number(),
  lat: z.number(),
});
export type Place = z.infer<typeof PlaceSchema>;

export const PlaceListSchema = z.object({ release: z.string(), places: z.array(PlaceSchema) });
export type PlaceList = z.infer<typeof PlaceListSchema>;

/** One suggestion of the search box: an area, a place or an address; `label` names it in any language. */
export const SuggestionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('area'), label: z.string(), code: z.string(), name: z.string(), level: AreaLevelSchema, bbox: BboxSchema }),
  z.object({
    kind: z.literal('place'),
    label: z.string(),
    name: z.string(),
    area_code: z.string(),
    area_name: z.string().nullable(),
    addresses: z.int(),
    lon: z.number(),
    lat: z.number(),
  }),
  z.object({
    kind: z.literal('address'),
    label: z.string(),
    ...addressFields,
    area_code: z.string(),
    lon: z.number(),
    lat: z.number(),
  }),
]);
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const SuggestionListSchema = z.object({ release: z.string(), q: z.string(), suggestions: z.array(SuggestionSchema) });
export type SuggestionList = z.infer<typeof SuggestionListSchema>;

// OGC API Features (/ogc): the documents of Part 1 Core as this server writes them.
const OgcLinkSchema = z.object({ href: z.string(), rel: z.string(), type: z.string(), title: z.string().optional() });
const OgcLinksSchema = z.array(OgcLinkSchema);
const OgcScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const OgcLandingSchema = z.object({ title: z.string(), description: z.string(), attribution: z.string(), links: OgcLinksSchema });
export const OgcConformanceSchema = z.object({ conformsTo: z.array(z.string()) });
export const OgcCollectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  itemType: z.literal('feature'),
  crs: z.array(z.string()),
  extent: z.object({ spatial: z.object({ bbox: z.array(BboxSchema), crs: z.string() }) }),
  links: OgcLinksSchema,
});
export const OgcCollectionsSchema = z.object({ links: OgcLinksSchema, collections: z.array(OgcCollectionSchema) });
export const OgcFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]),
  geometry: z.object({ type: z.enum(['Point', 'Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) }),
  properties: z.record(z.string(), OgcScalarSchema).meta({ description: 'scalars only; every feature has release, synthetic and down' }),
  links: OgcLinksSchema.optional(),
});
export const OgcFeatureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  numberMatched: z.int(),
  numberReturned: z.int(),
  timeStamp: z.string(),
  release: z.string(),
  threshold: ThresholdSchema,
  synthetic: z.boolean(),
  links: OgcLinksSchema,
  features: z.array(OgcFeatureSchema),
});
export const OgcFeatureSchemaSchema = z.object({
  $schema: z.string(),
  title: z.string(),
  type: z.literal('object'),
  properties: z
    .object({ properties: z.object({ type: z.literal('object'), properties: z.record(z.string(), z.object({ type: z.string() })) }) })
    .loose(),
});

/** What changed in an area (or the nation) between two releases, at one threshold (see docs/api.md, "Changes"). */
export const ChangeFiguresSchema = z.object({
  addresses_from: z.int().meta({ description: 'addresses in the area in release `from`' }),
  addresses_to: z.int().meta({ description: 'addresses in the area in release `to`' }),
  newly_covered: z.int().meta({ description: 'in both releases, uncovered in `from` and covered in `to`' }),
  lost: z.int().meta({ description: 'in both releases, covered in `from` and uncovered in `to`' }),
  added: z.int().meta({ description: 'in `to` only' }),
  added_covered: z.int().meta({ description: 'of `added`, those covered' }),
  removed: z.int().meta({ description: 'in `from` only' }),
  removed_covered: z.int().meta({ description: 'of `removed`, those that were covered' }),
  net_change_uncovered: z.int().meta({ description: 'uncovered addresses in `to` minus those in `from`' }),
});
export type ChangeFigures = z.infer<typeof ChangeFiguresSchema>;

export const AreaChangeSchema = ChangeFiguresSchema.extend({ code: z.string(), name: z.string(), level: AreaLevelSchema });
export type AreaChange = z.infer<typeof AreaChangeSchema>;

/** GET /api/v1/changes. */
export const ChangesSchema = ChangeFiguresSchema.extend({
  from: z.string(),
  to: z.string(),
  from_as_of: z.string().nullable(),
  to_as_of: z.string().nullable(),
  threshold: ThresholdSchema,
  synthetic: z.boolean().meta({ description: 'true when either release is synthetic' }),
  area: z.object({ code: z.string(), name: z.string(), level: AreaLevelSchema }).nullable(),
  level: AreaLevelSchema.nullable().meta({ description: 'the level of `areas`; null with `area`' }),
  areas: z.array(AreaChangeSchema).optional().meta({ description: 'every area of `level`, without `area`' }),
});
export type Changes = z.infer<typeof ChangesSchema>;

/** GET /api/v1/changes/addresses.geojson: the addresses behind one change figure. */
export const ChangeCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  ...exportMeta,
  from: z.string(),
  to: z.string(),
  kind: z.enum(['newly_covered', 'lost', 'added', 'removed']),
  threshold: ThresholdSchema,
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
      properties: UncoveredPropertiesSchema.extend({
        kind: z.enum(['newly_covered', 'lost', 'added', 'removed']),
        from: z.string(),
        to: z.string(),
      }),
    }),
  ),
});
export type ChangeCollection = z.infer<typeof ChangeCollectionSchema>;
/** One whole file of GET /api/v1/downloads. */
export const DownloadFileSchema = z.object({
  kind: z.enum(['gpkg', 'uncovered_csv', 'clusters_csv']),
  name: z.string(),
  title: z.string(),
  media_type: z.string(),
  url: z.string(),
  /** Size in bytes once built; null until the first request builds it. */
  bytes: z.int().nullable(),
});
export type DownloadFile = z.infer<typeof DownloadFileSchema>;

export const DownloadListSchema = z.object({
  threshold: ThresholdSchema,
  releases: z.array(
    z.object({ release: z.string(), as_of: z.string().nullable(), synthetic: z.boolean(), files: z.array(DownloadFileSchema) }),
  ),
});
export type DownloadList = z.infer<typeof DownloadListSchema>;
