#!/usr/bin/env node
// footprint-view.js: opens a page that draws a product's footprint with
// Leaflet (a2site's index.html or a2tiles' viewer) from file:// in headless
// Chromium (Debian's, through playwright-core) and reports where Leaflet
// drew it: the polygons' bounds in degrees, and whether the map shows all
// of them.
//   node footprint-view.js --page FILE (--site ID | --viewer) [--chromium PATH]
// Prints one JSON object: {errors: [...], parts, bounds: [w, s, e, n],
// width_px, in_view} (bounds to 7 decimals, as Leaflet holds them).
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const page_ = path.resolve(opt('--page'));
const siteId = opt('--site');
const exe = opt('--chromium', process.env.CHROMIUM || '/usr/bin/chromium');

(async () => {
  const errors = [];
  const browser = await chromium.launch({
    executablePath: exe, headless: true, timeout: 60000,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
    page.on('pageerror', (e) => errors.push('page error: ' + e.message));
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith('file:') && !u.startsWith('data:')) errors.push('outside request: ' + u);
    });
    await page.goto('file://' + page_, { waitUntil: 'load', timeout: 60000 });
    await page.waitForFunction(() => window.a2ready === true, null, { timeout: 30000 });
    const r = await page.evaluate((id) => {
      // the site: the product's layer; the viewer: every vector polygon
      const polys = [];
      if (id) {
        window.a2site.select(window.a2site.features.findIndex((f) => f.id === id), false);
        window.a2site.layers.forEach((l) => { if (l && l.a2id === id) polys.push(l); });
      } else {
        window.a2map.eachLayer((l) => { if (l instanceof L.Polygon) polys.push(l); });
      }
      const map = window.a2site ? window.a2site.map : window.a2map;
      const b = L.latLngBounds([]);
      polys.forEach((l) => b.extend(l.getBounds()));
      if (!b.isValid()) return { parts: polys.length, bounds: null };
      const r7 = (v) => Math.round(v * 1e7) / 1e7;
      const sw = map.latLngToContainerPoint(b.getSouthWest()), ne = map.latLngToContainerPoint(b.getNorthEast());
      const size = map.getSize();
      return {
        parts: polys.reduce((n, l) => n + (Array.isArray(l.getLatLngs()[0][0]) ? l.getLatLngs().length : 1), 0),
        bounds: [r7(b.getWest()), r7(b.getSouth()), r7(b.getEast()), r7(b.getNorth())],
        width_px: Math.round(ne.x - sw.x),
        in_view: sw.x >= 0 && ne.x <= size.x && ne.y >= 0 && sw.y <= size.y,
      };
    }, siteId || null);
    console.log(JSON.stringify({ errors, ...r }));
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error('footprint-view: ' + e.message); process.exit(1); });
