// Shared pieces of the end-to-end tests: one headless Chromium per test file, a fresh browser
// context (own cookies) per page, login, an axe check, and a watcher that fails the test when a
// page logs a console error or throws.
//
// Importing this module registers an afterEach hook in the importing test file: it closes every
// page opened with newPage() during the test and fails the test if one of them logged a console
// error or threw, unless the test declared that message expected with allowConsoleErrors().
import AxeBuilder from '@axe-core/playwright'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterEach, expect, inject } from 'vitest'

export const DEMO_PASSWORD = 'demo1234'

export function baseURL(): string {
  return inject('baseURL')
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

// ---- Page errors ------------------------------------------------------------------------------

type Watched = { context: BrowserContext; problems: string[]; allowed: RegExp[] }
const watched = new Map<Page, Watched>()

/** Opens a page in a new browser context (its own cookies) whose console errors fail the test. */
export async function newPage(browser: Browser, options: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseURL(),
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: 'vi-VN',
  })
  const page = await context.newPage()
  const entry: Watched = { context, problems: [], allowed: [] }
  watched.set(page, entry)
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    const where = message.location()?.url ? ` (${message.location().url})` : ''
    entry.problems.push(`console.error on ${safePath(page)}: ${message.text()}${where}`)
  })
  page.on('pageerror', (error) => {
    entry.problems.push(`uncaught exception on ${safePath(page)}: ${error.stack ?? error.message}`)
  })
  return page
}

/**
 * Declares console errors the test expects, e.g. Chromium's own "Failed to load resource: the server
 * responded with a status of 404" when the test opens a page that must answer 404.
 */
export function allowConsoleErrors(page: Page, ...patterns: RegExp[]) {
  const entry = watched.get(page)
  if (!entry) throw new Error('allowConsoleErrors: this page was not opened with newPage()')
  entry.allowed.push(...patterns)
}

function safePath(page: Page): string {
  try {
    return new URL(page.url()).pathname
  } catch {
    return page.url()
  }
}

function unexpectedProblems(entry: Watched): string[] {
  return entry.problems.filter((p) => !entry.allowed.some((re) => re.test(p)))
}

function failWith(problems: string[]) {
  if (problems.length > 0) throw new Error(`The page reported ${problems.length} error(s):\n- ${problems.join('\n- ')}`)
}

/** Closes a page opened outside a test (in beforeAll), failing if it reported errors. */
export async function closePage(page: Page) {
  const entry = watched.get(page)
  if (!entry) return
  watched.delete(page)
  await entry.context.close().catch(() => undefined)
  failWith(unexpectedProblems(entry))
}

afterEach(async () => {
  const problems: string[] = []
  for (const [page, entry] of watched) {
    problems.push(...unexpectedProblems(entry))
    await entry.context.close().catch(() => undefined)
    watched.delete(page)
  }
  failWith(problems)
})

// ---- Navigation and assertions ------------------------------------------------------------------

export function pathOf(page: Page): string {
  return new URL(page.url()).pathname
}

/** Waits until the locator is visible; fails with what was expected and where. */
export async function expectVisible(locator: Locator, description: string, timeout = 10_000) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout })
  } catch {
    const page = locator.page()
    const heading = await page
      .locator('h1')
      .first()
      .textContent({ timeout: 1_000 })
      .catch(() => null)
    throw new Error(`Expected to see ${description} on ${page.url()} (page heading: ${JSON.stringify(heading)})`)
  }
}

/** Fills and submits the login form; does not wait for the outcome. */
export async function submitLogin(page: Page, username: string, password = DEMO_PASSWORD) {
  if (pathOf(page) !== '/login') await page.goto('/login')
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill(password)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
}

/** Logs in through the /login form and waits for the home page. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  await submitLogin(page, username, password)
  try {
    await page.waitForURL((url) => url.pathname === '/', { timeout: 15_000 })
  } catch {
    const alert = await page
      .getByRole('alert')
      .allTextContents()
      .catch(() => [])
    throw new Error(`Login as ${username} did not reach the home page; still on ${page.url()}. Alerts: ${JSON.stringify(alert)}`)
  }
  await page.waitForLoadState('load')
}

// ---- Accessibility ------------------------------------------------------------------------------

/** Runs axe (WCAG 2.0/2.1 A and AA) and fails on any serious or critical violation, listed readably. */
export async function checkA11y(page: Page, label = pathOf(page)) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const severe = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const report = severe.map((v) => {
    const nodes = v.nodes
      .slice(0, 5)
      .map((n) => `      at ${n.target.join(' ')}\n        ${(n.failureSummary ?? '').replace(/\n/g, '\n        ')}`)
      .join('\n')
    const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more element(s)` : ''
    return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`
  })
  expect(severe.length, `Accessibility violations on ${label}:\n${report.join('\n')}`).toBe(0)
}
