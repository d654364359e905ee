// The upper committee's inspection, tried as its users would (issue 7, "Done when"): the inspector of
// the ward opens the compliance grid, drills into a meeting of Chi bộ Khu phố 3, reads the review
// page, writes a remark and signs it with the password (a wrong password first); the cell's bí thư
// finds it in the cell's remarks and answers; the inspector closes it. A plain member gets 404 on
// every inspection page; the periodic report prints without its controls. Axe on every page.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { allowConsoleErrors, checkA11y, closePage, expectVisible, launchBrowser, login, newPage, pathOf } from './helpers'

let browser: Browser
let upperId = ''
let kp3Id = ''
let meetingId = ''
let remarkId = ''

const REMARK_TEXT = 'Kiểm thử tự động: phần kết luận chưa ghi rõ đồng chí chịu trách nhiệm đối với từng nhiệm vụ.'
const REPLY_TEXT = 'Chi bộ tiếp thu; đã bổ sung người chịu trách nhiệm và thời hạn cho từng nhiệm vụ.'

/** A Hà Nội calendar date `days` from today, as a date input wants it. */
function hanoiDate(days: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

/** The meeting to inspect: one of Chi bộ Khu phố 3's months in the grid, or (no demo meetings) a meeting the bí thư adds. */
async function findOrCreateMeeting(page: Page): Promise<string> {
  const row = page.locator('tr').filter({ has: page.getByRole('link', { name: 'Chi bộ Khu phố 3', exact: true }) })
  const href = await row
    .locator('a[href^="/meetings/"]')
    .first()
    .getAttribute('href', { timeout: 2_000 })
    .catch(() => null)
  const found = href ? /^\/meetings\/([^/?#]+)$/.exec(href) : null
  if (found) return found[1]

  const secretary = await newPage(browser)
  try {
    await login(secretary, 'bithu')
    await secretary.goto(`/orgs/${kp3Id}/meetings/new?type=extraordinary`)
    const topic = 'Kiểm tra việc ghi biên bản (dữ liệu kiểm thử)'
    await secretary.getByLabel('Ngày họp').fill(hanoiDate(-3))
    await secretary.getByLabel('Giờ bắt đầu').fill('14:00')
    await secretary.getByLabel('Nội dung, chủ đề').fill(topic)
    await secretary.locator('form button[type="submit"]').last().click()
    await secretary.waitForURL((url) => url.pathname.endsWith('/plan'))
    const link = secretary.getByRole('link', { name: new RegExp(topic.replace(/[()]/g, '\\$&')) })
    await expectVisible(link, 'the meeting just added on the year plan')
    const created = /^\/meetings\/([^/?#]+)/.exec((await link.first().getAttribute('href')) ?? '')
    if (!created) throw new Error('The new meeting has no /meetings/<id> link on the plan page')
    return created[1]
  } finally {
    await closePage(secretary)
  }
}

beforeAll(async () => {
  browser = await launchBrowser()
  const page = await newPage(browser)
  try {
    await login(page, 'kiemtra')
    await page.goto('/inspect')
    await page.waitForURL((url) => /^\/inspect\/[^/]+$/.test(url.pathname))
    upperId = pathOf(page).split('/')[2]
    const cellLink = page.locator('a[href^="/orgs/"]').filter({ hasText: /^Chi bộ Khu phố 3$/ })
    await expectVisible(cellLink, 'Chi bộ Khu phố 3 in the compliance grid')
    kp3Id = /^\/orgs\/([^/?#]+)$/.exec((await cellLink.first().getAttribute('href')) ?? '')?.[1] ?? ''
    if (!kp3Id) throw new Error('The grid’s link to Chi bộ Khu phố 3 is not /orgs/<id>')
    meetingId = await findOrCreateMeeting(page)
  } finally {
    await closePage(page)
  }
})
afterAll(async () => {
  await browser?.close()
})

test('the inspector opens the grid and the review of a meeting of Chi bộ Khu phố 3', async () => {
  const page = await newPage(browser)
  await login(page, 'kiemtra')
  await page.goto('/inspect')
  await page.waitForURL((url) => url.pathname === `/inspect/${upperId}`)
  await expectVisible(page.getByRole('heading', { level: 1, name: /Tình hình sinh hoạt chi bộ năm/ }), 'the compliance grid')
  await checkA11y(page, 'the compliance grid')

  const response = await page.goto(`/inspect/meetings/${meetingId}`)
  expect(response?.status()).toBe(200)
  await expectVisible(page.getByText('Kiểm tra sổ biên bản — chỉ xem'), 'the read-only review heading')
  for (const heading of ['Chương trình', 'Biên bản ghi', 'Các bản biên bản', 'Nhật ký thay đổi của buổi sinh hoạt', 'Nhận xét kiểm tra về buổi sinh hoạt']) {
    await expectVisible(page.getByRole('heading', { level: 2, name: heading, exact: true }), `the "${heading}" section`)
  }
  await expectVisible(page.getByText(/Chuỗi biên bản hợp lệ|Chuỗi biên bản có sai lệch/), 'the chain verification result')
  await checkA11y(page, 'the meeting review')
})

test('the inspector writes a remark, a wrong password signs nothing, the right one signs it', async () => {
  const page = await newPage(browser)
  // Chromium logs the 422 answer of the refused signature itself as a console error.
  allowConsoleErrors(page, /status of 422/)
  await login(page, 'kiemtra')
  await page.goto(`/inspect/meetings/${meetingId}`)
  await page.getByLabel('Nội dung nhận xét').fill(REMARK_TEXT)
  await page.getByLabel('Yêu cầu khắc phục').fill('Bổ sung người chịu trách nhiệm và thời hạn của từng nhiệm vụ trong nghị quyết.')
  await page.getByLabel('Thời hạn khắc phục').fill(hanoiDate(14))
  await page.getByRole('button', { name: 'Lưu bản nháp nhận xét' }).click()
  await page.waitForURL((url) => /^\/remarks\/[^/]+$/.test(url.pathname))
  remarkId = pathOf(page).split('/')[2]
  await expectVisible(page.getByText('Trạng thái: Bản nháp'), 'the draft status')
  await expectVisible(page.getByText(REMARK_TEXT), 'the remark text')
  await checkA11y(page, 'the draft remark')

  await page.getByLabel('Mật khẩu').fill('sai-mat-khau')
  await page.getByRole('button', { name: 'Ký và gửi chi bộ' }).click()
  await expectVisible(page.getByRole('alert').getByText('Mật khẩu không đúng: nhận xét chưa được ký.'), 'the wrong-password message')
  await expectVisible(page.getByText('Trạng thái: Bản nháp'), 'the remark still a draft')

  await page.getByLabel('Mật khẩu').fill('demo1234')
  await page.getByRole('button', { name: 'Ký và gửi chi bộ' }).click()
  await expectVisible(page.getByText('Trạng thái: Chờ chi bộ trả lời'), 'the remark open after signing')
  await expectVisible(page.getByText('Đã ký — không sửa được'), 'the signed, frozen mark')
  expect(await page.getByRole('heading', { name: 'Sửa bản nháp' }).count()).toBe(0)
  await checkA11y(page, 'the signed remark')

  await page.goto(`/inspect/${upperId}/remarks?status=open`)
  await expectVisible(page.locator(`a[href="/remarks/${remarkId}"]`), 'the remark in the inspector’s open remarks')
  await checkA11y(page, 'the inspector’s remarks')
})

test('the cell’s bí thư sees the remark among the cell’s remarks and answers it', async () => {
  const page = await newPage(browser)
  await login(page, 'bithu')
  const response = await page.goto(`/orgs/${kp3Id}/remarks`)
  expect(response?.status()).toBe(200)
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Nhận xét của cấp trên' }), 'the cell’s remarks page')
  await checkA11y(page, 'the cell’s remarks')
  await page.locator(`a[href="/remarks/${remarkId}"]`).first().click()
  await page.waitForURL((url) => url.pathname === `/remarks/${remarkId}`)
  await expectVisible(page.getByText(REMARK_TEXT), 'the remark text for the cell')
  await page.getByLabel('Nội dung trả lời').fill(REPLY_TEXT)
  await page.getByRole('button', { name: 'Gửi trả lời' }).click()
  await expectVisible(page.getByText('Trạng thái: Chi bộ đã trả lời'), 'the answered status')
  await expectVisible(page.getByText(REPLY_TEXT).first(), 'the reply')
  await checkA11y(page, 'the answered remark, seen by the bí thư')
})

test('the inspector closes the answered remark', async () => {
  const page = await newPage(browser)
  await login(page, 'kiemtra')
  await page.goto(`/remarks/${remarkId}`)
  await expectVisible(page.getByText(REPLY_TEXT).first(), 'the cell’s reply')
  await page.getByRole('button', { name: 'Đóng nhận xét' }).click()
  await expectVisible(page.getByText('Trạng thái: Đã đóng'), 'the closed status')
  await expectVisible(page.getByRole('listitem').filter({ hasText: 'Đóng nhận xét' }), 'the closing step in the history')
  await checkA11y(page, 'the closed remark')
})

test('the periodic report shows the figures and prints without its controls', async () => {
  const page = await newPage(browser)
  await login(page, 'kiemtra')
  const response = await page.goto(`/inspect/${upperId}/report?period=year`)
  expect(response?.status()).toBe(200)
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Báo cáo tình hình sinh hoạt chi bộ' }), 'the report title')
  await expectVisible(page.getByRole('cell', { name: 'Chi bộ Khu phố 3' }).or(page.getByRole('rowheader', { name: 'Chi bộ Khu phố 3' })), 'Chi bộ Khu phố 3 in the report')
  expect(await page.getByRole('link', { name: 'Tải .docx' }).getAttribute('href')).toMatch(new RegExp(`^/inspect/${upperId}/report\\.docx\\?period=year&year=\\d{4}$`))
  await checkA11y(page, 'the periodic report')
  await page.emulateMedia({ media: 'print' })
  expect(await page.getByRole('button', { name: 'Xem báo cáo' }).isVisible()).toBe(false)
  expect(await page.getByRole('link', { name: 'Tải .docx' }).isVisible()).toBe(false)
  expect(await page.getByRole('heading', { level: 1, name: 'Báo cáo tình hình sinh hoạt chi bộ' }).isVisible()).toBe(true)
})

test.each([
  { what: 'the meeting review', path: () => `/inspect/meetings/${meetingId}` },
  { what: 'the remark', path: () => `/remarks/${remarkId}` },
  { what: 'the cell’s remarks', path: () => `/orgs/${kp3Id}/remarks` },
  { what: 'the inspector’s remarks', path: () => `/inspect/${upperId}/remarks` },
  { what: 'the periodic report', path: () => `/inspect/${upperId}/report` },
])('a plain member of the cell opening $what gets the 404 page', async ({ path }) => {
  const page = await newPage(browser)
  allowConsoleErrors(page, /status of 404/)
  await login(page, 'dangvien')
  const response = await page.goto(path())
  expect(response?.status()).toBe(404)
  await expectVisible(page.getByRole('heading', { name: 'Không tìm thấy' }), 'the "Không tìm thấy" page')
  expect(await page.getByRole('main').textContent()).not.toContain(REMARK_TEXT)
  await checkA11y(page, `404 page for ${path()}`)
})
