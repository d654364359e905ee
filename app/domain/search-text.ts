// Pure text logic of full-text search (issue 7 item 4, ADR on search): folding Vietnamese text the
// way the index stores it while remembering where each folded character came from, turning what a
// user typed into a safe FTS5 MATCH expression, and cutting highlighted snippets out of the original
// text. No I/O; app/models/search.server.ts does the database work.
import { SUBTREE_ROLES, type Grant } from './permissions'

/** What search covers (criticism items never: they are confidential). */
export const SEARCH_KINDS = ['agenda', 'minutes', 'document', 'contribution', 'remark'] as const
export type SearchKind = (typeof SEARCH_KINDS)[number]
export const SEARCH_KIND_LABELS: Record<SearchKind, string> = {
  agenda: 'Chương trình',
  minutes: 'Biên bản',
  document: 'Nghị quyết / văn bản',
  contribution: 'Ý kiến đóng góp',
  remark: 'Nhận xét kiểm tra',
}
export function isSearchKind(value: unknown): value is SearchKind {
  return typeof value === 'string' && (SEARCH_KINDS as readonly string[]).includes(value)
}

// ---------------------------------------------------------------------------------------------
// Folding

/**
 * One character folded: lower case, diacritics removed, đ/Đ → d ("Ế" → "e"). Agrees with
 * `foldVietnamese` in app/utils/text.ts character by character (that one also collapses spaces).
 */
function foldChar(ch: string): string {
  if (ch === 'đ' || ch === 'Đ') return 'd'
  const code = ch.charCodeAt(0)
  if (code < 0x80) return ch.toLowerCase()
  return ch
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, '')
}

export type FoldedText = {
  /** The folded text: "Nghị quyết" → "nghi quyet". Whitespace is kept as it is. */
  folded: string
  /**
   * `map[i]` is the offset in the original text of the character that produced `folded[i]`;
   * `map[folded.length]` is the original length. A match [s, e) in the folded text is
   * [map[s], map[e]) in the original — combining marks of decomposed input stay with their letter.
   */
  map: number[]
}

/** Folds text character by character, keeping the way back to the original positions. */
export function foldWithMap(text: string): FoldedText {
  let folded = ''
  const map: number[] = []
  let offset = 0
  for (const ch of text) {
    const f = foldCharCached(ch)
    for (let k = 0; k < f.length; k++) map.push(offset)
    folded += f
    offset += ch.length
  }
  map.push(text.length)
  return { folded, map }
}

const foldedChars = new Map<string, string>()
/** foldChar, remembered: the index folds gigabytes of text made of a few hundred distinct letters. */
function foldCharCached(ch: string): string {
  let f = foldedChars.get(ch)
  if (f === undefined) {
    f = foldChar(ch)
    if (foldedChars.size < 10_000) foldedChars.set(ch, f)
  }
  return f
}

/**
 * The folded form used for queries and the vocabulary (positions not needed): the same string as
 * foldWithMap(text).folded, touching only non-ASCII characters (cached) and lower-casing the rest at
 * once. Character by character where lower-casing depends on the context (Greek capital sigma).
 */
export function foldText(text: string): string {
  if (!/[^\0-\x7f]/.test(text)) return text.toLowerCase()
  if (text.includes('Σ')) return foldWithMap(text).folded
  return text.replace(/[^\0-\x7f]/gu, foldCharCached).toLowerCase()
}

/**
 * What is handed to the index: the text with đ/Đ → d and nothing else. The index's tokenizer
 * (`unicode61 remove_diacritics 2`) lower-cases and removes every other Vietnamese diacritic itself
 * — exactly as foldText does (checked letter by letter in tests/unit/search-text.test.ts) — but
 * treats đ as a letter of its own. Folding gigabytes in JavaScript first would only repeat its work.
 */
export function indexText(text: string): string {
  return text.replace(/[đĐ]/g, 'd')
}

/** What FTS5's unicode61 tokenizer treats as one token: a run of letters and digits. */
const TOKEN_RE = /[\p{L}\p{N}]+/gu

function tokensOf(folded: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = []
  for (const m of folded.matchAll(TOKEN_RE)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length })
  return out
}

/** The distinct words of folded text as the index's tokenizer sees them (for the vocabulary). */
export function wordsOf(folded: string): Set<string> {
  const words = new Set<string>()
  for (const m of folded.matchAll(TOKEN_RE)) words.add(m[0])
  return words
}

// ---------------------------------------------------------------------------------------------
// Queries

/** One word of the query: its tokens in order ("22-NQ/TW" → 22, nq, tw), matched as a phrase. */
export type SearchTerm = {
  tokens: string[]
  prefix: boolean
  /**
   * For a prefix term: the indexed words its last token may complete to ("phi" → phi, phien, phieu),
   * looked up in the index's vocabulary. Matched as exact words OR-ed together, because FTS5's own
   * `"phi"*` reads and merges every matching word's whole doclist — its cost grows with the index,
   * whatever the scope — while exact words are found by seeking.
   */
  expansions?: string[]
}

export type ParsedQuery =
  | { status: 'ok'; terms: SearchTerm[] }
  | { status: 'empty' | 'too_short'; terms: []; hint: string }

export const MAX_QUERY_LENGTH = 200
export const MAX_QUERY_TERMS = 10
/** Fewer letters and digits than this in the whole query is refused (one letter matches everything). */
export const MIN_QUERY_CHARS = 2
/** The last word is matched as a prefix ("nghi quy" finds "nghị quyết") from this length on. */
export const MIN_PREFIX_LENGTH = 3
const MAX_TOKEN_LENGTH = 64

export const QUERY_HINTS = {
  empty: 'Hãy gõ từ cần tìm, ví dụ: nghi quyet 22.',
  too_short: 'Từ cần tìm quá ngắn. Hãy gõ ít nhất 2 chữ cái hoặc chữ số, ví dụ: nghi quyet 22.',
} as const

/**
 * What the user typed → the words to find, each folded and split into tokens. Every word must occur
 * (AND). The last word is a prefix unless it is short, a number ("3" must not find "30") or followed
 * by a space (the user finished it). Punctuation and FTS5 syntax (quotes, *, ^, :, parentheses,
 * AND/OR/NOT/NEAR) are never operators: they are dropped or become ordinary words.
 */
export function parseSearchQuery(raw: string | null | undefined): ParsedQuery {
  const input = (raw ?? '').slice(0, MAX_QUERY_LENGTH)
  if (!input.trim()) return { status: 'empty', terms: [], hint: QUERY_HINTS.empty }
  const seen = new Set<string>()
  const terms: SearchTerm[] = []
  for (const word of input.split(/\s+/)) {
    const tokens = tokensOf(foldText(word)).map((t) => t.text.slice(0, MAX_TOKEN_LENGTH))
    if (tokens.length === 0) continue
    const key = tokens.join(' ')
    if (seen.has(key)) continue
    seen.add(key)
    terms.push({ tokens, prefix: false })
  }
  const chars = terms.reduce((n, t) => n + t.tokens.join('').length, 0)
  if (terms.length === 0 || chars < MIN_QUERY_CHARS) return { status: 'too_short', terms: [], hint: QUERY_HINTS.too_short }
  const kept = terms.slice(0, MAX_QUERY_TERMS)
  const last = kept[kept.length - 1]
  const lastToken = last.tokens[last.tokens.length - 1]
  const typedOn = terms.length <= MAX_QUERY_TERMS && !/\s$/.test(input)
  if (typedOn && lastToken.length >= MIN_PREFIX_LENGTH && !/^\d+$/.test(lastToken)) last.prefix = true
  return { status: 'ok', terms: kept }
}

/** An FTS5 string literal: the only way user text ever reaches MATCH. */
export function ftsString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`
}

/** The visibility tokens of the index's `scope` column (see scopeText). */
const scopeId = (orgId: string) => orgId.toLowerCase().replace(/[^0-9a-z]/g, '')
export const scopeSelf = (orgId: string) => `s${scopeId(orgId)}`
export const scopeUnder = (orgId: string) => `a${scopeId(orgId)}`

/**
 * The `scope` column of an indexed row held by the organisation at `orgPath` ("/root/…/self/"):
 * "s<self>" and "a<id>" for itself and every ancestor. A MATCH on these narrows the search to the
 * organisations a user has grants on inside the index, before any row is read (DESIGN §8).
 */
export function scopeText(orgPath: string): string {
  const ids = orgPath.split('/').filter(Boolean)
  const self = ids[ids.length - 1]
  return [self ? scopeSelf(self) : '', ...ids.map(scopeUnder)].filter(Boolean).join(' ')
}

/**
 * The scope tokens that cover everything a user with these grants could possibly read: the
 * organisation of a cell-level grant, the subtree of an admin or inspector grant, and every
 * ancestor's own register (documents flow down). A superset: the exact rules run in SQL afterwards.
 */
export function scopeTokensForGrants(grants: readonly Pick<Grant, 'orgId' | 'orgPath' | 'role'>[]): string[] {
  const tokens = new Set<string>()
  for (const g of grants) {
    tokens.add(SUBTREE_ROLES.includes(g.role) ? scopeUnder(g.orgId) : scopeSelf(g.orgId))
    for (const id of g.orgPath.split('/').filter(Boolean)) if (id !== g.orgId) tokens.add(scopeSelf(id))
  }
  return [...tokens].sort()
}

/** One term of the MATCH expression: a phrase, a prefix phrase, or its expansions OR-ed. */
function termExpression(t: SearchTerm): string {
  if (!t.prefix) return ftsString(t.tokens.join(' '))
  if (!t.expansions) return `${ftsString(t.tokens.join(' '))}*`
  const head = t.tokens.slice(0, -1)
  const phrases = t.expansions.map((word) => ftsString([...head, word].join(' ')))
  return phrases.length === 1 ? phrases[0] : `(${phrases.join(' OR ')})`
}

/**
 * The MATCH expression: every term in the title or the body (or only the title: `columns`), and —
 * unless `scope` is null (no restriction) — one of the scope tokens. Built only from tokens and
 * quoted strings. A prefix term with no expansion matches nothing: do not query (search() checks).
 */
export function buildMatchExpression(terms: readonly SearchTerm[], scope: readonly string[] | null, columns: '{title body}' | 'title' = '{title body}'): string {
  if (terms.length === 0) throw new Error('buildMatchExpression needs at least one term')
  if (terms.some((t) => t.prefix && t.expansions?.length === 0)) throw new Error('buildMatchExpression: a prefix without expansions matches nothing; do not query')
  const expanded = terms.some((t) => t.prefix && t.expansions)
  // FTS5 accepts implicit AND between phrases only; next to a parenthesised OR it must be spelled out.
  const words = terms.map(termExpression).join(expanded ? ' AND ' : ' ')
  const text = `${columns} : (${words})`
  if (scope === null) return text
  if (scope.length === 0) throw new Error('buildMatchExpression: an empty scope matches nothing; do not query')
  return `${text} AND scope : (${scope.map(ftsString).join(' OR ')})`
}

// ---------------------------------------------------------------------------------------------
// Highlighting

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

type Span = { start: number; end: number; term: number }

/** Where the terms occur in `text`, in original positions, sorted and not overlapping. */
export function findMatches(text: string, terms: readonly SearchTerm[]): Span[] {
  if (!text || terms.length === 0) return []
  const { folded, map } = foldWithMap(text)
  const tokens = tokensOf(folded)
  const spans: Span[] = []
  for (let i = 0; i < tokens.length; i++) {
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]
      const n = term.tokens.length
      if (i + n > tokens.length) continue
      let ok = true
      for (let k = 0; k < n && ok; k++) {
        const want = term.tokens[k]
        const have = tokens[i + k].text
        ok = k === n - 1 && term.prefix ? have.startsWith(want) : have === want
      }
      if (ok) {
        spans.push({ start: map[tokens[i].start], end: map[tokens[i + n - 1].end], term: t })
        break
      }
    }
  }
  const merged: Span[] = []
  for (const s of spans.sort((a, b) => a.start - b.start)) {
    const prev = merged[merged.length - 1]
    if (prev && s.start < prev.end) prev.end = Math.max(prev.end, s.end)
    else merged.push({ ...s })
  }
  return merged
}

/** Escaped text of [from, to) with <mark> around the matches inside it; whitespace collapsed. */
function markRange(text: string, spans: readonly Span[], from: number, to: number): string {
  let html = ''
  let at = from
  const plain = (s: string) => escapeHtml(s.replace(/\s+/g, ' '))
  for (const s of spans) {
    if (s.end <= from || s.start >= to) continue
    const start = Math.max(s.start, from)
    const end = Math.min(s.end, to)
    html += plain(text.slice(at, start)) + `<mark>${plain(text.slice(start, end))}</mark>`
    at = end
  }
  return html + plain(text.slice(at, to))
}

/** The whole text, escaped, with every match in <mark> (for titles). */
export function highlightText(text: string, terms: readonly SearchTerm[]): string {
  return markRange(text, findMatches(text, terms), 0, text.length)
}

export const SNIPPET_LENGTH = 240

/**
 * An escaped excerpt of about `length` characters around the densest cluster of matches (the most
 * distinct words, then the most matches), cut at word boundaries with "…" where text was left
 * out; the beginning of the text when nothing matches (a match in the title only).
 */
export function highlightSnippet(text: string, terms: readonly SearchTerm[], length = SNIPPET_LENGTH): string {
  const source = text.trim() ? text : ''
  if (!source) return ''
  const spans = findMatches(source, terms)
  if (source.length <= length) return markRange(source, spans, 0, source.length).trim()
  let start = 0
  if (spans.length > 0) {
    let best = { score: -1, start: 0 }
    const lead = Math.floor(length / 5)
    for (const candidate of spans.slice(0, 500)) {
      const from = Math.max(0, candidate.start - lead)
      const to = from + length
      const inside = spans.filter((s) => s.start >= from && s.end <= to)
      const score = new Set(inside.map((s) => s.term)).size * 1000 + inside.length
      if (score > best.score) best = { score, start: from }
    }
    start = best.start
  }
  let end = Math.min(source.length, start + length)
  if (end === source.length) start = Math.max(0, end - length)
  // Whole words only: move each edge to the nearest space inside the window, never into a match.
  if (start > 0 && !/\s/.test(source[start - 1])) {
    const crossing = spans.find((s) => s.start < start && s.end > start)
    if (crossing) start = crossing.start
    else {
      const nextMatch = spans.find((s) => s.start >= start)
      const limit = Math.min(start + 30, nextMatch ? nextMatch.start : end, end)
      const space = source.slice(start, limit).search(/\s/)
      if (space >= 0) start += space + 1
    }
  }
  if (end < source.length && !/\s/.test(source[end])) {
    const crossing = spans.find((s) => s.start < end && s.end > end)
    if (crossing) end = crossing.end
    else {
      const before = spans.filter((s) => s.end <= end).map((s) => s.end)
      const floor = Math.max(start, end - 30, ...before)
      const space = source.slice(floor, end).search(/\s\S*$/)
      if (space >= 0) end = floor + space
    }
  }
  const body = markRange(source, spans, start, end).trim()
  return `${start > 0 ? '… ' : ''}${body}${end < source.length ? ' …' : ''}`
}
