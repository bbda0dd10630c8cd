// GOV.UK Frontend's character count, loaded by main.js only on pages that have
// one (see initComponents in main.mjs). Bundled to static/js/character-count.js.
import { CharacterCount, createAll } from 'govuk-frontend'

/**
 * @param {Element | Document} scope
 * @param {(error: Error) => void} onError
 */
export function init (scope, onError) {
  createAll(CharacterCount, undefined, { scope, onError })
}
