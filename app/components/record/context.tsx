// The minute-taker's page state: the record (replaced by the answers of the sync endpoint, never by a
// Remix revalidation — a loader fetched while the connection is down would throw the page away), the
// transport that posts one change at a time, and a registry of every form's save state for the
// page-wide "saved / unsaved" indicator.
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react'
import type { MeetingRecord } from '~/models/quality.server'
import type { Values } from './form-values'

export type RecordData = MeetingRecord

export type SaveOk = { ok: true; intent: string; id?: string; version?: number; values?: Values; savedAt: string; message?: string; view?: RecordData }
export type SaveRefused = {
  ok: false
  intent?: string
  status: number
  error: string
  field?: string
  /** On a 409: what is stored now, in the form's terms. */
  current?: { values: Values; version: number } | null
  view?: RecordData
}
export type SaveNetworkFailure = { ok: false; status: 0; error: string; network: true }
export type SaveAuthFailure = { ok: false; status: 401; error: string; auth: true }
export type SaveOutcome = SaveOk | SaveRefused | SaveNetworkFailure | SaveAuthFailure

export const isNetworkFailure = (o: SaveOutcome): o is SaveNetworkFailure => !o.ok && 'network' in o
export const isAuthFailure = (o: SaveOutcome): o is SaveAuthFailure => !o.ok && 'auth' in o

const NETWORK_ERROR = 'Mất kết nối: nội dung vẫn được giữ trên máy này.'
export const AUTH_ERROR = 'Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại (mở trang đăng nhập ở thẻ khác) rồi quay lại đây; nội dung vẫn được giữ trên máy này.'

/** Posts one change to the sync endpoint. Never throws: network trouble is an outcome like any other. */
export async function postRecord(url: string, fields: Values): Promise<SaveOutcome> {
  const body = new FormData()
  for (const [k, v] of Object.entries(fields)) body.set(k, v)
  body.set('_js', '1')
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), 20_000)
  try {
    const res = await fetch(url, { method: 'POST', body, headers: { Accept: 'application/json' }, credentials: 'same-origin', signal: controller.signal })
    if (res.status === 401) return { ok: false, status: 401, error: AUTH_ERROR, auth: true }
    if (!(res.headers.get('Content-Type') ?? '').includes('application/json')) {
      if (res.redirected && new URL(res.url).pathname === '/login') return { ok: false, status: 401, error: AUTH_ERROR, auth: true }
      return { ok: false, status: 0, error: NETWORK_ERROR, network: true }
    }
    const json = (await res.json()) as SaveOk | SaveRefused
    // A server error (5xx) is treated like a dropped connection: keep the input and try again.
    if (!json.ok && json.status >= 500) return { ok: false, status: 0, error: NETWORK_ERROR, network: true }
    return json
  } catch {
    return { ok: false, status: 0, error: NETWORK_ERROR, network: true }
  } finally {
    clearTimeout(timer)
  }
}

/** Reads the current record (polling, to see what others changed). Null when it could not be read. */
export async function fetchRecord(url: string): Promise<RecordData | null> {
  try {
    const res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    if (!res.ok || !(res.headers.get('Content-Type') ?? '').includes('application/json')) return null
    const json = (await res.json()) as { ok: boolean; view?: RecordData }
    return json.ok && json.view ? json.view : null
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------------------------
// Save registry: one entry per form that is not cleanly saved.

export type EntryKind = 'pending' | 'saving' | 'retrying' | 'offline' | 'auth' | 'error' | 'conflict' | 'waiting'
type Entry = { kind: EntryKind; label: string }
export type SaveOverview = { unsaved: number; problems: { key: string; label: string; kind: EntryKind }[]; offline: boolean; lastSavedAt: string | null }

export class SaveRegistry {
  private entries = new Map<string, Entry>()
  private listeners = new Set<() => void>()
  private lastSavedAt: string | null = null
  private snapshot: SaveOverview = { unsaved: 0, problems: [], offline: false, lastSavedAt: null }

  set(key: string, entry: Entry | null, savedAt?: string | null) {
    if (entry) this.entries.set(key, entry)
    else this.entries.delete(key)
    if (savedAt) this.lastSavedAt = savedAt
    const problems = [...this.entries].filter(([, e]) => e.kind !== 'pending' && e.kind !== 'saving').map(([k, e]) => ({ key: k, ...e }))
    this.snapshot = {
      unsaved: [...this.entries.values()].filter((e) => e.kind !== 'waiting').length,
      problems,
      offline: problems.some((p) => p.kind === 'offline' || p.kind === 'retrying'),
      lastSavedAt: this.lastSavedAt,
    }
    this.listeners.forEach((l) => l())
  }
  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }
  getSnapshot = () => this.snapshot
}

// ---------------------------------------------------------------------------------------------
// Page context

export type RecordContextValue = {
  data: RecordData
  meetingId: string
  syncUrl: string
  hydrated: boolean
  step: string
  goTo: (step: string) => void
  /** Replaces the record with a fresher one from the server. */
  applyView: (view: RecordData) => void
  registry: SaveRegistry
  /** A speech just added: its editor takes the focus once it appears. */
  focusSpeechId: string | null
  setFocusSpeechId: (id: string | null) => void
}

const RecordContext = createContext<RecordContextValue | null>(null)

export function RecordProvider({ value, children }: { value: RecordContextValue; children: ReactNode }) {
  return <RecordContext.Provider value={value}>{children}</RecordContext.Provider>
}

export function useRecord(): RecordContextValue {
  const ctx = useContext(RecordContext)
  if (!ctx) throw new Error('useRecord outside RecordProvider')
  return ctx
}

export function useSaveOverview(registry: SaveRegistry): SaveOverview {
  return useSyncExternalStore(registry.subscribe, registry.getSnapshot, registry.getSnapshot)
}

export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated
}

/** Local drafts: one per form, keyed by meeting and record, so a reload or a dropped connection loses nothing. */
export const draftKey = (meetingId: string, key: string) => `scb:record:${meetingId}:${key}`

export type Draft = { values: Values; version: number; base: Values; at: string }

export function readDraft(key: string): Draft | null {
  try {
    const raw = window.localStorage.getItem(key)
    return raw ? (JSON.parse(raw) as Draft) : null
  } catch {
    return null
  }
}
export function writeDraft(key: string, draft: Draft) {
  try {
    window.localStorage.setItem(key, JSON.stringify(draft))
  } catch {
    // Storage full or disabled: the form still holds the text; nothing else to do.
  }
}
export function removeDraft(key: string) {
  try {
    window.localStorage.removeItem(key)
  } catch {
    // ignore
  }
}
