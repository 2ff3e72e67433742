// The vector map of an area: its boundary, clusters and uncovered addresses, drawn in Web Mercator
// and fitted into a box on the page, with a legend and a scale bar.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Formatter } from './i18n.ts';
import type { ReportCluster, ReportClusters } from './model.ts';
import { COLORS, write, type Doc } from './page.ts';
import { simplifyForMap } from './simplify.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

type Project = (p: Position) => [number, number];

const EARTH_RADIUS_M = 6_378_137;
const DOT_RADIUS = 1.3;
export const LABELLED_CLUSTERS = 10;

function mercator([lon, lat]: Position): [number, number] {
  const phi = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180;
  return [(lon * Math.PI) / 180, Math.log(Math.tan(Math.PI / 4 + phi / 2))];
}

function ringsOf(geometry: Polygon | MultiPolygon): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/** Fits the geometry into the box keeping its shape; also returns ground metres per point. */
function fit(geometry: Polygon | MultiPolygon, box: Box, pad: number): { project: Project; metresPerPoint: number } {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const ring of ringsOf(geometry)) {
    for (const p of ring) {
      const [x, y] = mercator(p);
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
      minLat = Math.min(minLat, p[1]);
      maxLat = Math.max(maxLat, p[1]);
    }
  }
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = Math.min((box.width - 2 * pad) / spanX, (box.height - 2 * pad) / spanY);
  const offX = box.x + (box.width - spanX * scale) / 2;
  const offY = box.y + (box.height - spanY * scale) / 2;
  const midLat = (((minLat + maxLat) / 2) * Math.PI) / 180;
  return {
    project: (p) => {
      const [x, y] = mercator(p);
      return [offX + (x - minX) * scale, offY + (maxY - y) * scale];
    },
    metresPerPoint: (EARTH_RADIUS_M * Math.cos(midLat)) / scale,
  };
}

function tracePolygons(doc: Doc, geometry: Polygon | MultiPolygon, project: Project): void {
  for (const ring of ringsOf(geometry)) {
    ring.forEach((p, i) => {
      const [x, y] = project(p);
      if (i === 0) doc.moveTo(x, y);
      else doc.lineTo(x, y);
    });
    doc.closePath();
  }
}

function drawClusters(doc: Doc, clusters: ReportCluster[], project: Project): void {
  doc.save().fillOpacity(0.3).lineWidth(0.6);
  for (const c of clusters) tracePolygons(doc, c.geometry, project);
  doc.fillAndStroke(COLORS.cluster, COLORS.cluster, 'even-odd').restore();
}

/** "#1", "#2", … beside the largest clusters: the ranks of the clusters table. */
function labelClusters(doc: Doc, clusters: ReportCluster[], project: Project): void {
  clusters.slice(0, LABELLED_CLUSTERS).forEach((c, i) => {
    const [x, y] = project(c.centroid);
    const label = `#${i + 1}`;
    doc.font('Helvetica-Bold').fontSize(7);
    const width = doc.widthOfString(label) + 4;
    doc
      .save()
      .fillOpacity(0.85)
      .roundedRect(x + 4, y - 10, width, 9, 2)
      .fill('#ffffff')
      .restore();
    write(doc, label, { size: 7, bold: true, color: COLORS.clusterText }, { x: x + 6, y: y - 8.5 }, { lineBreak: false });
  });
}

/**
 * All dots go into one path and are filled once. Dots closer than a fraction of their radius are
 * drawn once: the picture is the same and a dense area stays a small file.
 */
function drawDots(doc: Doc, positions: Float64Array, project: Project): void {
  const seen = new Set<string>();
  const cell = DOT_RADIUS / 2;
  for (let i = 0; i + 1 < positions.length; i += 2) {
    const [x, y] = project([positions[i], positions[i + 1]]);
    const key = `${Math.round(x / cell)},${Math.round(y / cell)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    doc.circle(x, y, DOT_RADIUS);
  }
  if (seen.size > 0) doc.fill(COLORS.uncovered);
}

/** A round length (1, 2 or 5 x 10^k metres) about a quarter of the map wide. */
function scaleBar(doc: Doc, box: Box, metresPerPoint: number): void {
  const target = (box.width / 4) * metresPerPoint;
  const power = 10 ** Math.floor(Math.log10(target));
  const metres = [5, 2, 1].map((m) => m * power).find((m) => m <= target) ?? power;
  const length = metres / metresPerPoint;
  const x = box.x + 8;
  const y = box.y + box.height - 12;
  doc.rect(x, y, length, 3).fill(COLORS.text);
  const label = metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
  write(doc, label, { size: 7 }, { x: x + length + 4, y: y - 2 }, { lineBreak: false });
}

function legend(doc: Doc, box: Box, f: Formatter, uncovered: number, clusters: ReportClusters | null): void {
  const y = box.y + box.height + 6;
  let x = box.x;
  const item = (label: string, swatch: () => void) => {
    swatch();
    write(doc, label, { size: 8, color: COLORS.muted }, { x: x + 14, y }, { lineBreak: false });
    x += 14 + doc.widthOfString(label) + 18;
  };
  item(f.t.mapBoundary, () => doc.rect(x, y, 10, 8).fillAndStroke(COLORS.band, COLORS.muted));
  item(`${f.t.mapUncovered} (${f.int(uncovered)})`, () => doc.circle(x + 5, y + 4, 2.2).fill(COLORS.uncovered));
  if (clusters !== null) {
    item(`${f.t.mapCluster(f.int(clusters.distanceM))} (${f.int(clusters.items.length)})`, () =>
      doc.save().fillOpacity(0.3).rect(x, y, 10, 8).fillAndStroke(COLORS.cluster, COLORS.cluster).restore(),
    );
  }
}

export interface MapContent {
  boundary: Polygon | MultiPolygon;
  subdivisions: (Polygon | MultiPolygon)[];
  /** [lon, lat, …] of every uncovered address. */
  uncoveredPositions: Float64Array;
  clusters: ReportClusters | null;
  places: { name: string; lon: number; lat: number }[];
}

/** Place names, largest first, each skipped where it would overlap one already written. */
function labelPlaces(doc: Doc, places: MapContent['places'], project: Project): void {
  const taken: Box[] = [];
  doc.font('Helvetica').fontSize(7.5);
  for (const p of places) {
    const [x, y] = project([p.lon, p.lat]);
    const width = doc.widthOfString(p.name);
    const box = { x: x - width / 2 - 2, y: y - 10, width: width + 4, height: 10 };
    if (taken.some((t) => box.x < t.x + t.width && box.x + box.width > t.x && box.y < t.y + t.height && box.y + box.height > t.y)) continue;
    taken.push(box);
    doc.circle(x, y, 1.1).fill(COLORS.muted);
    doc
      .save()
      .fillOpacity(0.75)
      .rect(box.x, box.y - 1, box.width, box.height)
      .fill('#ffffff')
      .restore();
    doc.fillColor('#333333').text(p.name, box.x + 2, box.y, { lineBreak: false });
  }
}

/** `note`: a line under the legend (what a point is when it is not the building). */
export function drawMap(doc: Doc, box: Box, content: MapContent, f: Formatter, note: string | null = null): void {
  const { uncoveredPositions: positions, clusters, places } = content;
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of ringsOf(content.boundary)) {
    for (const [lon, lat] of ring) {
      minLon = Math.min(minLon, lon);
      minLat = Math.min(minLat, lat);
      maxLon = Math.max(maxLon, lon);
      maxLat = Math.max(maxLat, lat);
    }
  }
  const extent = Math.max(maxLon - minLon, maxLat - minLat);
  const boundary = simplifyForMap(content.boundary, extent);
  const subdivisions = content.subdivisions.map((g) => simplifyForMap(g, extent));
  doc.rect(box.x, box.y, box.width, box.height).lineWidth(0.5).stroke(COLORS.rule);
  const { project, metresPerPoint } = fit(boundary, box, 12);
  doc.save();
  // Cluster hulls may reach over the area's edge: keep every mark inside the frame.
  doc.rect(box.x, box.y, box.width, box.height).clip();
  tracePolygons(doc, boundary, project);
  doc.lineWidth(0.7).lineJoin('round').fillAndStroke(COLORS.band, COLORS.muted, 'even-odd');
  for (const part of subdivisions) tracePolygons(doc, part, project);
  if (subdivisions.length > 0) doc.lineWidth(0.35).stroke(COLORS.rule);
  if (clusters) drawClusters(doc, clusters.items, project);
  drawDots(doc, positions, project);
  labelPlaces(doc, places, project);
  if (clusters) labelClusters(doc, clusters.items, project);
  doc.restore();
  const count = positions.length / 2;
  if (count === 0) {
    write(doc, f.t.mapNoUncovered, { size: 9, color: COLORS.muted }, { x: box.x, y: box.y + 8 }, { width: box.width, align: 'center' });
  }
  scaleBar(doc, box, metresPerPoint);
  legend(doc, box, f, count, clusters);
  if (note) write(doc, note, { size: 8, color: COLORS.muted }, { x: box.x, y: box.y + box.height + 20 }, { width: box.width });
  doc.x = box.x;
  doc.y = box.y + box.height + (note ? 34 : 20);
}
