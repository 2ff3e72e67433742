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
