// A member sees only their own cell: another cell's pages answer 404, exactly as if they did not
// exist, and show nothing of that cell.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { allowConsoleErrors, checkA11y, closePage, expectVisible, launchBrowser, login, newPage } from './helpers'

let browser: Browser
let otherCellId: string

beforeAll(async () => {
  browser = await launchBrowser()
  // The inspector of the upper body sees every cell: from the inspector's home, open "Đảng bộ Bệnh
  // viện đa khoa Ba Đình" and read Chi bộ Khoa Nội's id from the link in its table.
  const page = await newPage(browser)
  try {
    await login(page, 'kiemtra')
    const hospital = page.getByRole('main').getByRole('link', { name: 'Đảng bộ Bệnh viện đa khoa Ba Đình', exact: true })
    await expectVisible(hospital, 'the link to "Đảng bộ Bệnh viện đa khoa Ba Đình" on the inspector\'s home')
    await hospital.first().click()
    await page.waitForURL((url) => /^\/orgs\/[^/]+$/.test(url.pathname))
    const link = page.getByRole('main').getByRole('link', { name: 'Chi bộ Khoa Nội', exact: true })
    await expectVisible(link, 'the link to "Chi bộ Khoa Nội" on the hospital\'s page')
    const href = (await link.first().getAttribute('href')) ?? ''
    const match = /^\/orgs\/([^/?#]+)$/.exec(href)
    if (!match) throw new Error(`The link to "Chi bộ Khoa Nội" points to ${JSON.stringify(href)}, not /orgs/<id>`)
    otherCellId = match[1]
  } finally {
    await closePage(page)
  }
})
afterAll(async () => {
  await browser?.close()
})

// Control: the pages exist and are shown to those allowed to see them, so the 404s below come
// from the isolation and not from a missing route.
test("the inspector of the upper body can open Chi bộ Khoa Nội's page", async () => {
  const page = await newPage(browser)
  await login(page, 'kiemtra')
  const response = await page.goto(`/orgs/${otherCellId}`)
  expect(response?.status()).toBe(200)
  await expectVisible(page.getByRole('heading', { name: 'Chi bộ Khoa Nội' }), 'the cell\'s name as a heading')
  await checkA11y(page, 'cell page seen by the inspector')
})

test("the secretary of Chi bộ Khoa Nội can open the cell's member list", async () => {
  const page = await newPage(browser)
  await login(page, 'bithukhoanoi')
  const response = await page.goto(`/orgs/${otherCellId}/members`)
  expect(response?.status()).toBe(200)
  await expectVisible(page.getByRole('main').getByText('Chi bộ Khoa Nội'), 'the cell\'s name')
  await checkA11y(page, 'member list seen by its secretary')
})

test.each([
  { what: 'page', path: () => `/orgs/${otherCellId}` },
  { what: 'member list', path: () => `/orgs/${otherCellId}/members` },
])("a member of Chi bộ Khu phố 3 opening another cell's $what gets the 404 page", async ({ path }) => {
  const page = await newPage(browser)
  // Chromium logs the 404 answer itself as a console error.
  allowConsoleErrors(page, /status of 404/)
  await login(page, 'dangvien')
  const response = await page.goto(path())
  expect(response?.status()).toBe(404)
  await expectVisible(page.getByRole('heading', { name: 'Không tìm thấy' }), 'the "Không tìm thấy" page')
  await expectVisible(page.getByText('Trang hoặc bản ghi này không tồn tại, hoặc đồng chí không có quyền xem.'), 'the 404 explanation')
  expect(await page.getByRole('main').textContent(), 'the 404 page must not reveal the other cell').not.toContain('Khoa Nội')
  await checkA11y(page, `404 page for ${path()}`)
})
