// Post-process the compiled stylesheet: drop the @media print blocks that only
// restate typography for print (font-family: sans-serif, sizes in pt, line
// heights, colour #000). govuk-frontend's Sass emits one such block for every
// use of its typography/link mixins (~140 of them, ~0.9 KB gzip) and, with our
// system-font stack, they change next to nothing on paper. Print blocks that
// do anything else (the panel's print colours, govuk-!-display-none-print,
// print-friendly links) are kept.
//
// Usage: node assets/build/trim-print.mjs static/css/*.css   (in place)
import { readFileSync, writeFileSync } from 'node:fs'

const files = process.argv.slice(2)
if (!files.length) {
  console.error('usage: trim-print.mjs FILE.css...')
  process.exit(2)
}

// A declaration that only restates typography for print.
const typographyOnly = /^(font-family:sans-serif|font-size:[\d.]+pt|line-height:[\d.]+(px)?|color:#000(000)?)( !important)?$/

// Return the index just after the brace block opening at `open` ("{").
function blockEnd (text, open, file) {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++
    else if (text[i] === '}' && --depth === 0) return i + 1
  }
  throw new Error('unbalanced braces in ' + file)
}

function isTypographyOnly (body) {
  // body: "sel{decl;decl}sel{decl}" (compressed output, no nested at-rules)
  if (body.includes('@')) return false
  const rules = body.match(/[^{}]+\{[^{}]*\}/g) || []
  if (rules.join('') !== body) return false
  return rules.every((rule) => {
    const decls = rule.slice(rule.indexOf('{') + 1, -1).split(';').filter(Boolean)
    return decls.length > 0 && decls.every((d) => typographyOnly.test(d.trim()))
  })
}

for (const file of files) trim(file)

function trim (file) {
  const css = readFileSync(file, 'utf8')
  let out = ''
  let removed = 0
  let kept = 0
  let pos = 0
  for (;;) {
    const at = css.indexOf('@media print{', pos)
    if (at === -1) break
    const open = at + '@media print'.length
    const end = blockEnd(css, open, file)
    const body = css.slice(open + 1, end - 1)
    out += css.slice(pos, at)
    if (isTypographyOnly(body)) removed++
    else {
      out += css.slice(at, end)
      kept++
    }
    pos = end
  }
  out += css.slice(pos)
  writeFileSync(file, out)
  console.log(`trim-print: ${file}: removed ${removed} typography-only print blocks, kept ${kept}; ${css.length} -> ${out.length} bytes`)
}
