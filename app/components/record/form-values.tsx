// The minute-taker's forms exchange flat string maps (what a <form> posts). These functions turn the
// stored record into those maps; the page, its autosave and the sync endpoint (its conflict answers)
// all use them, so "what the form started from" and "what is stored" compare like for like.
import type { RichText } from '~/rich-text/types'
import { formatTime, toIsoDate } from '~/domain/vn-date'

export type Values = Record<string, string>

export const docString = (doc: RichText | null | undefined): string => (doc ? JSON.stringify(doc) : '')

export function parseDoc(value: string | undefined | null): RichText | null {
  if (!value) return null
  try {
    return JSON.parse(value) as RichText
  } catch {
    return null
  }
}

export function attendanceValues(a: { status: string; reason: string | null; confirmed: boolean }): Values {
  return { status: a.confirmed ? a.status : '', reason: a.reason ?? '' }
}

export function guestValues(g: { name: string; title: string | null; unit: string | null; isUpperRep: boolean }): Values {
  return { name: g.name, title: g.title ?? '', unit: g.unit ?? '', isUpperRep: g.isUpperRep ? '1' : '' }
}

export function speechValues(s: { speaker: string; gist: RichText | null }): Values {
  return { speaker: s.speaker, gist: docString(s.gist) }
}

export function conclusionValues(conclusion: RichText | null): Values {
  return { conclusion: docString(conclusion) }
}

export function taskValues(t: { memberId: string | null; text: string; dueOn: string | null }): Values {
  return { memberId: t.memberId ?? '', text: t.text, dueOn: t.dueOn ?? '' }
}

export function qualityValues(criteria: { key: string }[], scores: Record<string, number>): Values {
  return Object.fromEntries(criteria.map((c) => [`score.${c.key}`, scores[c.key] === undefined ? '' : String(scores[c.key]).replace('.', ',')]))
}

export function headerValues(m: { chairMemberId: string | null; secretaryMemberId: string | null; startedAt: string | null }): Values {
  return {
    chairMemberId: m.chairMemberId ?? '',
    secretaryMemberId: m.secretaryMemberId ?? '',
    startDate: m.startedAt ? toIsoDate(m.startedAt) : '',
    startTime: m.startedAt ? formatTime(m.startedAt) : '',
  }
}

/** "7,5" or "7.5" → 7.5; blank or not a number → null. */
export function parsePoints(value: string | undefined): number | null {
  const v = (value ?? '').trim().replace(',', '.')
  if (v === '' || !/^\d+(\.\d+)?$/.test(v)) return null
  return Number(v)
}

/** A whole count typed by a person: "12" → 12; blank → null; anything else → NaN (refused with a message). */
export function parseCount(value: string | undefined): number | null {
  const v = (value ?? '').trim()
  if (v === '') return null
  return /^\d+$/.test(v) ? Number(v) : Number.NaN
}

export function sameValues(a: Values, b: Values): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const k of keys) if ((a[k] ?? '') !== (b[k] ?? '')) return false
  return true
}
