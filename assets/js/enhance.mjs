// What happens after htmx swaps content in, and when a request fails.
//
// After every swap (htmx 4's htmx:after:settle):
//   - GOV.UK Frontend components in the new content are initialised;
//   - document.title is taken from a data-st-title attribute on the swapped
//     element (or inside it), if there is one;
//   - focus moves, as a page load would move it: to the error summary if the
//     new content has one, else to the element marked data-st-focus, else to
//     its <h1> (given tabindex="-1", removed again on blur). Unless a form was
//     submitted (the user asked for the result: Enter or a button), focus is
//     left alone while the user is typing in a field that is still on the
//     page (e.g. a search-as-you-type box), and when the swapped element has
//     data-st-no-focus (filters applied on change: moving focus then would be
//     an unexpected change of context, WCAG 3.2.2).
//
// When a request fails (htmx:error: network failure or timeout;
// htmx:response:error with status >= 500) the element #st-connection-error (hidden by default with the
// `hidden` attribute) is shown with the text of its data-message attribute and
// focused. Nothing the user typed is touched (htmx does not swap on errors).
// It is hidden again when the next request starts.

const FIELD =
  'textarea,select,[contenteditable=""],[contenteditable="true"],' +
  'input:not([type=button]):not([type=submit]):not([type=reset])' +
  ':not([type=checkbox]):not([type=radio]):not([type=hidden]):not([type=image])'

/** Find the first element matching `selector` in `elts` (themselves or inside). */
function find (elts, selector) {
  for (const elt of elts) {
    if (elt.matches(selector)) return elt
    const found = elt.querySelector(selector)
    if (found) return found
  }
  return null
}

/** Focus an element that may not be focusable by default. */
export function focus (el) {
  if (!el.hasAttribute('tabindex')) {
    el.setAttribute('tabindex', '-1')
    el.addEventListener('blur', () => el.removeAttribute('tabindex'), { once: true })
  }
  el.focus()
}

/** True while the user is typing in a field that is on the page. */
function typing () {
  const active = document.activeElement
  return !!active && active.isConnected && active.matches(FIELD)
}

/**
 * @param {object} htmx - the htmx object
 * @param {(scope: Element) => void} initComponents - initialises GOV.UK components in a scope
 */
export function enhance (htmx, initComponents) {
  // One swap can settle several elements (outerHTML, out-of-band swaps): they
  // all fire htmx:after:settle synchronously, so collect them and handle them
  // together once.
  let settled = []
  // Whether the request behind the swap came from submitting a form.
  let submitted = false

  function afterSwap () {
    const elts = settled.filter((elt) => elt.isConnected)
    settled = []
    if (!elts.length) return

    for (const elt of elts) {
      // createAll only searches inside its scope, so start from the parent
      // when the swapped element is itself a component root.
      const scope = elt.matches('[data-module]') && elt.parentElement ? elt.parentElement : elt
      initComponents(scope)
    }

    const titled = find(elts, '[data-st-title]')
    if (titled) document.title = titled.getAttribute('data-st-title')

    if (!submitted && elts.some((elt) => elt.hasAttribute('data-st-no-focus'))) return
    const target =
      find(elts, '.govuk-error-summary:not([hidden])') ||
      (typing() && !submitted ? null : find(elts, '[data-st-focus]') || find(elts, 'h1'))
    if (target) focus(target)
  }

  htmx.on('htmx:after:settle', (event) => {
    const elt = event.target
    if (!(elt instanceof Element)) return
    if (!settled.length) Promise.resolve().then(afterSwap)
    settled.push(elt)
  })

  // Connection problems
  const box = () => document.getElementById('st-connection-error')

  function showConnectionError () {
    const el = box()
    if (!el) return
    const message = el.getAttribute('data-message')
    if (message) el.textContent = message
    el.hidden = false
    if (!typing()) focus(el)
  }

  htmx.on('htmx:error', (event) => {
    // A request that failed to reach us (or timed out), not a failed swap.
    if (event.detail && event.detail.ctx) showConnectionError()
  })
  htmx.on('htmx:response:error', (event) => {
    const response = event.detail && event.detail.ctx && event.detail.ctx.response
    if (response && response.status >= 500) showConnectionError()
  })
  htmx.on('htmx:before:request', (event) => {
    const ctx = event.detail && event.detail.ctx
    submitted = !!(ctx && ctx.sourceEvent && ctx.sourceEvent.type === 'submit')
    const el = box()
    if (el) el.hidden = true
  })
}
