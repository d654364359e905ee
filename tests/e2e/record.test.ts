// The minute-taker on a 10-inch tablet (1024×768): the bí thư starts a meeting, records attendance (one
// member absent with a reason), two speeches and a vote; every change saves itself; after a reload
// everything is still there and the vote reads as the Charter's arithmetic. Then two people editing the
// same speech: the second save is refused with a message and their text is kept.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { allowConsoleErrors, checkA11y, closePage, expectVisible, launchBrowser, login, newPage } from './helpers'

const TABLET = { width: 1024, height: 768 }
const speakers = ['Phạm Thị Hoa', 'Lê Văn Nam']
const gists = ['Đề nghị tổ chức tổng vệ sinh ngõ xóm trước Tết Nguyên đán.', 'Nhất trí với dự thảo nghị quyết tháng này.']

let browser: Browser
let meetingId: string

beforeAll(async () => {
  browser = await launchBrowser()
  meetingId = await findStartableMeeting()
})
afterAll(async () => {
  await browser?.close()
})

/** A meeting of the bí thư's cell that has not started yet, found through the year plan. */
async function findStartableMeeting(): Promise<string> {
  const page = await newPage(browser, { viewport: TABLET })
  try {
    await login(page, 'bithu')
    const membersLink = page.getByRole('main').locator('a[href^="/orgs/"][href$="/members"]').first()
    await expectVisible(membersLink, 'a link to the cell’s member list on the secretary’s home')
    const cellId = /^\/orgs\/([^/]+)\/members$/.exec((await membersLink.getAttribute('href')) ?? '')?.[1]
    if (!cellId) throw new Error('could not read the cell id from the home page')
    await page.goto(`/orgs/${cellId}/plan?view=list`)
    // Thematic meetings are left alone: the member's e2e journey writes a contribution to the demo's
    // upcoming thematic meeting, which must not have started.
    const links = await page
      .locator('main a[href^="/meetings/"]')
      .evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href') ?? '', text: a.textContent ?? '' })))
    const hrefs = links.filter((l) => !/chuyên đề/i.test(l.text)).map((l) => l.href)
    const ids = [...new Set(hrefs.map((h) => /^\/meetings\/([^/?#]+)$/.exec(h)?.[1]).filter((id): id is string => Boolean(id)))]
    for (const id of ids.reverse()) {
      await page.goto(`/meetings/${id}/record`)
      const title = (await page.locator('main .record__head .breadcrumb').first().textContent()) ?? ''
      if (/chuyên đề/i.test(title)) continue
      if (await page.getByRole('button', { name: 'Bắt đầu buổi sinh hoạt' }).count()) return id
    }
    throw new Error(`none of the ${ids.length} meetings on the year plan can be started`)
  } finally {
    await closePage(page)
  }
}

async function openStep(page: Page, name: RegExp) {
  await page.getByRole('navigation', { name: 'Các bước ghi biên bản' }).getByRole('link', { name }).first().click()
}

/** Waits until the page-wide indicator says everything is saved. */
async function allSaved(page: Page) {
  await page.waitForTimeout(300) // let the last keystroke's "not saved yet" state render first
  await expectVisible(page.getByRole('status').filter({ hasText: 'Mọi thay đổi đã được lưu' }), 'the page-wide "Mọi thay đổi đã được lưu" indicator', 15_000)
}

function attendanceRow(page: Page, index: number) {
  return page.locator('.att-list').first().locator(':scope > li').nth(index)
}

test('on a tablet the minute-taker records attendance, two speeches and a vote; a reload loses nothing', async () => {
  const page = await newPage(browser, { viewport: TABLET })
  await login(page, 'bithu')
  await page.goto(`/meetings/${meetingId}/record`)
  await expectVisible(page.getByRole('heading', { name: 'Bắt đầu buổi sinh hoạt' }), 'the start form')
  await checkA11y(page, 'record page before the start')
  await page.getByRole('button', { name: 'Bắt đầu buổi sinh hoạt' }).click()
  await expectVisible(page.getByRole('heading', { name: 'Điểm danh', level: 2 }), 'the attendance step after the start')

  // Attendance: one present, one absent with a reason, one absent without.
  const present = attendanceRow(page, 2)
  const excused = attendanceRow(page, 3)
  const unexcused = attendanceRow(page, 4)
  const names = await Promise.all([present, excused, unexcused].map(async (row) => (await row.locator('.att-row__name > span').first().innerText()).trim()))
  await present.getByRole('radio', { name: 'Có mặt' }).check()
  await excused.getByRole('radio', { name: 'Vắng có lý do' }).check()
  await expectVisible(excused.getByText('Nhập lý do vắng để lưu.'), 'the hint that an excused absence needs a reason')
  await excused.getByRole('textbox', { name: /Lý do vắng/ }).fill('Ốm, có đơn xin phép')
  await unexcused.getByRole('radio', { name: 'Vắng không lý do' }).check()
  await allSaved(page)
  await expectVisible(excused.getByText(/Đã lưu lúc \d\d:\d\d/), '"Đã lưu lúc …" on the excused row')
  await checkA11y(page, 'attendance step')

  // Two speeches under "Thảo luận": the speaker picker filters as one types.
  await openStep(page, /^Thảo luận/)
  await expectVisible(page.getByRole('heading', { name: /^Thảo luận/, level: 2 }), 'the "Thảo luận" step')
  // A thematic meeting may already list accepted contributions as speeches: ours come after them.
  const before = await page.locator('.speech').count()
  for (let i = 0; i < 2; i++) {
    await page.getByRole('button', { name: '+ Phát biểu' }).click()
    const picker = page.getByRole('combobox', { name: 'Người phát biểu' })
    await picker.fill(i === 0 ? 'hoa' : 'van nam')
    await page.getByRole('option', { name: new RegExp(speakers[i]) }).click()
    const editor = page.locator('.speech').nth(before + i).locator('[contenteditable="true"]')
    await editor.waitFor()
    await editor.click()
    await page.keyboard.type(gists[i])
  }
  await allSaved(page)
  await checkA11y(page, 'agenda item step with two speeches')

  // A vote: the rule, the denominator and the arithmetic appear while typing.
  await openStep(page, /^Biểu quyết( \(\d+\))?$/)
  await page.getByLabel('Nội dung biểu quyết').fill('Thông qua nghị quyết của chi bộ')
  await expectVisible(page.getByText(/^Mẫu số:/), 'the denominator with its explanation')
  await page.getByLabel('Tán thành', { exact: true }).fill('3')
  await page.getByLabel('Không tán thành').fill('0')
  const live = page.locator('[data-testid="vote-live"]')
  await expectVisible(live.getByText(/^3\/\d+ đồng chí tán thành, đạt \d+(,\d)?%$/), 'the live sentence "3/… đồng chí tán thành, đạt …%"')
  await page.getByRole('button', { name: 'Ghi kết quả biểu quyết' }).click()
  await expectVisible(page.locator('.vote-card').getByText('Thông qua nghị quyết của chi bộ'), 'the recorded vote')
  await checkA11y(page, 'vote step')

  // Reload: everything is still there.
  await page.reload()
  await expectVisible(page.locator('.vote-card'), 'the vote after the reload')
  const sentence = await page.locator('.vote-card').first().innerText()
  expect(sentence).toContain('đồng chí tán thành, đạt')
  await openStep(page, /^Điểm danh/)
  const rowOf = (name: string) => page.locator('.att-row').filter({ has: page.getByText(name, { exact: true }) })
  expect(await rowOf(names[0]).getByRole('radio', { name: 'Có mặt' }).isChecked()).toBe(true)
  expect(await rowOf(names[1]).getByRole('radio', { name: 'Vắng có lý do' }).isChecked()).toBe(true)
  expect(await rowOf(names[1]).getByRole('textbox', { name: /Lý do vắng/ }).inputValue()).toBe('Ốm, có đơn xin phép')
  expect(await rowOf(names[2]).getByRole('radio', { name: 'Vắng không lý do' }).isChecked()).toBe(true)
  await openStep(page, /^Thảo luận/)
  for (let i = 0; i < 2; i++) {
    const card = page.locator('.speech').filter({ hasText: gists[i] })
    await expectVisible(card, `speech ${i + 1} after the reload`)
    expect(await card.locator('.speech__speaker').innerText()).toContain(speakers[i])
  }
})

test('two people editing the same speech: the second save is refused with a message and its text is kept', async () => {
  const first = await newPage(browser, { viewport: TABLET })
  const second = await newPage(browser, { viewport: TABLET })
  // Chromium logs the refused save (409) itself as a console error.
  allowConsoleErrors(second, /status of 409/)
  await login(first, 'bithu')
  await login(second, 'phobithu')
  // The page refreshes itself every 20 s and would quietly take the newer text while nothing is typed
  // there; the second device must keep its stale copy for this test to be deterministic.
  await second.route('**/record/sync', (route) =>
    route.request().method() === 'GET' ? route.fulfill({ status: 200, contentType: 'application/json', body: '{"ok":false}' }) : route.continue(),
  )
  const editorOf = (page: Page) => page.locator('.speech').filter({ hasText: gists[0] }).locator('[contenteditable="true"]')
  for (const page of [first, second]) {
    await page.goto(`/meetings/${meetingId}/record?step=attendance`)
    await openStep(page, /^Thảo luận/)
    await editorOf(page).waitFor()
  }
  // The first writer changes the speech and it is saved.
  await editorOf(first).click()
  await first.keyboard.press('End')
  await first.keyboard.type(' Bổ sung của bí thư.')
  await allSaved(first)
  // The second, still on the old version, types too: refused, both texts shown, nothing lost.
  await editorOf(second).click()
  await second.keyboard.press('End')
  await second.keyboard.type(' Bổ sung của phó bí thư.')
  const panel = second.locator('.conflict')
  await expectVisible(panel.getByText('Đồng chí khác vừa sửa mục này.'), 'the conflict message on the second device', 15_000)
  expect(await panel.innerText()).toContain('Bổ sung của bí thư.')
  expect(await panel.innerText()).toContain('Bổ sung của phó bí thư.')
  expect(await editorOf(second).innerText()).toContain('Bổ sung của phó bí thư.')
  await checkA11y(second, 'speech in conflict')
  // Keeping both is the minute-taker's decision: "Lưu bản của tôi" saves the second text deliberately.
  await second.getByRole('button', { name: 'Lưu bản của tôi' }).click()
  await allSaved(second)
  await first.reload()
  await openStep(first, /^Thảo luận/)
  await expectVisible(first.locator('.speech').getByText(/Bổ sung của phó bí thư\./), 'the deliberately kept text on the first device')
})

test('a dropped connection keeps what was typed: shown as unsaved, restored after a reload, saved once back', async () => {
  const page = await newPage(browser, { viewport: TABLET })
  allowConsoleErrors(page, /ERR_INTERNET_DISCONNECTED/)
  page.on('dialog', (dialog) => void dialog.accept()) // "leave the page with unsaved changes?"
  await login(page, 'bithu')
  await page.goto(`/meetings/${meetingId}/record?step=attendance`)
  const dropSaves = (route: import('playwright-core').Route) =>
    route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()
  await page.route('**/record/sync', dropSaves)

  const row = attendanceRow(page, 5)
  const name = (await row.locator('.att-row__name > span').first().innerText()).trim()
  await row.getByRole('radio', { name: 'Vắng có lý do' }).check()
  await row.getByRole('textbox', { name: /Lý do vắng/ }).fill('Đi công tác tại Cần Thơ')
  await expectVisible(row.getByText(/Chưa lưu — đang thử lại…|Mất kết nối: nội dung vẫn được giữ trên máy này/), 'the unsaved state on the row', 15_000)
  await expectVisible(page.getByRole('status').filter({ hasText: /Mất kết nối: \d+ mục chưa lưu/ }), 'the page-wide unsaved state', 15_000)

  // Reload while saving still fails: the input comes back from this device, with a notice.
  await page.reload()
  const again = page.locator('.att-row').filter({ has: page.getByText(name, { exact: true }) })
  await expectVisible(again.getByText(/Đã khôi phục nội dung chưa lưu trên máy này/), 'the restored-input notice')
  expect(await again.getByRole('radio', { name: 'Vắng có lý do' }).isChecked()).toBe(true)
  expect(await again.getByRole('textbox', { name: /Lý do vắng/ }).inputValue()).toBe('Đi công tác tại Cần Thơ')

  // The connection is back: the retry saves it.
  await page.unroute('**/record/sync', dropSaves)
  await expectVisible(again.getByText(/Đã lưu lúc \d\d:\d\d/), '"Đã lưu lúc …" once the connection is back', 30_000)
  await page.reload()
  const saved = page.locator('.att-row').filter({ has: page.getByText(name, { exact: true }) })
  expect(await saved.getByRole('textbox', { name: /Lý do vắng/ }).inputValue()).toBe('Đi công tác tại Cần Thơ')
  expect(await saved.getByText(/Đã khôi phục/).count()).toBe(0)
})
