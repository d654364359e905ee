import { describe, expect, test } from 'vitest'
import { originAllowed, type OriginInput } from '~/auth/origin'

const site = { host: 'sochibo.local:3000', protocol: 'http' }
const check = (input: Partial<OriginInput>) => originAllowed({ ...site, ...input })

describe('originAllowed: a form post must come from this site', () => {
  test('same host is accepted', () => {
    expect(check({ origin: 'http://sochibo.local:3000' })).toBe(true)
  })

  test('another host is refused, including another port or a look-alike name', () => {
    expect(check({ origin: 'https://evil.example' })).toBe(false)
    expect(check({ origin: 'http://sochibo.local:4000' })).toBe(false)
    expect(check({ origin: 'http://sochibo.local:3000.evil.example' })).toBe(false)
  })

  test('an Origin that is not a URL is refused', () => {
    expect(check({ origin: 'sochibo.local:3000' })).toBe(false)
  })

  test('without Origin, the Referer decides', () => {
    expect(check({ referer: 'http://sochibo.local:3000/meetings/1' })).toBe(true)
    expect(check({ origin: null, referer: 'https://evil.example/form' })).toBe(false)
  })

  test('neither Origin nor Referer → refused', () => {
    expect(check({})).toBe(false)
    expect(check({ origin: null, referer: null })).toBe(false)
    expect(check({ origin: '', referer: '' })).toBe(false)
  })

  test('an opaque "null" Origin is not trusted by itself: only a same-site Referer lets it through', () => {
    expect(check({ origin: 'null' })).toBe(false)
    expect(check({ origin: 'null', referer: 'https://evil.example/' })).toBe(false)
    expect(check({ origin: 'null', referer: 'http://sochibo.local:3000/account' })).toBe(true)
  })

  test('a request with a bearer token (no cookies, API client) needs no Origin', () => {
    expect(check({ authorization: 'Bearer abc123' })).toBe(true)
    expect(check({ authorization: 'bearer abc123', origin: 'https://evil.example' })).toBe(true)
  })

  test('other Authorization schemes do not skip the check', () => {
    expect(check({ authorization: 'Basic dXNlcjpwYXNz' })).toBe(false)
    expect(check({ authorization: 'Bearer', origin: 'https://evil.example' })).toBe(false)
  })
})
