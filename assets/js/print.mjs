// "Print this page" on the assisted report's receipt. Bundled to
// static/js/print.js and loaded by that page only. The button is in the page
// with `hidden`: without JavaScript it stays hidden and the page says to use
// the browser's Print instead; with it, the button is shown and prints.
//
//   <button type="button" class="govuk-button govuk-button--secondary" data-st-print hidden>Print this page</button>

for (const button of document.querySelectorAll('[data-st-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
