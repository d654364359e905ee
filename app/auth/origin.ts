// CSRF defence: a state-changing request must come from this site's own pages.

export type OriginInput = {
  origin?: string | null
  referer?: string | null
  host: string
  protocol: string
  /** Requests authenticated by a bearer token (API clients) carry no cookies and need no Origin. */
  authorization?: string | null
}

export function originAllowed(input: OriginInput): boolean {
  if (input.authorization?.toLowerCase().startsWith('bearer ')) return true
  const source = input.origin && input.origin !== 'null' ? input.origin : input.referer
  if (!source) return false
  try {
    const url = new URL(source)
    return url.host === input.host
  } catch {
    return false
  }
}
