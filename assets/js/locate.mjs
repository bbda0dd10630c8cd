// "Use my location" for the centre finder. Bundled to static/js/locate.js and
// loaded as <script type="module" src="/static/js/locate.js"> on pages that
// have such a form. Without JavaScript (or geolocation) the button stays
// hidden and the postcode/town search works as usual.
//
// Markup (messages come from the server, translated):
//
//   <form action="/centres" method="get" data-st-locate
//         data-st-msg-busy="Finding your location…"
//         data-st-msg-denied="You did not allow us to use your location. Search by postcode or town instead."
//         data-st-msg-unavailable="We could not find your location. Search by postcode or town instead."
//         data-st-msg-timeout="Finding your location took too long. Try again, or search by postcode or town.">
//     ... postcode/town field, search button ...
//     <input type="hidden" name="lat"> <input type="hidden" name="lon">   (created if missing)
//     <button type="button" class="govuk-button govuk-button--secondary"
//             data-st-locate-button hidden>Use my location</button>
//     <p class="govuk-hint" data-st-locate-status role="status"></p>   (created if missing)
//   </form>
//
// On click: asks the browser for the position, fills lat/lon (rounded to 3
// decimal places, about 100 m: enough to find the nearest centre, and no more
// precise than needed), then submits the form with form.requestSubmit(), so
// htmx (hx-get/hx-boost) handles it if present. If the button is a submit
// button it is passed as the submitter, so its name=value is sent too.
// On failure a message from the form's data-st-msg-* attributes is shown.

const DECIMALS = 3

function field (form, name) {
  let input = form.querySelector(`input[name="${name}"]`)
  if (!input) {
    input = document.createElement('input')
    input.type = 'hidden'
    input.name = name
    form.appendChild(input)
  }
  return input
}

function setup (form) {
  const button = form.querySelector('[data-st-locate-button]')
  if (!button) return
  let status = form.querySelector('[data-st-locate-status]')
  if (!status) {
    // A live region must exist before its text changes to be announced.
    status = document.createElement('p')
    status.className = 'govuk-hint'
    status.setAttribute('role', 'status')
    status.setAttribute('data-st-locate-status', '')
    button.insertAdjacentElement('afterend', status)
  }
  const say = (key) => {
    status.textContent = form.getAttribute('data-st-msg-' + key) || ''
  }
  let busy = false

  button.addEventListener('click', (event) => {
    event.preventDefault()
    if (busy) return
    busy = true
    button.setAttribute('aria-disabled', 'true')
    say('busy')
    navigator.geolocation.getCurrentPosition(
      (position) => {
        busy = false
        button.removeAttribute('aria-disabled')
        field(form, 'lat').value = position.coords.latitude.toFixed(DECIMALS)
        field(form, 'lon').value = position.coords.longitude.toFixed(DECIMALS)
        status.textContent = ''
        // Server-side validation decides; do not let an empty required
        // postcode field block a location search.
        const noValidate = form.noValidate
        form.noValidate = true
        if (form.requestSubmit) {
          if (button.type === 'submit') form.requestSubmit(button)
          else form.requestSubmit()
        } else {
          form.submit()
        }
        form.noValidate = noValidate
      },
      (error) => {
        busy = false
        button.removeAttribute('aria-disabled')
        say(error.code === 1 ? 'denied' : error.code === 3 ? 'timeout' : 'unavailable')
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 }
    )
  })

  button.hidden = false
}

if ('geolocation' in navigator) {
  document.querySelectorAll('form[data-st-locate]').forEach(setup)
}
