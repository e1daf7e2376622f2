// Copy the browser files mmon serve needs from node_modules (installed by `npm ci` from
// package-lock.json) into militant_monitor/serve/static/vendor/, with each package's licence.
// Run by `make install`; the server only ever serves these local copies (no CDN, no network).
import { cpSync, mkdirSync, rmSync, existsSync, readFileSync, writeFileSync } from "node:fs";
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
// one list of what is served, its version and licence (linked from every page's footer)
const lines = ["Browser libraries and data served by mmon serve (installed from web/package-lock.json):", ""];
for (const pkg of Object.keys(files)) {
  const meta = JSON.parse(readFileSync(join(nm, pkg, "package.json"), "utf8"));
  lines.push(`${pkg} ${meta.version}  licence: ${meta.license}  ${meta.homepage || ""}`.trim());
}
writeFileSync(join(out, "LICENSES.txt"), lines.join("\n") + "\n");
console.log(`vendor: copied ${Object.keys(files).length} packages into ${out}`);
