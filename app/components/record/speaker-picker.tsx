// Who is speaking: members on the attendance list and the meeting's guests, filtered as one types
// ("hung", "Hùng", "ng v h" all find "Nguyễn Văn Hùng"). A WAI-ARIA combobox with a listbox; before
// the page is hydrated (or without JavaScript) it is a plain <select>.
import { useId, useMemo, useRef, useState } from 'react'
import { foldVietnamese } from '~/utils/text'

export type SpeakerOption = {
  /** "m:<memberId>" or "g:<guestId>". */
  value: string
  label: string
  /** "Vắng có lý do", "Khách mời — Đảng ủy phường"… */
  hint?: string
  group: 'member' | 'guest'
}

function matches(option: SpeakerOption, query: string): boolean {
  const q = foldVietnamese(query)
  if (!q) return true
  const name = foldVietnamese(option.label)
  if (name.includes(q)) return true
  // Initials and word starts: "n v h" or "ng hung".
  const words = name.split(' ')
  const parts = q.split(' ').filter(Boolean)
  let i = 0
  for (const part of parts) {
    while (i < words.length && !words[i].startsWith(part)) i++
    if (i === words.length) return false
    i++
  }
  return true
}

type Props = {
  name: string
  label: string
  options: SpeakerOption[]
  value: string
  onChange: (value: string) => void
  hydrated: boolean
  autoFocus?: boolean
  disabled?: boolean
  /** Called when Escape is pressed with the list closed (to close the surrounding panel). */
  onCancel?: () => void
}

export function SpeakerPicker({ name, label, options, value, onChange, hydrated, autoFocus, disabled, onCancel }: Props) {
  const id = useId()
  const selected = options.find((o) => o.value === value)
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const inputRef = useRef<HTMLInputElement>(null)
  const filtered = useMemo(() => options.filter((o) => matches(o, query)), [options, query])

  if (!hydrated) {
    return (
      <div className="field">
        <label htmlFor={`${id}-select`}>{label}</label>
        <select id={`${id}-select`} name={name} defaultValue={value} disabled={disabled}>
          <option value="">— Chọn người phát biểu —</option>
          <optgroup label="Đảng viên">
            {options
              .filter((o) => o.group === 'member')
              .map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
          </optgroup>
          <optgroup label="Khách mời">
            {options
              .filter((o) => o.group === 'guest')
              .map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
          </optgroup>
        </select>
      </div>
    )
  }

  const choose = (option: SpeakerOption) => {
    onChange(option.value)
    setQuery('')
    setOpen(false)
  }
  const listId = `${id}-list`
  const activeOption = open ? filtered[Math.min(active, filtered.length - 1)] : undefined
  return (
    <div className="field picker">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input type="hidden" name={name} value={value} />
      <input
        ref={inputRef}
        id={`${id}-input`}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open && filtered.length > 0}
        aria-controls={listId}
        aria-activedescendant={activeOption ? `${id}-opt-${activeOption.value}` : undefined}
        aria-describedby={`${id}-hint`}
        autoFocus={autoFocus}
        disabled={disabled}
        placeholder={selected ? selected.label : 'Gõ tên để tìm…'}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value)
          setActive(0)
          setOpen(true)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setOpen(true)
            setActive((a) => Math.min(a + 1, filtered.length - 1))
          } else if (e.key === 'ArrowUp') {
            e.preventDefault()
            setActive((a) => Math.max(a - 1, 0))
          } else if (e.key === 'Enter') {
            // Never submit the surrounding form from here: Enter picks the highlighted name or nothing.
            e.preventDefault()
            if (open && activeOption) choose(activeOption)
          } else if (e.key === 'Escape') {
            if (open) {
              e.preventDefault()
              setOpen(false)
            } else onCancel?.()
          }
        }}
      />
      <span id={`${id}-hint`} className="hint">
        {selected ? `Đang chọn: ${selected.label}. ` : ''}Gõ vài chữ của tên (không cần dấu), dùng phím mũi tên rồi Enter, hoặc chạm vào tên.
      </span>
      {open && filtered.length === 0 ? (
        <p className="picker__empty">Không có ai khớp “{query}”. Khách mời chưa có trong danh sách thì thêm ở bước Khách mời.</p>
      ) : null}
      {open && filtered.length > 0 ? (
        <ul id={listId} role="listbox" aria-label={label} className="picker__list">
          {filtered.map((o, i) => (
              <li
                key={o.value}
                id={`${id}-opt-${o.value}`}
                role="option"
                aria-selected={activeOption?.value === o.value}
                className={`picker__option${i === active ? ' picker__option--active' : ''}`}
                onMouseDown={(e) => {
                  e.preventDefault()
                  choose(o)
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span className="picker__label">{o.label}</span>
                {o.hint ? <span className="picker__hint">{o.hint}</span> : null}
              </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** Members first (present before absent), then guests. */
export function speakerOptions(
  attendance: { memberId: string; name: string; status: string; confirmed: boolean }[],
  guests: { id: string; name: string; title: string | null; unit: string | null; isUpperRep: boolean }[],
  labels: Record<string, string>,
): SpeakerOption[] {
  const rank = (a: { status: string; confirmed: boolean }) => (a.status === 'present' ? (a.confirmed ? 0 : 1) : 2)
  const members = [...attendance]
    .sort((a, b) => rank(a) - rank(b))
    .map((a) => ({
      value: `m:${a.memberId}`,
      label: `Đ/c ${a.name}`,
      hint: a.confirmed ? (a.status === 'present' ? undefined : labels[a.status]) : 'Chưa điểm danh',
      group: 'member' as const,
    }))
  const guestOptions = guests.map((g) => ({
    value: `g:${g.id}`,
    label: g.name,
    hint: ['Khách mời', g.isUpperRep ? 'đại biểu cấp trên' : null, [g.title, g.unit].filter(Boolean).join(', ') || null].filter(Boolean).join(' — '),
    group: 'guest' as const,
  }))
  return [...members, ...guestOptions]
}
