// The connection's statement cache (db/client.server.ts): a statement handed out again must behave
// exactly like a freshly prepared one.
import { describe, expect, test } from 'vitest'
import { openDatabase } from '../../db/client.server'

function fresh() {
  const db = openDatabase(':memory:')
  db.$client.exec('CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, \'x\'), (2, \'y\')')
  return db.$client
}

describe('prepared statements kept per connection', () => {
  test('the same SQL gets the same statement back, different SQL a different one', () => {
    const c = fresh()
    expect(c.prepare('SELECT a FROM t')).toBe(c.prepare('SELECT a FROM t'))
    expect(c.prepare('SELECT a FROM t')).not.toBe(c.prepare('SELECT b FROM t'))
  })

  test('raw, pluck and expand modes set by one caller do not leak to the next', () => {
    const c = fresh()
    expect(c.prepare('SELECT a, b FROM t ORDER BY a').raw().all()).toEqual([[1, 'x'], [2, 'y']])
    expect(c.prepare('SELECT a, b FROM t ORDER BY a').all()).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }])
    expect(c.prepare('SELECT a, b FROM t ORDER BY a').pluck().all()).toEqual([1, 2])
    expect(c.prepare('SELECT a, b FROM t ORDER BY a').get()).toEqual({ a: 1, b: 'x' })
    expect(c.prepare('SELECT a, b FROM t ORDER BY a').expand().get()).toEqual({ t: { a: 1, b: 'x' } })
    expect(c.prepare('SELECT a, b FROM t ORDER BY a').get()).toEqual({ a: 1, b: 'x' })
  })

  test('a statement still iterating is not handed out again: the same SQL can run inside the loop', () => {
    const c = fresh()
    const seen: number[] = []
    for (const row of c.prepare('SELECT a FROM t ORDER BY a').iterate() as Iterable<{ a: number }>) {
      seen.push(row.a, (c.prepare('SELECT a FROM t ORDER BY a').all() as { a: number }[]).length)
    }
    expect(seen).toEqual([1, 2, 2, 2])
  })

  test('writes and schema changes still go through', () => {
    const c = fresh()
    c.prepare('INSERT INTO t VALUES (?, ?)').run(3, 'z')
    c.prepare('INSERT INTO t VALUES (?, ?)').run(4, 'w')
    expect(c.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 4 })
    c.exec('ALTER TABLE t ADD COLUMN c TEXT DEFAULT \'-\'')
    expect(c.prepare('SELECT * FROM t WHERE a = 1').get()).toEqual({ a: 1, b: 'x', c: '-' })
  })
})
