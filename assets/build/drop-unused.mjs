// Post-process the public sections' compiled sheets: drop the rules of
// GOV.UK Frontend variants and parts that no template, macro call or script of
// ours produces (see UNUSED), so each public page's first round trip stays
// small. A selector is dropped when it needs one of these classes (outside
// :not()) to match; a rule goes
// when all its selectors do. The full sheet (main.css, staff) is left whole.
// tests/integration/test_page_weight.py checks that every class a public page
// uses that the full sheet styles is still styled by the page's own sheet.
// Before using one of these classes in a public template, take it out of UNUSED.
//
// Usage: node assets/build/drop-unused.mjs static/css/site.css ...   (in place)
import { readFileSync, writeFileSync } from 'node:fs'

const UNUSED = [
  // Summary cards (govukSummaryList "card"), section breaks, rebranded template
  'govuk-summary-card(__[\\w-]+)?',
  'govuk-section-break(--[\\w-]+)?',
  'govuk-template--rebranded',
  // Pagination: ours is previous/next links only (no numbered list, no icons, no block layout)
  'govuk-pagination--block',
  'govuk-pagination__(list|item|icon|link-label|link-title--decorated)(--[\\w-]+)?',
  // Variants for dark backgrounds, extra-large sizes and layouts we do not use
  'govuk-[\\w-]+--inverse',
  'govuk-(caption|label|fieldset__legend|table__caption)(-|--)xl',
  'govuk-(body-lead|body-xs|link-image|link--muted|link--text-colour|list--spaced|clearfix)',
  'govuk-main-wrapper--(l|auto-spacing)',
  'govuk-grid-column-[\\w-]+-from-desktop',
  'govuk-grid-column-(one-quarter|three-quarters)',
  'govuk-visually-hidden-focusable',
  'govuk-input__(prefix|suffix)',
  'govuk-input--extra-letter-spacing'
]
const unused = new RegExp(`\\.(${UNUSED.join('|')})(?![\\w-])`)

// Split "a,b:not(.c,.d)" at top-level commas only.
function selectors (text) {
  const parts = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++
    else if (text[i] === ')') depth--
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}

// Index just after the block that opens at `open` ("{").
function blockEnd (text, open) {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++
    else if (text[i] === '}' && --depth === 0) return i + 1
  }
  throw new Error('unbalanced braces')
}

// Compressed CSS: a list of "prelude{body}" blocks; @media/@supports bodies hold rules.
function purge (css) {
  let out = ''
  let pos = 0
  while (pos < css.length) {
    const open = css.indexOf('{', pos)
    if (open === -1) {
      out += css.slice(pos)
      break
    }
    const prelude = css.slice(pos, open)
    const end = blockEnd(css, open)
    const body = css.slice(open + 1, end - 1)
    if (prelude.startsWith('@media') || prelude.startsWith('@supports')) {
      const inner = purge(body)
      if (inner) out += `${prelude}{${inner}}`
    } else if (prelude.startsWith('@')) {
      out += css.slice(pos, end)
    } else {
      // A class inside :not() is not needed for the selector to match: keep those.
      const kept = selectors(prelude).filter((s) => !unused.test(s.replace(/:not\([^()]*\)/g, '')))
      if (kept.length) out += `${kept.join(',')}{${body}}`
    }
    pos = end
  }
  return out
}

const files = process.argv.slice(2)
if (!files.length) {
  console.error('usage: drop-unused.mjs FILE.css...')
  process.exit(2)
}
for (const file of files) {
  const css = readFileSync(file, 'utf8')
  const out = purge(css)
  writeFileSync(file, out)
  console.log(`drop-unused: ${file}: ${css.length} -> ${out.length} bytes`)
}
