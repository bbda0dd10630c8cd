// Staff area: the timeout warning and unsent text kept across a sign-in.
// Bundled by esbuild to static/js/staff.js; loaded by staff pages only.
//
// 1. Timeout warning (GOV.UK's timeout-warning pattern). The server ends a
//    session after STAFF_IDLE_MINUTES without a request. Before that, the
//    closed <dialog id="st-timeout"> in the page opens as a modal: it says how
//    long is left, "Stay signed in" POSTs its form (with the CSRF token) and
//    restarts the clock, "Sign out" signs out. Escape counts as "Stay signed
//    in". When the time is up, the page is loaded again: the server sees the
//    ended session and sends the browser to sign-in and back here.
//    Activity in other tabs counts too (a timestamp in localStorage).
// 2. Unsent text. Text areas marked data-st-keep (the triage note) are copied
//    to sessionStorage as the person types, keyed by the page's path, so a
//    note being written when the session ends is back in its box after
//    signing in again. The copy is removed once the note is sent, and every
//    copy is removed on sign-out. It never goes into a URL or a log, and it
//    stays in this tab only (sessionStorage).
//
// Without JavaScript none of this runs and nothing else changes.

const ACTIVE = 'st-staff-active'
const DRAFT = 'st-draft:'
// Reload a little after the server's timeout, so the session has surely ended
// (otherwise a reload would count as activity and keep it alive).
const MARGIN_MS = 3000

const dialog = document.querySelector('[data-st-timeout]')

// ---- unsent text ----------------------------------------------------------

function store () {
  try {
    return window.sessionStorage
  } catch {
    return null // storage switched off: nothing is kept, nothing breaks
  }
}

const draftKey = (field) => DRAFT + window.location.pathname + '#' + (field.id || field.name)

/** Keep the text areas inside `scope`: restore on a full page load, forget once sent. */
function keepFields (scope, afterSwap) {
  const storage = store()
  if (!storage) return
  const fields = []
  if (scope.matches?.('textarea[data-st-keep]')) fields.push(scope)
  fields.push(...scope.querySelectorAll('textarea[data-st-keep]'))
  for (const field of fields) {
    const key = draftKey(field)
    const saved = storage.getItem(key)
    if (afterSwap) {
      // A swapped-in empty box means the server took the note: forget the copy.
      // A box sent back with the text (an error) keeps it.
      if (!field.value) storage.removeItem(key)
    } else if (saved && !field.value) {
      field.value = saved
      field.dispatchEvent(new Event('input', { bubbles: true })) // update the character count
    }
    if (field.dataset.stKept) continue
    field.dataset.stKept = '1'
    field.addEventListener('input', () => {
      if (field.value) storage.setItem(key, field.value)
      else storage.removeItem(key)
    })
  }
}

function forgetDrafts () {
  const storage = store()
  if (!storage) return
  for (const key of Object.keys(storage)) {
    if (key.startsWith(DRAFT)) storage.removeItem(key)
  }
}

keepFields(document, false)
document.addEventListener('htmx:after:settle', (event) => {
  if (event.target instanceof Element) keepFields(event.target, true)
})
// Signing out (here, in the warning, or everywhere) forgets every kept text.
document.addEventListener('submit', (event) => {
  if (event.target instanceof Element && event.target.matches('[data-st-sign-out]')) forgetDrafts()
}, true)

// ---- timeout warning ------------------------------------------------------

if (dialog && typeof dialog.showModal === 'function') {
  const idleMs = Number(dialog.dataset.idleSeconds) * 1000
  const warnMs = Number(dialog.dataset.warnSeconds) * 1000
  const countdown = dialog.querySelector('[data-st-countdown]')
  const announce = dialog.querySelector('[data-st-announce]')
  const stay = dialog.querySelector('[data-st-stay]')
  let lastActive = Date.now()
  let timer = 0
  let spoken = ''

  const shared = () => {
    try {
      return Number(window.localStorage.getItem(ACTIVE)) || 0
    } catch {
      return 0
    }
  }
  const touch = () => {
    lastActive = Date.now()
    try {
      window.localStorage.setItem(ACTIVE, String(lastActive))
    } catch {}
    tick()
  }

  const words = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000))
    const [n, one, many] = seconds >= 60
      ? [Math.ceil(seconds / 60), 'minute', 'minutes']
      : [seconds, 'second', 'seconds']
    return dialog.dataset[n === 1 ? one : many].replace('{n}', String(n))
  }
  // What a screen reader hears: whole minutes, then 30 and 10 seconds.
  const milestone = (ms) => {
    const seconds = Math.ceil(ms / 1000)
    if (seconds > 60) return words(Math.ceil(seconds / 60) * 60000)
    return words((seconds > 30 ? 60 : seconds > 10 ? 30 : 10) * 1000)
  }

  const expire = () => {
    window.clearTimeout(timer)
    window.location.assign(dialog.dataset.return || window.location.href)
  }

  function tick () {
    window.clearTimeout(timer)
    lastActive = Math.max(lastActive, shared())
    const left = lastActive + idleMs - Date.now()
    if (left <= -MARGIN_MS) return expire()
    if (left > warnMs) {
      if (dialog.open) dialog.close()
      spoken = ''
      timer = window.setTimeout(tick, left - warnMs)
      return
    }
    if (!dialog.open) {
      dialog.showModal()
      dialog.focus() // the dialog itself: its name and description are read out
    }
    countdown.textContent = words(left)
    const heard = milestone(left)
    if (heard !== spoken && left > 0) {
      spoken = heard
      announce.textContent = dialog.querySelector('#st-timeout-text').textContent
        .replace(countdown.textContent, heard).replace(/\s+/g, ' ').trim()
    }
    timer = window.setTimeout(tick, Math.min(1000, Math.max(left + MARGIN_MS, 50)))
  }

  async function staySignedIn () {
    try {
      const response = await fetch(stay.action, {
        method: 'POST',
        body: new FormData(stay),
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
        redirect: 'manual'
      })
      if (!response.ok) return expire() // ended already (sent to sign-in) or a stale form
      dialog.close()
      touch()
    } catch {
      // Offline: leave the warning open; the next tick tries nothing until the time is up.
    }
  }

  stay.addEventListener('submit', (event) => {
    event.preventDefault()
    staySignedIn()
  })
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault() // Escape: stay signed in, as the pattern asks
    staySignedIn()
  })
  // Every request to the server keeps the session alive: restart the clock.
  document.addEventListener('htmx:before:request', touch)
  window.addEventListener('storage', (event) => {
    if (event.key === ACTIVE) tick()
  })
  touch()
}
