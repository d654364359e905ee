// The secretary imports the cell's member list from a spreadsheet: the preview lists every bad row
// with the reason, and nothing is saved until the import is confirmed.
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { allowConsoleErrors, checkA11y, expectVisible, launchBrowser, login, newPage, pathOf } from './helpers'

const SAMPLE = path.resolve(__dirname, '../fixtures/danh-sach-dang-vien.csv')

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** "24 đồng chí" above the member list. */
async function memberListCount(page: Page, cellId: string): Promise<number> {
  await page.goto(`/orgs/${cellId}/members`)
  const count = page.getByRole('main').getByText(/^\s*\d+ đồng chí\s*$/)
  await expectVisible(count, 'the number of members above the list ("N đồng chí")')
  return Number(/\d+/.exec((await count.first().textContent()) ?? '')?.[0])
}

/**
 * The text of the smallest element around `reason` that also names `who`: the preview row, whatever
 * its markup (a table row on a desktop, a card on a phone). Null when the reason is not on the page.
 */
function rowAround(page: Page, reason: string, who: string): Promise<string | null> {
  return page.evaluate(
    ([reason, who]) => {
      const walker = document.createTreeWalker(document.querySelector('main') ?? document.body, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.includes(reason)) continue
        let element = node.parentElement
        while (element && !element.textContent?.includes(who)) element = element.parentElement
        return element?.textContent ?? null
      }
      return null
    },
    [reason, who] as const,
  )
}

test('previewing a member file lists each bad row with its reason and saves nothing', async () => {
  const page = await newPage(browser)
  await login(page, 'bithu')

  const importLink = page.getByRole('main').getByRole('link', { name: 'Nhập danh sách từ tệp' })
  await expectVisible(importLink, 'the "Nhập danh sách từ tệp" link on the secretary\'s home')
  const href = (await importLink.first().getAttribute('href')) ?? ''
  const match = /^\/orgs\/([^/?#]+)\/members\/import$/.exec(href)
  if (!match) throw new Error(`"Nhập danh sách từ tệp" points to ${JSON.stringify(href)}, not /orgs/<id>/members/import`)
  const cellId = match[1]

  const before = await memberListCount(page, cellId)
  expect(before).toBeGreaterThan(0)

  const response = await page.goto(href)
  expect(response?.status(), `status of ${href}`).toBe(200)
  expect(pathOf(page)).toBe(href)
  const form = page.locator('form', { has: page.locator('input[type="file"]') })
  await expectVisible(form, 'a form with a file field')
  await checkA11y(page, 'member import page')

  // The preview answers 400/422 when the file has bad rows; Chromium logs that status itself.
  allowConsoleErrors(page, /status of 4\d\d/)
  await form.locator('input[type="file"]').setInputFiles(SAMPLE)
  await form.locator('button[type="submit"], button:not([type])').first().click()

  // Each bad row of the sample, with the reason the secretary must fix.
  await expectVisible(page.getByText('Ngày sinh 31/02/1987 không tồn tại', { exact: false }), 'the impossible birth date 31/02/1987 (row of Đỗ Minh Tuấn)', 20_000)
  await expectVisible(page.getByText('Thiếu họ và tên', { exact: false }), 'the row without a name ("Thiếu họ và tên")')
  await expectVisible(page.getByText(/Số thẻ 01\.234567 trùng với dòng/), 'the repeated card number 01.234567 (row of Ngô Thanh Tâm)')
  // The reason sits in the row of the member it concerns, not in a list apart from the rows.
  const dateRow = await rowAround(page, '31/02/1987 không tồn tại', 'Đỗ Minh Tuấn')
  expect(dateRow, 'the row with the reason "31/02/1987 không tồn tại"').toContain('Đỗ Minh Tuấn')
  expect(dateRow).not.toContain('Ngô Thanh Tâm')
  const cardRow = await rowAround(page, 'Số thẻ 01.234567 trùng', 'Ngô Thanh Tâm')
  expect(cardRow, 'the row with the reason "Số thẻ 01.234567 trùng"').toContain('Ngô Thanh Tâm')
  expect(cardRow).not.toContain('Đỗ Minh Tuấn')
  await checkA11y(page, 'member import preview')

  // Previewing saved nothing.
  expect(await memberListCount(page, cellId)).toBe(before)
})
