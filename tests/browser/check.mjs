// check.mjs - calm's exported pictures in Debian's chromium, headless:
//   node check.mjs mermaid GANTT.mmd OUT.svg   Mermaid's own code renders the
//                                              gantt block to SVG
//   node check.mjs screenshot PAGE.html OUT.png  the page's picture is drawn:
//                                              a screenshot of the SVG's box
//                                              is not blank
// Exit 0 when the check holds, 1 with the reason on stderr.  Run from the
// folder where the npm packages are installed (the test's cache).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(pathToFileURL(process.cwd() + '/').href);
const [mode, input, output] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
let failed = '';
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (mode === 'mermaid') {
    await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    const result = await page.evaluate(async (text) => {
      /* global mermaid */
      mermaid.initialize({ startOnLoad: false });
      try {
        await mermaid.parse(text);
        const { svg } = await mermaid.render('gantt', text);
        return { svg };
      } catch (e) {
        return { error: String(e && e.message ? e.message : e) };
      }
    }, readFileSync(input, 'utf8'));
    if (result.error) failed = 'mermaid: ' + result.error;
    else if (!/<svg[\s>]/.test(result.svg) || !/<rect/.test(result.svg)) failed = 'mermaid drew no bars';
    else writeFileSync(output, result.svg);
  } else if (mode === 'screenshot') {
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(pathToFileURL(input).href);
    const svg = await page.$('figure svg');
    if (!svg) throw new Error('no SVG in the page');
    const png = await svg.screenshot({ path: output });
    // count the pixels that are not white, in the browser's own decoder
    const inked = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++;
      return { n, total: d.length / 4, red: (() => {
        let r = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] > 180 && d[i + 1] < 80 && d[i + 2] < 80) r++;
        return r;
      })() };
    }, png.toString('base64'));
    if (inked.n < inked.total / 50) failed = `the picture is blank (${inked.n} of ${inked.total} pixels drawn)`;
    else if (inked.red === 0) failed = 'the picture has no impact bar (no red)';
    else process.stdout.write(`picture: ${inked.n} of ${inked.total} pixels drawn, ${inked.red} red\n`);
  } else {
    failed = 'usage: check.mjs mermaid|screenshot IN OUT';
  }
  if (!failed && errors.length) failed = 'page errors: ' + errors.join('; ');
} catch (e) {
  failed = String(e && e.message ? e.message : e);
} finally {
  await browser.close();
}
if (failed) {
  process.stderr.write(failed + '\n');
  process.exit(1);
}
