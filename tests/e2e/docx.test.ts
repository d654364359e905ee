// Minutes and resolutions as Word files, against the demo data: the secretary of Chi bộ Khu phố 3
// builds the year's bundle on the exports page (progress, then a download link), the bundle's
// manifest lists the signed meetings, a plain member downloads a signed meeting's minutes and
// resolution (the same bytes as in the bundle), a member of another cell gets 404, and the cell's
// minutes book holds every signed minutes of the year.
import { strFromU8, unzipSync } from 'fflate'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { allowConsoleErrors, checkA11y, closePage, expectVisible, launchBrowser, login, newPage } from './helpers'

type Manifest = {
  year: number
  entries: { meetingId: string; cellName: string; title: string; date: string; hash: string; verifyCode: string; numbers: { minutes: string | null; resolution: string | null }; files: { minutes: string; resolution: string } }[]
}

let browser: Browser
let cellId: string

beforeAll(async () => {
  browser = await launchBrowser()
  const page = await newPage(browser)
  try {
    await login(page, 'bithu')
    const members = page.getByRole('main').getByRole('link', { name: 'Danh sách đảng viên' })
    await expectVisible(members, 'the "Danh sách đảng viên" link on the secretary\'s home')
    const href = (await members.first().getAttribute('href')) ?? ''
    const match = /^\/orgs\/([^/?#]+)\/members$/.exec(href)
    if (!match) throw new Error(`"Danh sách đảng viên" points to ${JSON.stringify(href)}, not /orgs/<id>/members`)
    cellId = match[1]
  } finally {
    await closePage(page)
  }
})
afterAll(async () => {
  await browser?.close()
})

/** The visible text of a .docx (document, headers, footers). */
function docxText(bytes: Uint8Array): string {
  const files = unzipSync(bytes)
  return Object.keys(files)
    .filter((n) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(n))
    .map((n) => [...strFromU8(files[n]).matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n')
}

async function download(page: Page, url: string) {
  const response = await page.request.get(url)
  return { status: response.status(), headers: response.headers(), body: new Uint8Array(await response.body()) }
}

let bundle: { manifest: Manifest; files: Record<string, Uint8Array> } | null = null

test('the secretary builds the year bundle with a progress bar and downloads it; its manifest lists the signed meetings', async () => {
  const page = await newPage(browser)
  await login(page, 'bithu')
  const response = await page.goto(`/orgs/${cellId}/exports`)
  expect(response?.status()).toBe(200)
  await expectVisible(page.getByRole('heading', { name: 'Xuất hồ sơ biên bản, nghị quyết' }), 'the exports page heading')
  await checkA11y(page, 'exports page')
  const year = await page.locator('#year').inputValue()
  const summary = (await page.getByRole('region', { name: `Gói hồ sơ năm ${year}` }).textContent()) ?? ''
  expect(summary, `The demo data has no signed minutes of Chi bộ Khu phố 3 in ${year} (the exports page says: ${summary})`).not.toContain('chưa có biên bản nào đã ký')

  await page.getByRole('button', { name: 'Tạo gói hồ sơ' }).click()
  // While it runs: a progress bar with "n/N biên bản"; then the download link.
  const link = page.getByRole('link', { name: `Tải gói hồ sơ năm ${year} (.zip)` })
  await expectVisible(page.locator('progress').or(link), 'the progress bar or, when already done, the download link', 15_000)
  const failed = page.getByRole('main').getByRole('alert')
  await expectVisible(link.or(failed), 'the link to download the bundle', 60_000)
  expect(await failed.count(), `The bundle failed: ${await failed.allTextContents()}`).toBe(0)
  await checkA11y(page, 'exports page with a finished bundle')

  const href = (await link.first().getAttribute('href')) ?? ''
  const jobId = /^\/exports\/([^/]+)\.zip$/.exec(href)?.[1]
  expect(jobId, `download link ${href}`).toBeTruthy()
  const status = (await (await page.request.get(`/exports/${jobId}/status`)).json()) as { status: string; progress: number; total: number; label: string }
  expect(status.status).toBe('done')
  expect(status.progress).toBe(status.total)
  expect(status.label).toBe(`${status.total}/${status.total} biên bản`)

  const zip = await download(page, href)
  expect(zip.status).toBe(200)
  expect(zip.headers['content-type']).toBe('application/zip')
  expect(zip.headers['content-disposition']).toContain("filename*=UTF-8''")
  const files = unzipSync(zip.body)
  const manifest = JSON.parse(strFromU8(files['manifest.json'])) as Manifest
  expect(manifest.year).toBe(Number(year))
  expect(manifest.entries.length).toBe(status.total)
  expect(manifest.entries.length).toBeGreaterThan(0)
  for (const entry of manifest.entries) {
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(files[entry.files.minutes], entry.files.minutes).toBeDefined()
    expect(files[entry.files.resolution], entry.files.resolution).toBeDefined()
  }
  expect(strFromU8(files['manifest.csv'])).toContain(manifest.entries[0].verifyCode)
  const first = manifest.entries[0]
  const minutesText = docxText(files[first.files.minutes])
  expect(minutesText).toContain('BIÊN BẢN')
  expect(minutesText).toContain('Đã ký điện tử lúc')
  expect(minutesText).toContain(`Mã xác minh: ${first.verifyCode}`)
  bundle = { manifest, files }

  // Only its owner sees the job.
  const other = await newPage(browser)
  await login(other, 'phobithu')
  expect((await other.request.get(`/exports/${jobId}/status`)).status()).toBe(404)
  expect((await other.request.get(href)).status()).toBe(404)
})

test('a plain member downloads a signed meeting’s minutes and resolution; another cell’s member gets 404', async () => {
  expect(bundle, 'the bundle test must run first').not.toBeNull()
  const entry = bundle!.manifest.entries[0]
  const page = await newPage(browser)
  await login(page, 'dangvien')

  const minutes = await download(page, `/meetings/${entry.meetingId}/minutes.docx`)
  expect(minutes.status).toBe(200)
  expect(minutes.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  expect(decodeURIComponent(minutes.headers['content-disposition'].split("UTF-8''")[1] ?? '')).toBe(`Biên bản ${entry.date} Chi bộ Khu phố 3.docx`)
  // The same signed version gives the same document, whoever downloads it and however.
  expect(Buffer.from(minutes.body).equals(Buffer.from(bundle!.files[entry.files.minutes]))).toBe(true)
  const text = docxText(minutes.body)
  expect(text).toContain(entry.title)
  if (entry.numbers.minutes) expect(text).toContain(`Số ${entry.numbers.minutes}`)

  const resolution = await download(page, `/meetings/${entry.meetingId}/resolution.docx`)
  expect(resolution.status).toBe(200)
  const nq = docxText(resolution.body)
  expect(nq).toContain('NGHỊ QUYẾT')
  expect(nq).toContain(`Số ${entry.numbers.resolution}`)
  expect(nq).toContain('T/M CHI BỘ')

  // The exports page is for the secretary and deputy.
  allowConsoleErrors(page, /status of 403/)
  expect((await page.goto(`/orgs/${cellId}/exports`))?.status()).toBe(403)

  const outsider = await newPage(browser)
  await login(outsider, 'bithukhoanoi')
  expect((await download(outsider, `/meetings/${entry.meetingId}/minutes.docx`)).status).toBe(404)
  expect((await download(outsider, `/meetings/${entry.meetingId}/resolution.docx`)).status).toBe(404)
  expect((await download(outsider, `/orgs/${cellId}/book.docx?year=${bundle!.manifest.year}`)).status).toBe(404)
})

test("the cell's minutes book holds every signed minutes of the year", async () => {
  expect(bundle, 'the bundle test must run first').not.toBeNull()
  const page = await newPage(browser)
  await login(page, 'bithu')
  const book = await download(page, `/orgs/${cellId}/book.docx?year=${bundle!.manifest.year}`)
  expect(book.status).toBe(200)
  const text = docxText(book.body)
  expect(text).toContain('SỔ BIÊN BẢN')
  expect(text).toContain('MỤC LỤC')
  for (const entry of bundle!.manifest.entries) {
    expect(text, entry.title).toContain(entry.title)
    expect(text).toContain(entry.verifyCode)
  }
})
