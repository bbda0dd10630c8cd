// Stand Together — main script. Bundled by esbuild to static/js/main.js and
// loaded by every page as <script type="module" src="/static/js/main.js">.
//
// Everything here is an enhancement: every flow works with JavaScript off.
// No inline scripts or styles are needed (strict CSP: script-src 'self').
//
// Load it from the initial HTML as a module script (deferred, so it runs
// before DOMContentLoaded): htmx reads its config when the DOM is ready, and
// the settings below must be in place by then.

// Only the GOV.UK Frontend components we use; esbuild drops the rest
// (govuk-frontend's package.json has "sideEffects": false).
import {
  Button,
  Checkboxes,
  ErrorSummary,
  ExitThisPage,
  NotificationBanner,
  Radios,
  SkipLink,
  createAll
} from 'govuk-frontend'
import htmx from 'htmx.org/dist/htmx.esm.js'
import { enhance } from './enhance.mjs'

// 1. GOV.UK Frontend 5 only initialises components when <body> has this class
//    (normally set by an inline script, which our CSP forbids).
document.body.classList.add('govuk-frontend-supported')

// 2. htmx settings (htmx 4).
// htmx adds its indicator styles as a constructed stylesheet when it is
// imported; ours are in main.css, so take its sheet out again.
if (htmx.indicatorStyleSheet) {
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== htmx.indicatorStyleSheet)
}
Object.assign(htmx.config, {
  includeIndicatorCSS: false,
  // Only talk to our own origin (the default, stated here on purpose).
  mode: 'same-origin',
  // No page snapshots anywhere: pages of a hate-crime report must not linger
  // in the browser for the next person using the device. Back/forward to an
  // htmx-pushed URL reloads the page from the server.
  history: 'reload',
  // Give up after 15 s and tell the user (see enhance.mjs).
  defaultTimeout: 15000,
  // Swap 2xx/3xx and 422 (a form re-rendered with its errors); other 4xx and
  // 5xx are not swapped (enhance.mjs shows the connection message for 5xx).
  noSwap: noSwapStatuses()
})

/** Every 4xx except 422, all 5xx, and 204/304, as htmx 4 status patterns. */
function noSwapStatuses () {
  const list = [204, 304, '5xx']
  for (let d = 0; d < 10; d++) {
    if (d !== 2) list.push('4' + d + 'x')
    if (d !== 2) list.push('42' + d)
  }
  return list
}
window.htmx = htmx

// 3. GOV.UK Frontend components (again in content swapped in by htmx).
const components = [
  Button,
  Checkboxes,
  ErrorSummary,
  ExitThisPage,
  NotificationBanner,
  Radios,
  SkipLink
]

/**
 * Initialise our GOV.UK Frontend components inside `scope`.
 * Components already initialised there are skipped (their InitError is
 * expected and ignored); other errors are logged.
 *
 * @param {Element | Document} scope
 */
function initComponents (scope) {
  const onError = (error) => {
    if (!error || error.name !== 'InitError') console.log(error)
  }
  for (const Component of components) {
    createAll(Component, undefined, { scope, onError })
  }
  // The character count is only on a few pages: it is a module of its own
  // (static/js/character-count.js, URL in <meta name="st-character-count">),
  // loaded when a page or swapped-in content has one, so other pages stay light.
  const source = document.querySelector('meta[name="st-character-count"]')
  if (source && (scope.matches?.('[data-module="govuk-character-count"]') ||
      scope.querySelector('[data-module="govuk-character-count"]'))) {
    import(source.content).then((module) => module.init(scope, onError), onError)
  }
}

initComponents(document)

// 4. htmx swap handling: re-initialise, move focus, title, connection errors.
enhance(htmx, initComponents)
