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

const WEEKDAY_NAMES = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy']
const ORDINALS = ['', 'đầu tiên', 'thứ hai', 'thứ ba', 'thứ tư']

/** "ngày 5 hằng tháng", "Thứ Ba đầu tiên của tháng", "Thứ Sáu cuối cùng của tháng". */
export function describeDayRule(rule: import('./constants').MeetingDayRule): string {
  switch (rule.kind) {
    case 'day_of_month':
      return `ngày ${rule.day} hằng tháng`
    case 'nth_weekday':
      return `${WEEKDAY_NAMES[rule.weekday]} ${ORDINALS[rule.n] ?? `thứ ${rule.n}`} của tháng`
    case 'last_weekday':
      return `${WEEKDAY_NAMES[rule.weekday]} cuối cùng của tháng`
  }
}
