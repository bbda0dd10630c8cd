// Print raw, gzip -9 and brotli (quality 11) sizes of the given files.
// Usage: node assets/build/sizes.mjs FILE...
import { readFileSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const kib = (n) => (n / 1024).toFixed(1) + ' KiB'
for (const file of process.argv.slice(2)) {
  const data = readFileSync(file)
  const gzip = gzipSync(data, { level: 9 }).length
  const brotli = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT }
  }).length
  console.log(`${file}: ${data.length} B (${kib(data.length)}) raw, ${gzip} B (${kib(gzip)}) gzip, ${brotli} B (${kib(brotli)}) brotli`)
}
