// The small search form for the site header: a plain GET to /search, so it works without
// JavaScript. The search page has its own, larger form; give each box a distinct `id`.
import { Form } from '@remix-run/react'

export function SearchBox({ id = 'site-search', defaultValue = '', className }: { id?: string; defaultValue?: string; className?: string }) {
  return (
    <Form
      method="get"
      action="/search"
      role="search"
      aria-label="Tìm kiếm trong sổ chi bộ"
      className={['search-box', className].filter(Boolean).join(' ')}
      style={{ display: 'flex', gap: '0.4rem', alignItems: 'center' }}
    >
      <label htmlFor={id} className="sr-only">
        Tìm kiếm
      </label>
      <input
        id={id}
        key={defaultValue}
        name="q"
        type="search"
        defaultValue={defaultValue}
        maxLength={200}
        placeholder="Tìm nghị quyết, biên bản…"
        autoComplete="off"
        style={{ minWidth: 0, width: '16rem' }}
      />
      <button type="submit" className="button button--small">
        Tìm
      </button>
    </Form>
  )
}
