// Photograph docs/render/replies.html (scripts/render_replies.py) with headless Chromium:
// every reply at desktop width, the main ones at phone width too, into docs/screenshots/
// as small palette PNGs (sharp).
// A development tool (`make screenshots`). The browser is the one @sparticuz/chromium ships
// inside its npm package (no download at run time); the tools live outside the repository,
// in RENDER_TOOLS (see the Makefile).
//
//   RENDER_TOOLS=/work/render-tools node scripts/screenshot_replies.mjs
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tools = process.env.RENDER_TOOLS || '/work/render-tools';
const require = createRequire(path.join(tools, 'package.json'));
const chromium = require('@sparticuz/chromium');
const puppeteer = require('puppeteer-core');
const sharp = require('sharp'); // a 32-colour palette: a quarter of the size, same look

const page_url = pathToFileURL(path.join(root, 'docs', 'render', 'replies.html')).href;
const out = path.join(root, 'docs', 'screenshots');
const MOBILE = new Set(['answer', 'did-you-mean', 'timeline-answer']);
const WIDTHS = { desktop: 820, mobile: 390 };

mkdirSync(out, { recursive: true });
const browser = await puppeteer.launch({
  args: [...chromium.args, '--allow-file-access-from-files'],
  executablePath: await chromium.executablePath(),
  headless: true,
});
try {
  const page = await browser.newPage();
  for (const [look, width] of Object.entries(WIDTHS)) {
    await page.setViewport({ width, height: 900, deviceScaleFactor: 1 });
    await page.goto(page_url, { waitUntil: 'load' });
    await page.waitForFunction(() => customElements.get('discord-message') !== undefined);
    await new Promise((done) => setTimeout(done, 300)); // let the components lay out
    const ids = await page.$$eval('section', (sections) => sections.map((s) => s.id));
    for (const id of ids) {
      if (look === 'mobile' && !MOBILE.has(id)) continue;
      const section = await page.$(`#${id}`);
      const file = path.join(out, `${id}-${look}.png`);
      const shot = await section.screenshot();
      await sharp(shot).png({ palette: true, colours: 32, effort: 10, compressionLevel: 9 }).toFile(file);
      console.log(path.relative(root, file));
    }
  }
} finally {
  await browser.close();
}
