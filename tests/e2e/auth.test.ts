// Logging in and out with the demo accounts: each lands on a home page made for its role.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { allowConsoleErrors, checkA11y, expectVisible, launchBrowser, login, newPage, pathOf, submitLogin } from './helpers'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

const ACCOUNTS = [
  { username: 'admin', name: 'Quản trị hệ thống', sees: ['Quản trị hệ thống'] },
  { username: 'bithu', name: 'Nguyễn Văn Hùng', sees: ['Việc cần làm — Chi bộ Khu phố 3'] },
  { username: 'dangvien', name: 'Phạm Thị Hoa', sees: ['Thông tin của tôi', 'Chi bộ Khu phố 3'] },
  { username: 'kiemtra', name: 'Trương Minh Đức', sees: ['Phạm vi kiểm tra — Đảng bộ phường Ba Đình'] },
]

test('the login page is accessible and asks for a username and password', async () => {
  const page = await newPage(browser)
  await page.goto('/login')
  await expectVisible(page.getByRole('heading', { name: 'Đăng nhập' }), 'the "Đăng nhập" heading')
  await expectVisible(page.getByLabel('Tên đăng nhập'), 'the username field')
  await expectVisible(page.getByLabel('Mật khẩu'), 'the password field')
  await checkA11y(page)
})

test('an anonymous visitor of the home page is sent to the login page', async () => {
  const page = await newPage(browser)
  await page.goto('/')
  expect(pathOf(page)).toBe('/login')
})

describe.each(ACCOUNTS)('$username', ({ username, name, sees }) => {
  test(`logs in and lands on the home page for the role`, async () => {
    const page = await newPage(browser)
    await login(page, username)
    expect(pathOf(page)).toBe('/')
    for (const text of sees) {
      await expectVisible(page.getByRole('main').getByText(text, { exact: true }), `"${text}"`)
    }
    await expectVisible(page.getByRole('banner').getByText(`Đ/c ${name}`), `the logged-in name "Đ/c ${name}" in the header`)
    await checkA11y(page, `home of ${username}`)
  })
})

test('a wrong password is refused with a message, and the visitor stays on the login page', async () => {
  const page = await newPage(browser)
  // Chromium logs the 400 answer of the refused login itself as a console error.
  allowConsoleErrors(page, /status of 400/)
  await submitLogin(page, 'bithu', 'sai-mat-khau')
  await expectVisible(page.getByRole('alert').getByText('Tên đăng nhập hoặc mật khẩu không đúng.'), 'the wrong-password message')
  expect(pathOf(page)).toBe('/login')
  // What was typed is kept.
  expect(await page.locator('input[name="username"]').inputValue()).toBe('bithu')
  await checkA11y(page, '/login with the wrong-password message')
})

test('logging out returns to the login page and closes the session', async () => {
  const page = await newPage(browser)
  await login(page, 'dangvien')
  await page.getByRole('button', { name: 'Đăng xuất' }).click()
  await page.waitForURL((url) => url.pathname === '/login', { timeout: 15_000 })
  await expectVisible(page.getByRole('heading', { name: 'Đăng nhập' }), 'the login form')
  await page.goto('/')
  expect(pathOf(page)).toBe('/login')
})

test('on a 360 px wide phone the member home page does not scroll sideways', async () => {
  const page = await newPage(browser, { viewport: { width: 360, height: 740 } })
  await login(page, 'dangvien')
  await expectVisible(page.getByText('Thông tin của tôi', { exact: true }), '"Thông tin của tôi"')
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(scrollWidth, 'document width at a 360 px viewport').toBeLessThanOrEqual(360)
  await checkA11y(page, 'member home at 360 px')
})
