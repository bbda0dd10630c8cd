// Bundle our JavaScript with esbuild (run from the repository root:
// `npm run build:js`, or scripts/build-assets).
//
//   assets/js/main.mjs     -> static/js/main.js     ES module (govuk-frontend components + htmx)
//   assets/js/locate.mjs   -> static/js/locate.js   ES module ("Use my location")
//   assets/js/map-shim.mjs -> static/js/map-shim.js classic script ($ shim for folium maps)
//
// htmx's ESM build contains one direct `eval(str)` (htmx._, an internal debug
// helper). A direct eval stops esbuild from renaming anything in htmx's scope,
// which costs ~10 KB raw / ~1.5 KB brotli. We rewrite it to an indirect eval,
// `(0, eval)(str)`. With htmx.config.allowEval = false it never runs anyway.
import { readFile } from 'node:fs/promises'
import * as esbuild from 'esbuild'

const htmxIndirectEval = {
  name: 'htmx-indirect-eval',
  setup (build) {
    build.onLoad({ filter: /htmx\.org[\\/]dist[\\/]htmx\.esm\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8')
      const count = source.split('return eval(str)').length - 1
      if (count !== 1) {
        throw new Error(`htmx-indirect-eval: expected one "return eval(str)" in ${args.path}, found ${count}; check the htmx version`)
      }
      return { contents: source.replace('return eval(str)', 'return (0, eval)(str)'), loader: 'js' }
    })
  }
}

const common = {
  bundle: true,
  minify: true,
  target: 'es2017',
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'info'
}

await esbuild.build({
  ...common,
  entryPoints: ['assets/js/main.mjs'],
  outfile: 'static/js/main.js',
  format: 'esm',
  plugins: [htmxIndirectEval]
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
