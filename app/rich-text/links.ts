// Link rules shared by the editor (Link.isAllowedUri), the server validator and the HTML renderer.
// Allow-list, not block-list: a link is an absolute http(s) URL or a mailto: address, written exactly so,
// without whitespace or control characters anywhere. Everything else ("javascript:", "data:",
// "java\tscript:", " javascript:", "&#106;avascript:", relative paths...) is refused, so no decoding of
// entities or case tricks can turn an accepted href into something else.

export const MAX_HREF_LENGTH = 2048

/** Resolution (document) ids end up in a URL path: UUIDv7 or any short slug-like id. */
const RESOLUTION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

// \s covers Unicode spaces; the ranges cover C0/C1 controls and DEL.
// eslint-disable-next-line no-control-regex
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f]/

export function isSafeHref(href: unknown): href is string {
  if (typeof href !== 'string' || href.length === 0 || href.length > MAX_HREF_LENGTH) return false
  if (WHITESPACE_OR_CONTROL.test(href)) return false
  const lower = href.toLowerCase()
  if (lower.startsWith('mailto:')) return href.length > 'mailto:'.length
  if (!lower.startsWith('http://') && !lower.startsWith('https://')) return false
  try {
    const url = new URL(href)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0
  } catch {
    return false
  }
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i
const EMAIL = /^[^\s@/:<>"]+@[^\s@/:<>"]+\.[^\s@/:<>"]+$/
const BARE_DOMAIN = /^[^\s/:?#@<>"]+\.[a-z]{2,}(?:[:/?#]\S*)?$/i

/**
 * Turns what someone typed into the link dialog into a safe href, or null when it cannot be one:
 * "thuvienphapluat.vn/van-ban" → "https://thuvienphapluat.vn/van-ban", "a@b.vn" → "mailto:a@b.vn".
 */
export function normalizeHref(input: string): string | null {
  const value = input.trim()
  if (value === '') return null
  if (isSafeHref(value)) return value
  if (HAS_SCHEME.test(value)) return null
  if (EMAIL.test(value)) return isSafeHref(`mailto:${value}`) ? `mailto:${value}` : null
  if (BARE_DOMAIN.test(value)) return isSafeHref(`https://${value}`) ? `https://${value}` : null
  return null
}

export function isValidResolutionId(id: unknown): id is string {
  return typeof id === 'string' && RESOLUTION_ID.test(id)
}

/** Shows a refused href in an error message: control characters made visible, long values cut. */
export function describeHref(href: unknown): string {
  if (typeof href !== 'string') return String(href)
  const shown = JSON.stringify(href).slice(1, -1)
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown
}
