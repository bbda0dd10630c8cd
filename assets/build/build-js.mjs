// Bundle our JavaScript with esbuild (run from the repository root:
// `npm run build:js`, or scripts/build-assets).
//
//   assets/js/main.mjs     -> static/js/main.js     ES module (govuk-frontend components + htmx)
//   assets/js/locate.mjs   -> static/js/locate.js   ES module ("Use my location")
//   assets/js/map-shim.mjs -> static/js/map-shim.js classic script ($ shim for folium maps)
//   assets/js/staff.mjs    -> static/js/staff.js    ES module (staff timeout warning, unsent text)
//   assets/js/print.mjs    -> static/js/print.js    ES module ("Print this page" on a receipt)
//
// htmx 4's ESM build has no eval (htmx 2's had one, which stopped esbuild from
// renaming inside it); nothing needs rewriting any more.
import * as esbuild from 'esbuild'

const common = {
  bundle: true,
  minify: true,
  // htmx 4 uses class private fields (ES2022); lowering them to es2017 costs
  // ~2 KB brotli. A browser without them (Chrome < 74, Safari < 14.1) gets a
  // syntax error in main.js and simply runs the site without JavaScript,
  // which works everywhere.
  target: 'es2022',
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'info'
}

await esbuild.build({
  ...common,
  entryPoints: ['assets/js/main.mjs'],
  outfile: 'static/js/main.js',
  format: 'esm'
})

await esbuild.build({
  ...common,
  entryPoints: ['assets/js/character-count.mjs'],
  outfile: 'static/js/character-count.js',
  format: 'esm'
})

await esbuild.build({
  ...common,
  entryPoints: ['assets/js/locate.mjs'],
  outfile: 'static/js/locate.js',
  format: 'esm'
})

await esbuild.build({
  ...common,
  entryPoints: ['assets/js/map-shim.mjs'],
  outfile: 'static/js/map-shim.js',
  format: 'iife'
})

await esbuild.build({
  ...common,
  entryPoints: ['assets/js/staff.mjs'],
  outfile: 'static/js/staff.js',
  format: 'esm'
})

await esbuild.build({
  ...common,
  entryPoints: ['assets/js/print.mjs'],
  outfile: 'static/js/print.js',
  format: 'esm'
})
