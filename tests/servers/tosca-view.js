#!/usr/bin/env node
// tosca-view.js: shows a product's tiles in headless Chromium (Debian's,
// through playwright-core) the way HySDS's map UI does (ingest-jobs.md
// section 12): a loopback server serves the product directory as
// PRODUCT_URL, and a page adds one Leaflet tile layer per met.json
// tile_layers name with PRODUCT_URL/tiles/{ds}/{z}/{x}/{y}.png, tms: true,
// maxNativeZoom from tile_max_zoom, minZoom 0, maxZoom 18, noWrap and
// bounds from the footprint, centred on center.coordinates at zoom 7.
// Then it looks at what was drawn: every opaque pixel of the tiles, put
// where Leaflet put them, against the footprint projected to the screen.
//   node tosca-view.js --product DIR [--tms true|false] [--fit]
//     [--layer NAME] [--chromium PATH]
// --fit: fit the footprint's bounds instead of tosca's zoom 7 (more pixels);
// --tms false: what a client reading XYZ would do (for a negative check).
// Prints {center, zoom, requests: {200: n, other: [...]}, errors, layers,
// drawn: {opaque, inside, outside, area, coverage}}.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const dir = path.resolve(opt('--product'));
const tms = opt('--tms', 'true') !== 'false';
const fit = args.includes('--fit');
const exe = opt('--chromium', process.env.CHROMIUM || '/usr/bin/chromium');
// Leaflet where a2tiles finds it: A2_LEAFLET, Debian's libjs-leaflet, npm's
const leaflet = [process.env.A2_LEAFLET, '/usr/share/javascript/leaflet',
  path.join(__dirname, '../node_modules/leaflet/dist')]
  .find((d) => d && fs.existsSync(path.join(d, 'leaflet.js')));
const id = path.basename(dir);
const met = JSON.parse(fs.readFileSync(path.join(dir, id + '.met.json'), 'utf8'));
const ds = JSON.parse(fs.readFileSync(path.join(dir, id + '.dataset.json'), 'utf8'));
const layerName = opt('--layer', met.tile_layers[0]);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css',
  '.png': 'image/png', '.json': 'application/json' };

// tosca's page, reduced to the map: the product's footprint layer gives the
// bounds, one tile layer per tile_layers name
const page = `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/leaflet/leaflet.css"><script src="/leaflet/leaflet.js"></script>
<style>html,body,#map{height:100%;margin:0}#map{background:#000}</style></head>
<body><div id="map"></div><script>
var CFG = ${JSON.stringify({ met, location: ds.location || met.location, center: ds.center || met.center || null,
  tms, fit, layer: layerName })};
(function () {
  var url = location.origin + '/product', m = CFG.met, loc = CFG.location;
  var fp = L.geoJSON(loc), b = fp.getBounds(), c = CFG.center;
  var map = window.map = L.map('map', { zoomControl: false, attributionControl: false, fadeAnimation: false });
  if (!c) {
    /* GRQ's fallback: the centroid of location (the ring's mean is enough here) */
    var r = loc.coordinates[0].slice(0, -1), x = 0, y = 0;
    r.forEach(function (p) { x += p[0]; y += p[1]; });
    c = { type: 'Point', coordinates: [x / r.length, y / r.length] };
  }
  window.center = c.coordinates;
  if (CFG.fit) map.fitBounds(b, { animate: false });
  else map.setView([c.coordinates[1], c.coordinates[0]], 7, { animate: false });
  window.loaded = false;
  m.tile_layers.forEach(function (ds, i) {
    var z = (m.tile_max_zoom || [])[i];
    var l = L.tileLayer(url + '/tiles/' + ds + '/{z}/{x}/{y}.png', {
      maxNativeZoom: z != null ? z : 14, minZoom: 0, maxZoom: 18, tms: CFG.tms, noWrap: true, bounds: b
    });
    if (ds === CFG.layer) {
      l.on('load', function () { window.loaded = true; });
      l.addTo(map);
    }
  });
}());
</script></body></html>`;

function serve() {
  return new Promise((resolve) => {
    const srv = http.createServer((req, res) => {
      const u = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let p = null;
      if (u === '/') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(page);
        return;
      }
      if (u.startsWith('/leaflet/')) p = path.join(leaflet, u.slice(9));
      else if (u.startsWith('/product/')) p = path.join(dir, u.slice(9));
      if (!p || !(p.startsWith(dir) || p.startsWith(leaflet)) || !fs.existsSync(p) || fs.statSync(p).isDirectory()) {
        res.writeHead(404); res.end(); return;
      }
      res.writeHead(200, { 'Content-Type': types[path.extname(p)] || 'application/octet-stream' });
      fs.createReadStream(p).pipe(res);
    });
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}

(async () => {
  const errors = [], requests = { 200: 0, other: [] };
  const srv = await serve();
  const base = `http://127.0.0.1:${srv.address().port}/`;
  const browser = await chromium.launch({
    executablePath: exe, headless: true, timeout: 60000,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const pg = await browser.newPage({ viewport: { width: 800, height: 600 } });
    pg.on('pageerror', (e) => errors.push('page error: ' + e.message));
    pg.on('request', (r) => { if (!r.url().startsWith(base)) errors.push('outside request: ' + r.url()); });
    pg.on('response', (r) => {
      if (!r.url().includes('/tiles/')) return;
      if (r.status() === 200) requests[200]++;
      else requests.other.push(r.status() + ' ' + r.url().slice(base.length));
    });
    await pg.goto(base, { waitUntil: 'load', timeout: 60000 });
    await pg.waitForFunction(() => window.loaded === true, null, { timeout: 30000, polling: 50 });
    // every tile image Leaflet placed, drawn where it is on the screen, and
    // each opaque pixel tested against the footprint (2 px of slack for
    // resampling at the edge)
    const res = await pg.evaluate(() => {
      const size = window.map.getSize(), box = document.getElementById('map').getBoundingClientRect();
      const cv = document.createElement('canvas');
      cv.width = size.x; cv.height = size.y;
      const g = cv.getContext('2d');
      document.querySelectorAll('img.leaflet-tile-loaded').forEach((img) => {
        const r = img.getBoundingClientRect();
        g.drawImage(img, r.left - box.left, r.top - box.top, r.width, r.height);
      });
      const px = g.getImageData(0, 0, size.x, size.y).data;
      const poly = CFG.location.coordinates[0].map((p) => {
        const q = window.map.latLngToContainerPoint([p[1], p[0]]);
        return [q.x, q.y];
      });
      const inside = (x, y) => {
        let c = false;
        for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
          const [xi, yi] = poly[i], [xj, yj] = poly[j];
          if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) c = !c;
        }
        return c;
      };
      const near = (x, y) => poly.some((p, i) => {
        const q = poly[(i + 1) % poly.length], dx = q[0] - p[0], dy = q[1] - p[1];
        const t = Math.max(0, Math.min(1, ((x - p[0]) * dx + (y - p[1]) * dy) / (dx * dx + dy * dy || 1)));
        return Math.hypot(x - p[0] - t * dx, y - p[1] - t * dy) <= 2;
      });
      let opaque = 0, inn = 0, out = 0, area = 0;
      for (let y = 0; y < size.y; y++)
        for (let x = 0; x < size.x; x++) {
          const a = px[4 * (y * size.x + x) + 3] > 0, ins = inside(x + 0.5, y + 0.5);
          if (ins) area++;
          if (!a) continue;
          opaque++;
          if (ins) inn++;
          else if (!near(x + 0.5, y + 0.5)) out++;
        }
      return { center: window.center, zoom: window.map.getZoom(),
        tiles: document.querySelectorAll('img.leaflet-tile-loaded').length,
        drawn: { opaque, inside: inn, outside: out, area, coverage: area ? +(inn / area).toFixed(3) : 0 } };
    });
    console.log(JSON.stringify({ layer: layerName, tms, ...res, requests, errors }));
  } finally {
    await browser.close();
    srv.close();
  }
})().catch((e) => { console.error('tosca-view: ' + e.message); process.exit(1); });
