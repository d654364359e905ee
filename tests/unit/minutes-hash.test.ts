import { describe, expect, it } from 'vitest'
import { canonicalJson, hashRecord, newVerifyCode, normalizeVerifyCode, sealOf, sha256Hex, verifyChain, type ChainVersion } from '~/domain/minutes-hash'

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined, so the same record always hashes the same', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: 'đ' } })).toBe('{"a":{"c":"đ","d":[2,{"z":1}]},"b":1}')
    expect(hashRecord({ x: 1, y: 2 }).hash).toBe(hashRecord({ y: 2, x: 1 }).hash)
  })
  it('refuses values JSON cannot represent', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow()
  })
})

describe('verify codes', () => {
  it('are 8 readable characters with a dash, and typed variants normalise to the same code', () => {
    const code = newVerifyCode(new Uint8Array([7, 19, 3, 23, 20, 29, 9, 10]))
    expect(code).toBe('7K3Q-MX9A')
    expect(normalizeVerifyCode('7k3q mx9a')).toBe('7K3Q-MX9A')
    expect(normalizeVerifyCode('7K3QMX9A')).toBe('7K3Q-MX9A')
    expect(normalizeVerifyCode('abc')).toBeNull()
    expect(normalizeVerifyCode('UUUU-UUUU')).toBeNull()
  })
})

function chain(n: number): ChainVersion[] {
  const out: ChainVersion[] = []
  let prev: string | null = null
  for (let i = 1; i <= n; i++) {
    const { snapshot, hash } = hashRecord({ meeting: i, text: `Biên bản ${i}` })
    const signatures = [
      { role: 'chair', memberId: 'm1', signerName: 'Nguyễn Văn Hùng', signedAt: `2026-0${i}-05T09:00:00.000Z` },
      { role: 'secretary', memberId: 'm2', signerName: 'Trần Thị Bích Ngọc', signedAt: `2026-0${i}-05T09:10:00.000Z` },
    ]
    const sealHash = sealOf({ hash, prevSeal: prev, chainSeq: i, signatures })
    out.push({ id: `v${i}`, meetingId: `m${i}`, meetingLabel: `tháng ${i}`, chainSeq: i, snapshot, hash, prevHash: prev, sealHash, signatures, liveHash: hash })
    prev = sealHash
  }
  return out
}

describe('verifyChain', () => {
  it('accepts an untouched chain', () => {
    expect(verifyChain(chain(4))).toEqual([])
  })
  it('names the meeting whose stored snapshot was edited', () => {
    const c = chain(4)
    c[1].snapshot = c[1].snapshot.replace('Biên bản 2', 'Biên bản 2 (sửa)')
    const problems = verifyChain(c)
    expect(problems[0]).toMatchObject({ meetingId: 'm2', problem: 'nội dung bản đã ký không còn khớp với mã băm đã lưu' })
  })
  it('names the meeting whose live record no longer matches its signed hash', () => {
    const c = chain(3)
    c[2].liveHash = sha256Hex('something else')
    expect(verifyChain(c).map((p) => p.meetingId)).toEqual(['m3'])
  })
  it('detects a re-hashed edit through the next link, and a changed signing time through the seal', () => {
    const c = chain(3)
    const edited = hashRecord({ meeting: 1, text: 'khác' })
    c[0].snapshot = edited.snapshot
    c[0].hash = edited.hash
    c[0].liveHash = edited.hash
    expect(verifyChain(c)[0]).toMatchObject({ meetingId: 'm1', problem: 'chữ ký (người ký, thời điểm ký) không còn khớp với dấu niêm phong' })
    const d = chain(3)
    d[1].signatures[0].signedAt = '2026-02-06T09:00:00.000Z'
    expect(verifyChain(d)[0]).toMatchObject({ meetingId: 'm2' })
  })
  it('detects a removed version', () => {
    const c = chain(3)
    c.splice(1, 1)
    expect(verifyChain(c).length).toBeGreaterThan(0)
    expect(verifyChain(c)[0].meetingId).toBe('m3')
  })
})
