#!/usr/bin/env node
// site-check.js: opens a2site's index.html in headless Chromium (Debian's,
// through playwright-core; never a downloaded browser), from file:// or from
// a loopback static server, and uses it as a person would: counts the
// footprints on the map and the rows of the table, sets each filter in the
// form, clicks a product's row, then its footprint on the map, then the
// tile viewer link of its details.
//   node site-check.js --dir SITEDIR [--http] [--filters FILE] [--click ID]
//        [--shot PNG] [--bench FILE] [--chromium PATH]
// FILE of --filters: [{"name": "level", "value": "1.5"}, ...] (form field
// names); of --bench: the same, timed.  Prints one JSON object: {url,
// errors, total, map, rows, count, filters: [{name, value, map, rows}],
// click: {row, map, link, viewer}, bench: {load_ms, filters: [{name, ms}]}}
// where map and rows are sorted product IDs.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const dir = path.resolve(opt('--dir'));
const useHttp = args.includes('--http');
const exe = opt('--chromium', process.env.CHROMIUM || '/usr/bin/chromium');
const filters = opt('--filters') ? JSON.parse(fs.readFileSync(opt('--filters'), 'utf8')) : [];
const benchFilters = opt('--bench') ? JSON.parse(fs.readFileSync(opt('--bench'), 'utf8')) : null;
const clickId = opt('--click');
const shot = opt('--shot');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css',
  '.png': 'image/png', '.json': 'application/json', '.zip': 'application/zip' };

// Serves the site's parent directory, so links from the site to
// ../products/ resolve as they do on disk.
const root = path.dirname(dir);
function serve() {
  return new Promise((resolve) => {
    const srv = http.createServer((req, res) => {
      const p = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
      if (!p.startsWith(root) || !fs.existsSync(p) || fs.statSync(p).isDirectory()) {
        res.writeHead(404); res.end(); return;
      }
      res.writeHead(200, { 'Content-Type': types[path.extname(p)] || 'application/octet-stream' });
      fs.createReadStream(p).pipe(res);
    });
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}

// What the page shows: products drawn on the map (layers carrying a2id) and
// table rows, as sorted IDs.
const seen = () => {
  const m = [];
  window.a2site.map.eachLayer((l) => { if (l.a2id) m.push(l.a2id); });
  const r = Array.from(document.querySelectorAll('#table tbody tr')).map((tr) => tr.dataset.id);
  return { map: m.sort(), rows: r.sort(), count: document.getElementById('count').textContent };
};

async function setField(page, name, value) {
  const sel = `#filters [name="${name}"]`;
  const tag = await page.locator(sel).evaluate((e) => e.tagName);
  if (tag === 'SELECT') await page.selectOption(sel, value);
  else await page.fill(sel, value);
}

(async () => {
  const errors = [];
  let srv = null, url = 'file://' + path.join(dir, 'index.html');
  if (useHttp) {
    srv = await serve();
    url = `http://127.0.0.1:${srv.address().port}/${path.basename(dir)}/index.html`;
  }
  const origin = srv ? `http://127.0.0.1:${srv.address().port}/` : 'file:';
  const browser = await chromium.launch({
    executablePath: exe, headless: true, timeout: 60000,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],  // playwright gives it a fresh profile
  });
  const result = { url };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
    page.on('pageerror', (e) => errors.push('page error: ' + e.message));
    page.on('requestfailed', (r) => errors.push('failed: ' + r.url() + ' ' + (r.failure() || {}).errorText));
    page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(origin) && !u.startsWith('data:')) errors.push('outside request: ' + u);
    });
    await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    await page.waitForFunction(() => window.a2ready === true, null, { timeout: 60000 });
    result.total = await page.evaluate(() => window.A2_SITE.features.length);
    Object.assign(result, await page.evaluate(seen));

    result.filters = [];
    for (const f of filters) {
      await page.click('#filters button[type=reset]');
      await page.waitForFunction((n) => document.querySelectorAll('#table tbody tr').length === Math.min(n, 100),
        result.total);
      for (const [k, v] of Object.entries(f.set || { [f.name]: f.value })) await setField(page, k, v);
      result.filters.push({ name: f.name, value: f.value, ...(await page.evaluate(seen)) });
    }
    await page.click('#filters button[type=reset]');

    if (benchFilters) {
      const b = { load_ms: await page.evaluate(() => window.a2timing.ready),
        init_ms: await page.evaluate(() => window.a2timing.init), filters: [] };
      for (const f of benchFilters) {
        // set the field and time until the next frames are drawn
        const ms = await page.evaluate(([name, value]) => new Promise((resolve) => {
          const e = document.querySelector(`#filters [name="${name}"]`), t0 = performance.now();
          e.value = value;
          e.dispatchEvent(new Event('input', { bubbles: true }));
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
        }), [f.name, f.value]);
        const n = await page.evaluate(() => document.getElementById('count').textContent);
        b.filters.push({ name: f.name, value: f.value, ms, count: n });
      }
      result.bench = b;
      await page.click('#filters button[type=reset]');
    }

    if (clickId) {
      const c = {};
      // the row: selects it and zooms the map to it
      await page.click(`#table tbody tr[data-id="${clickId}"]`);
      c.row = await page.locator('#d-id').textContent();
      // then a click on the map, on the footprint's centre; the details'
      // title is blanked first so that only the map click can fill it
      await page.evaluate(() => { document.getElementById('d-id').textContent = ''; });
      const pt = await page.evaluate((id) => {
        const s = window.a2site, i = s.features.findIndex((f) => f.id === id);
        const p = s.map.latLngToContainerPoint(s.layers[i].getCenter());
        const r = document.getElementById('map').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
      }, clickId);
      await page.mouse.click(pt[0], pt[1]);
      c.map = await page.locator('#d-id').textContent();
      c.thumb = await page.evaluate(() => {
        const i = document.getElementById('d-thumb');
        return !i.hidden && i.complete && i.naturalWidth > 0 ? i.naturalWidth : 0;
      });
      c.links = await page.$$eval('#d-links a', (as) => as.map((a) => a.textContent));
      // the shot: every product, the selected one highlighted, its details
      await page.click('#zoom');
      if (shot) await page.screenshot({ path: shot });
      const link = page.locator('#d-links a.link-tiles');
      if (await link.count()) {
        c.link = await link.getAttribute('href');
        await link.click();
        await page.waitForLoadState('load');
        await page.waitForFunction(() => window.a2ready === true, null, { timeout: 30000 });
        c.viewer = page.url();
      }
      result.click = c;
    } else if (shot) {
      await page.screenshot({ path: shot });
    }
    result.errors = errors;
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
    if (srv) srv.close();
  }
})().catch((e) => { console.error('site-check: ' + e.message); process.exit(1); });
