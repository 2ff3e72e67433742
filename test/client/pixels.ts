// Reads a PNG screenshot back as pixels inside the browser (a blank page, so no CSP applies) and
// says how much of it is drawn: pixels unlike the background colour, how many colours there are,
// the lowest row drawn, and the colours at given positions.
import type { BrowserContext, Page } from 'playwright-core';

/** The pixels (RGBA) of a base64 PNG, decoded in the page; defined there once by pixelPage. */
type ReadPng = (data: string) => Promise<Uint8ClampedArray & { width: number }>;
declare global {
  interface Window {
    readPng: ReadPng;
  }
}

/** A blank page that can decode PNGs (window.readPng); the caller closes it. */
async function pixelPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.evaluate(() => {
    window.readPng = async (data) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return Object.assign(ctx.getImageData(0, 0, img.width, img.height).data, { width: img.width });
    };
  });
  return page;
}

export interface PixelStats {
  total: number;
  unlikeBackground: number;
  colours: number;
}

export interface PixelReport extends PixelStats {
  /** Colours ([r, g, b]) at the asked positions. */
  at: [number, number, number][];
  /** The lowest row with a pixel unlike the background (-1 when none). */
  lowestDrawnRow: number;
}

export async function inspectPixels(
  context: BrowserContext,
  png: Buffer,
  background: string,
  points: [number, number][] = [],
): Promise<PixelReport> {
  const page = await pixelPage(context);
  try {
    return await page.evaluate(
      async ({ data, bg, points }) => {
        const px = await window.readPng(data);
        const img = { width: px.width };
        const [br, bgG, bb] = [1, 3, 5].map((i) => parseInt(bg.slice(i, i + 2), 16));
        const colours = new Set<number>();
        let unlike = 0;
        let lowest = -1;
        for (let i = 0; i < px.length; i += 4) {
          const r = px[i],
            g = px[i + 1],
            b = px[i + 2];
          colours.add((r << 16) | (g << 8) | b);
          if (Math.abs(r - br) + Math.abs(g - bgG) + Math.abs(b - bb) > 24) {
            unlike++;
            lowest = Math.floor(i / 4 / img.width);
          }
        }
        const at = points.map(([x, y]): [number, number, number] => {
          const i = (Math.round(y) * img.width + Math.round(x)) * 4;
          return [px[i], px[i + 1], px[i + 2]];
        });
        return { total: px.length / 4, unlikeBackground: unlike, colours: colours.size, at, lowestDrawnRow: lowest };
      },
      { data: png.toString('base64'), bg: background, points },
    );
  } finally {
    await page.close();
  }
}

export async function pixelStats(context: BrowserContext, png: Buffer, background: string): Promise<PixelStats> {
  const { total, unlikeBackground, colours } = await inspectPixels(context, png, background);
  return { total, unlikeBackground, colours };
}

/** Sum of absolute channel differences between a pixel and a #rrggbb colour. */
export function colourDistance([r, g, b]: [number, number, number], hex: string): number {
  const [hr, hg, hb] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return Math.abs(r - hr) + Math.abs(g - hg) + Math.abs(b - hb);
}

export interface PixelDiff {
  /** Pixels whose colour differs by more than the tolerance (sum of channel differences). */
  different: number;
  /** Those pixels' colours in `a`, up to 500 of them. */
  colours: [number, number, number][];
}

/** Where two same-sized PNG screenshots differ, and what `a` shows there. */
export async function diffPixels(context: BrowserContext, a: Buffer, b: Buffer, tolerance = 24): Promise<PixelDiff> {
  const page = await pixelPage(context);
  try {
    return await page.evaluate(
      async ({ pngs, tolerance }) => {
        const [pa, pb] = await Promise.all(pngs.map((p) => window.readPng(p)));
        const colours: [number, number, number][] = [];
        let different = 0;
        for (let i = 0; i < pa.length; i += 4) {
          if (Math.abs(pa[i] - pb[i]) + Math.abs(pa[i + 1] - pb[i + 1]) + Math.abs(pa[i + 2] - pb[i + 2]) <= tolerance) continue;
          different++;
          if (colours.length < 500) colours.push([pa[i], pa[i + 1], pa[i + 2]]);
        }
        return { different, colours };
      },
      { pngs: [a.toString('base64'), b.toString('base64')], tolerance },
    );
  } finally {
    await page.close();
  }
}
