// A tiny stand-in for jQuery's $ inside the folium map document (classic
// script, loaded before the map script). Bundled to static/js/map-shim.js.
// folium (0.20) calls $ in two ways only:
//   $(document).ready(fn) / $(fn)  - run fn once the DOM is ready
//   $(`<div ...>...</div>`)[0]      - popup content: HTML string -> element
// Anything else gets the elements matching a CSS selector.
(function () {
  if (window.$) return
  function ready (fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn)
    else fn()
  }
  window.$ = function (x) {
    if (typeof x === 'function') return ready(x)
    if (typeof x === 'string') {
      if (x.trim().charAt(0) === '<') {
        const template = document.createElement('template')
        template.innerHTML = x.trim()
        return Array.prototype.slice.call(template.content.children)
      }
      return Array.prototype.slice.call(document.querySelectorAll(x))
    }
    return { 0: x, length: 1, ready: ready }
  }
})()
