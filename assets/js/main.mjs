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

// 2. htmx settings.
Object.assign(htmx.config, {
  // No <style> injected by htmx (CSP); .htmx-indicator rules are in main.css.
  includeIndicatorStyles: false,
  // No eval (hx-on, js: expressions) and no <script> execution in responses.
  allowEval: false,
  allowScriptTags: false,
  // Only talk to our own origin.
  selfRequestsOnly: true,
  // No page snapshots in sessionStorage: pages of a hate-crime report must not
  // linger in the browser for the next person using the device. Back/forward
  // to an htmx-pushed URL then reloads the page from the server.
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
  // Should a history restore ever be fetched by htmx, ask for the full page,
  // not a fragment (our routes send fragments to HX-Request requests).
  historyRestoreAsHxRequest: false,
  // Give up after 15 s and tell the user (see enhance.mjs).
  timeout: 15000,
  // Swap 422 responses (a form re-rendered with its errors) like 2xx; other
  // 4xx/5xx are not swapped and fire htmx:responseError.
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '422', swap: true },
    { code: '[45]..', swap: false, error: true }
  ]
})
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
