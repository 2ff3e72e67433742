// Reads a PNG screenshot back as pixels inside the browser (a blank page, so no CSP applies) and
// says how much of it is drawn: pixels unlike the background colour, and how many colours there are.
import type { BrowserContext } from 'playwright-core';

export interface PixelStats {
  total: number;
  unlikeBackground: number;
  colours: number;
}

export async function pixelStats(context: BrowserContext, png: Buffer, background: string): Promise<PixelStats> {
  const page = await context.newPage();
  try {
    return await page.evaluate(async ({ data, bg }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, img.width, img.height).data;
      const [br, bgG, bb] = [1, 3, 5].map((i) => parseInt(bg.slice(i, i + 2), 16));
      const colours = new Set<number>();
      let unlike = 0;
      for (let i = 0; i < px.length; i += 4) {
        const r = px[i], g = px[i + 1], b = px[i + 2];
        colours.add((r << 16) | (g << 8) | b);
        if (Math.abs(r - br) + Math.abs(g - bgG) + Math.abs(b - bb) > 24) unlike++;
      }
      return { total: px.length / 4, unlikeBackground: unlike, colours: colours.size };
    }, { data: png.toString('base64'), bg: background });
  } finally {
    await page.close();
  }
}

/** Colours ([r, g, b]) of a PNG at the given pixel positions, and the lowest row drawn unlike `background`. */
export async function pixelsAt(context: BrowserContext, png: Buffer, points: [number, number][], background: string):
  Promise<{ colours: [number, number, number][]; lowestDrawnRow: number }> {
  const page = await context.newPage();
  try {
    return await page.evaluate(async ({ data, points, bg }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, img.width, img.height).data;
      const at = (x: number, y: number): [number, number, number] => {
        const i = (Math.round(y) * img.width + Math.round(x)) * 4;
        return [px[i], px[i + 1], px[i + 2]];
      };
      const [br, bgG, bb] = [1, 3, 5].map((i) => parseInt(bg.slice(i, i + 2), 16));
      let lowest = -1;
      for (let y = img.height - 1; y >= 0 && lowest < 0; y--) {
        for (let x = 0; x < img.width; x++) {
          const [r, g, b] = at(x, y);
          if (Math.abs(r - br) + Math.abs(g - bgG) + Math.abs(b - bb) > 24) {
            lowest = y;
            break;
          }
        }
      }
      return { colours: points.map(([x, y]) => at(x, y)), lowestDrawnRow: lowest };
    }, { data: png.toString('base64'), points, bg: background });
  } finally {
    await page.close();
  }
}

/** Sum of absolute channel differences between a pixel and a #rrggbb colour. */
export function colourDistance([r, g, b]: [number, number, number], hex: string): number {
  const [hr, hg, hb] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return Math.abs(r - hr) + Math.abs(g - hg) + Math.abs(b - hb);
}
