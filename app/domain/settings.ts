// Organisation settings are inherited down the tree: a cell uses the nearest ancestor's value
// for every key it does not set itself.
import { DEFAULT_ORG_SETTINGS, type OrgSettings } from './constants'

/** `chain` goes from the root down to the organisation itself. */
export function resolveSettings(chain: Partial<OrgSettings>[]): OrgSettings {
  const out: OrgSettings = { ...DEFAULT_ORG_SETTINGS }
  for (const layer of chain) {
    for (const [k, v] of Object.entries(layer ?? {})) {
      if (v !== undefined && v !== null && v !== '') (out as Record<string, unknown>)[k] = v
    }
  }
  return out
}

/** Which organisation in the chain set each key (for "inherited from …" hints). */
export function settingSources(chain: { name: string; settings: Partial<OrgSettings> }[]) {
  const sources: Partial<Record<keyof OrgSettings, string>> = {}
  for (const org of chain) {
    for (const [k, v] of Object.entries(org.settings ?? {})) {
      if (v !== undefined && v !== null && v !== '') sources[k as keyof OrgSettings] = org.name
    }
  }
  return sources
}

/** The ids in a materialised path "/a/b/c/" → ['a','b','c']. */
export function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean)
}
