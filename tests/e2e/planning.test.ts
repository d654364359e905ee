// The secretary's preparation work and the members' contributions, tried as their users would (issue 3,
// "Done when"): the bí thư of Chi bộ Khu phố 3 generates next year's plan, sees a quarter without a
// thematic meeting, plans one, opens it, creates its agenda from the template, inserts a resolution
// reference with the editor's picker, saves and publishes; the document's page lists that meeting.
// Then a member on a 360 px phone reads the next published agenda without the editor's JavaScript,
// submits a contribution, and another member can neither open it nor see it listed. Axe on every page.
import type { Browser, Page, Response } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  allowConsoleErrors,
  checkA11y,
  closePage,
  expectVisible,
  launchBrowser,
  login,
  newPage,
  pathOf,
} from "./helpers";

const PHONE = { width: 360, height: 740 };
const THEMATIC_TOPIC =
  "Kiểm thử tự động: học tập chuyên đề về xây dựng Đảng ở khu dân cư";
const AGENDA_TEXT = "Quán triệt và liên hệ thực tiễn khu phố với";
const CONTRIBUTION_TITLE = `Kiểm thử tự động: ý kiến về nếp sống văn minh (${Date.now()})`;
const CONTRIBUTION_BODY =
  "Đề nghị chi bộ phân công đảng viên phụ trách từng tổ dân phố vận động giữ gìn vệ sinh chung.";

let browser: Browser;
let kp3Id = "";
let thisYear = 0;

beforeAll(async () => {
  browser = await launchBrowser();
  const page = await newPage(browser);
  try {
    await login(page, "bithu");
    const membersLink = page
      .getByRole("main")
      .locator('a[href^="/orgs/"][href$="/members"]')
      .first();
    await expectVisible(
      membersLink,
      "a link to the cell’s member list on the secretary’s home"
    );
    kp3Id =
      /^\/orgs\/([^/]+)\/members$/.exec(
        (await membersLink.getAttribute("href")) ?? ""
      )?.[1] ?? "";
    if (!kp3Id)
      throw new Error(
        "could not read the cell id from the secretary’s home page"
      );
    // The server's own idea of "this year" (Hà Nội), as the plan page shows it.
    await page.goto(`/orgs/${kp3Id}/plan`);
    const heading = await page.getByRole("heading", { level: 1 }).innerText();
    thisYear = Number(/Kế hoạch sinh hoạt năm (\d{4})/.exec(heading)?.[1]);
    if (!thisYear)
      throw new Error(
        `the plan page's heading does not name the year: ${JSON.stringify(
          heading
        )}`
      );
  } finally {
    await closePage(page);
  }
});
afterAll(async () => {
  await browser?.close();
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function idFrom(href: string | null, pattern: RegExp, what: string): string {
  const id = pattern.exec(href ?? "")?.[1];
  if (!id) throw new Error(`${what}: unexpected link ${JSON.stringify(href)}`);
  return id;
}

test("the secretary plans next year, fixes the missing thematic quarter, prepares an agenda citing a resolution and publishes it", async () => {
  const nextYear = thisYear + 1;
  const page = await newPage(browser);
  await login(page, "bithu");

  // 1. Generate next year's regular meetings from the meeting-day rule.
  await page.goto(`/orgs/${kp3Id}/plan?year=${nextYear}`);
  await expectVisible(
    page.getByRole("heading", {
      level: 1,
      name: `Kế hoạch sinh hoạt năm ${nextYear}`,
    }),
    `the ${nextYear} plan page`
  );
  await checkA11y(page, `plan ${nextYear} before generating`);
  await page
    .getByRole("button", { name: `Tạo kế hoạch năm ${nextYear}` })
    .click();
  await expectVisible(
    page.getByText(/^Đã tạo \d+ buổi sinh hoạt thường kỳ năm \d{4}$/),
    'the "Đã tạo … buổi sinh hoạt thường kỳ" toast'
  );
  expect(
    await page
      .getByRole("button", { name: `Tạo kế hoạch năm ${nextYear}` })
      .count()
  ).toBe(0);
  const regularRows = page
    .locator("table.plan-table tbody tr")
    .filter({
      has: page.getByRole("cell", {
        name: "Sinh hoạt chi bộ thường kỳ",
        exact: true,
      }),
    });
  expect(await regularRows.count()).toBe(12);

  // 2. The warnings list names every quarter without a thematic meeting, each with a way to fix it.
  const warnings = page.locator(".plan-warnings");
  const quarterOneWarning = warnings
    .getByRole("listitem")
    .filter({
      hasText: `Quý I/${nextYear} chưa lên kế hoạch sinh hoạt chuyên đề.`,
    });
  await expectVisible(
    quarterOneWarning,
    `the warning "Quý I/${nextYear} chưa lên kế hoạch sinh hoạt chuyên đề."`
  );
  await expectVisible(
    warnings.getByText(
      `Quý II/${nextYear} chưa lên kế hoạch sinh hoạt chuyên đề.`
    ),
    "the warning for quarter II"
  );
  await checkA11y(page, `plan ${nextYear} with its warnings`);

  // 3. Fix quarter I: the warning's link opens the "Lên kế hoạch chuyên đề" form for that quarter.
  await quarterOneWarning
    .getByRole("link", { name: "Lên kế hoạch chuyên đề quý I" })
    .click();
  await page.waitForURL((url) => url.searchParams.get("quarter") === "1");
  const form = page.getByRole("form", { name: "Lên kế hoạch chuyên đề" });
  await expectVisible(form, 'the "Lên kế hoạch chuyên đề" form');
  const month = form.getByLabel("Tháng", { exact: true });
  expect(["1", "2", "3"]).toContain(await month.inputValue()); // preselected in quarter I
  await month.selectOption("3");
  await form
    .getByRole("textbox", { name: "Chủ đề", exact: true })
    .fill(THEMATIC_TOPIC);
  const drafter = form.getByLabel("Người dự thảo chuyên đề");
  const drafterOption = drafter
    .locator("option")
    .filter({ hasText: "Hoa" })
    .first();
  const drafterValue = (await drafterOption.count())
    ? await drafterOption.getAttribute("value")
    : await drafter.locator("option").nth(1).getAttribute("value");
  await drafter.selectOption(drafterValue!);
  const drafterName = (
    await drafter.locator(`option[value="${drafterValue}"]`).innerText()
  )
    .replace(/\s*\(.*\)$/, "")
    .trim();
  await checkA11y(page, "the thematic planning form, filled in");
  await form.getByRole("button", { name: "Lưu kế hoạch chuyên đề" }).click();
  await expectVisible(
    page.getByText(`Đã lên kế hoạch chuyên đề quý I/${nextYear}`),
    'the "Đã lên kế hoạch chuyên đề quý I" toast'
  );

  // 4. The warning for quarter I is gone; the other quarters still carry theirs.
  await expectVisible(
    page
      .locator(".plan-warnings")
      .getByText(`Quý II/${nextYear} chưa lên kế hoạch sinh hoạt chuyên đề.`),
    "the remaining warning for quarter II"
  );
  expect(
    await page
      .getByText(`Quý I/${nextYear} chưa lên kế hoạch sinh hoạt chuyên đề.`)
      .count()
  ).toBe(0);
  expect(
    await page
      .getByText(`Quý I/${nextYear} chưa có buổi sinh hoạt chuyên đề.`)
      .count()
  ).toBe(0);
  const slot = page.locator("#quarter-1");
  const meetingLink = slot.getByRole("link", { name: THEMATIC_TOPIC });
  await expectVisible(meetingLink, 'the planned topic under "Quý I"');
  await expectVisible(
    slot.getByText(`Dự thảo: đ/c ${drafterName}`),
    `the drafter (${drafterName}) under "Quý I"`
  );
  await checkA11y(page, `plan ${nextYear} after the fix`);

  // 5. Open that meeting of next year and create its agenda from the template.
  const meetingId = idFrom(
    await meetingLink.getAttribute("href"),
    /^\/meetings\/([^/?#]+)$/,
    "the planned thematic meeting"
  );
  await meetingLink.click();
  await page.waitForURL((url) => url.pathname === `/meetings/${meetingId}`);
  await expectVisible(
    page.getByRole("heading", {
      level: 1,
      name: new RegExp(escapeRegExp(THEMATIC_TOPIC)),
    }),
    "the meeting page"
  );
  await expectVisible(
    page.getByText("Chưa có chương trình."),
    "the empty agenda"
  );
  await checkA11y(page, "the new thematic meeting");
  await page.getByRole("link", { name: "Soạn chương trình" }).click();
  await page.waitForURL(
    (url) => url.pathname === `/meetings/${meetingId}/agenda`
  );
  await page
    .getByRole("button", { name: /^Tạo chương trình theo mẫu / })
    .click();
  await expectVisible(
    page.getByText(/^Đã tạo chương trình theo mẫu \(\d+ nội dung\)$/),
    'the "Đã tạo chương trình theo mẫu" toast'
  );
  await checkA11y(page, "the agenda editor with the template’s items");

  // 6. Insert a resolution reference into an item's body with "§ Chèn văn bản" and the picker.
  const card = page
    .locator("#section-content")
    .locator("xpath=..")
    .locator("article")
    .first();
  await expectVisible(card, 'an item in "II. Phần nội dung"');
  const itemTitle = (await card.getByLabel("Tên nội dung").inputValue()).trim();
  const editor = card.locator('[contenteditable="true"][role="textbox"]');
  await editor.waitFor();
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type(`${AGENDA_TEXT} `);
  await card
    .getByRole("button", { name: "Chèn văn bản (tham chiếu nghị quyết, văn bản)" })
    .click();
  const picker = page.getByRole("dialog", { name: "Chèn tham chiếu văn bản" });
  await expectVisible(picker, "the document picker");
  await picker.getByLabel("Tìm theo số hiệu hoặc trích yếu").fill("21-NQ");
  const result = picker.getByRole("button", { name: /21-NQ\/TW/ });
  await expectVisible(result, "the resolution 21-NQ/TW among the results");
  await checkA11y(page, "the agenda editor with the document picker open");
  await result.first().click();
  await expect.poll(() => picker.count()).toBe(0);
  await expectVisible(
    editor.getByText(/21-NQ\/TW/),
    "the reference inside the item’s text"
  );
  await expectVisible(
    card.getByText("Chưa lưu"),
    'the "Chưa lưu" mark on the edited item'
  );

  // 7. Save the item: the link to the document appears under it.
  await card.getByRole("button", { name: "Lưu nội dung này" }).click();
  await expectVisible(
    card.getByRole("status").getByText(/^Đã lưu lúc \d\d:\d\d\.$/),
    '"Đã lưu lúc …" on the item'
  );
  const docLink = card
    .locator(".agenda-docs")
    .getByRole("link", { name: /21-NQ\/TW/ });
  await expectVisible(docLink, "the linked document under the saved item");
  const documentId = idFrom(
    await docLink.getAttribute("href"),
    /^\/documents\/([^/?#]+)$/,
    "the linked document"
  );
  await page.reload();
  await expectVisible(
    page
      .locator("#section-content")
      .locator("xpath=..")
      .locator(".agenda-docs")
      .getByRole("link", { name: /21-NQ\/TW/ }),
    "the link after a reload"
  );

  // 8. Publish from the meeting page.
  await page
    .getByRole("link", {
      name: new RegExp(`^← .*${escapeRegExp(THEMATIC_TOPIC)}`),
    })
    .click();
  await page.waitForURL((url) => url.pathname === `/meetings/${meetingId}`);
  await expectVisible(
    page.getByText("Bản nháp — đảng viên chưa xem được"),
    "the draft mark before publishing"
  );
  await page
    .getByRole("button", { name: "Gửi chương trình cho đảng viên" })
    .click();
  await expectVisible(
    page.getByText("Đã gửi chương trình cho đảng viên"),
    'the "Đã gửi chương trình cho đảng viên" toast'
  );
  await expectVisible(
    page.getByRole("button", { name: "Gửi lại chương trình cho đảng viên" }),
    'the "Gửi lại" button once published'
  );
  expect(
    await page.getByText("Bản nháp — đảng viên chưa xem được").count()
  ).toBe(0);
  const agenda = page.getByRole("region", {
    name: "Chương trình buổi sinh hoạt",
  });
  await expectVisible(
    agenda.getByText(itemTitle),
    `the item "${itemTitle}" in the published agenda`
  );
  await expectVisible(
    agenda.getByText(AGENDA_TEXT),
    "the text typed into the item, in the published agenda"
  );
  await expectVisible(
    agenda.locator(`a[href="/documents/${documentId}"]`),
    "the reference rendered as a link in the published agenda"
  );
  await checkA11y(page, "the published meeting");

  // 9. The document's page lists the meeting among the agendas that cite it.
  await page.goto(`/documents/${documentId}`);
  const agendas = page.getByRole("region", {
    name: "Các buổi sinh hoạt đã đưa văn bản vào chương trình",
  });
  await expectVisible(
    agendas,
    'the "Các buổi sinh hoạt đã đưa văn bản vào chương trình" section'
  );
  const entry = agendas
    .getByRole("listitem")
    .filter({ has: page.locator(`a[href="/meetings/${meetingId}"]`) });
  await expectVisible(
    entry,
    "the meeting among the agendas that referenced the document"
  );
  expect(await entry.innerText()).toContain(itemTitle);
  expect(await entry.innerText()).toContain("Chi bộ Khu phố 3");
  await checkA11y(page, "the document page");
});

/** The next published meeting of the cell that takes contributions: from the member's home, else the plans. */
async function findPublishedMeetingOpenForContributions(
  page: Page
): Promise<string> {
  const next = page.getByRole("region", { name: "Buổi sinh hoạt tới" });
  await expectVisible(
    next,
    'the "Buổi sinh hoạt tới" section on the member’s home'
  );
  const candidates: string[] = [];
  for (const href of await next
    .getByRole("link", { name: "Đọc chương trình và tài liệu" })
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")))) {
    candidates.push(
      idFrom(
        href,
        /^\/meetings\/([^/?#]+)$/,
        "a published meeting on the home page"
      )
    );
  }
  for (const id of candidates) {
    if (await takesContributions(page, id)) return id;
  }
  // Another test file may have started the demo's thematic meeting: look further in the plans.
  for (const year of [thisYear, thisYear + 1]) {
    await page.goto(`/orgs/${kp3Id}/plan?year=${year}&view=list`);
    const rows = page
      .locator("table.plan-table tbody tr")
      .filter({ hasText: "Đã gửi ngày" })
      .filter({
        has: page.getByRole("cell", {
          name: "Sinh hoạt chuyên đề",
          exact: true,
        }),
      });
    const hrefs = await rows
      .locator('a[href^="/meetings/"]')
      .evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    for (const href of hrefs) {
      const id = /^\/meetings\/([^/?#]+)$/.exec(href ?? "")?.[1];
      if (
        id &&
        !candidates.includes(id) &&
        (await takesContributions(page, id))
      )
        return id;
    }
  }
  throw new Error(
    "no published meeting of Chi bộ Khu phố 3 takes contributions from the member"
  );
}

/** The meeting page's way to the member's contributions: "Viết ý kiến đóng góp", or "Ý kiến của tôi (n)" once they wrote one. */
function contributeLink(page: Page, meetingId: string) {
  return page
    .getByRole("region", { name: "Ý kiến đóng góp, tham luận" })
    .getByRole("link", {
      name: /^(Viết ý kiến đóng góp|Ý kiến của tôi \(\d+\))$/,
    })
    .and(page.locator(`a[href="/meetings/${meetingId}/contribute"]`));
}

/** Whether the member may still write for this meeting (it takes contributions and has not started). */
async function takesContributions(
  page: Page,
  meetingId: string
): Promise<boolean> {
  await page.goto(`/meetings/${meetingId}`);
  if ((await contributeLink(page, meetingId).count()) === 0) return false;
  const section = await page
    .getByRole("region", { name: "Ý kiến đóng góp, tham luận" })
    .innerText();
  return !/không nhận ý kiến|không thể viết/.test(section);
}

test("a member on a phone reads the published agenda without the editor, submits a contribution; another member cannot see it", async () => {
  // ---- dangvien, 360×740: every script the browser loads is kept to check for the editor.
  const member = await newPage(browser, { viewport: PHONE });
  const scripts: Promise<{ url: string; editor: boolean }>[] = [];
  const onResponse = (response: Response) => {
    const url = response.url();
    if (!/\.m?js(\?|$)/.test(new URL(url).pathname + new URL(url).search))
      return;
    scripts.push(
      response
        .text()
        .then((text) => ({ url, editor: /tiptap|prosemirror/i.test(text) }))
        .catch(() => ({ url, editor: false }))
    );
  };
  member.on("response", onResponse);
  await login(member, "dangvien");
  await checkA11y(member, "the member’s home on a phone");
  const meetingId = await findPublishedMeetingOpenForContributions(member);

  // Read the agenda as a fresh visit to the meeting page (server-rendered), then let it hydrate fully.
  await member.goto(`/meetings/${meetingId}`);
  await member.waitForLoadState("networkidle");
  const agenda = member.getByRole("region", {
    name: "Chương trình buổi sinh hoạt",
  });
  await expectVisible(
    agenda.locator(".agenda-list .agenda-item"),
    "the published agenda’s items"
  );
  expect(
    await agenda.getByText("Chương trình đang được chuẩn bị.").count()
  ).toBe(0);
  expect(
    await agenda.getByText("Bản nháp — đảng viên chưa xem được").count()
  ).toBe(0);
  expect((await agenda.innerText()).length).toBeGreaterThan(100);

  // No editor JavaScript: no loaded script mentions tiptap or ProseMirror, and nothing on the page is one.
  const loaded = await Promise.all(scripts);
  expect(
    loaded.length,
    "the meeting page loaded no JavaScript at all; the check below would prove nothing"
  ).toBeGreaterThan(0);
  expect(loaded.filter((s) => s.editor).map((s) => s.url)).toEqual([]);
  expect(
    await member.locator('.ProseMirror, [contenteditable="true"]').count()
  ).toBe(0);
  expect(
    await member.evaluate(() =>
      Object.keys(window).filter((k) => /tiptap|prosemirror/i.test(k))
    )
  ).toEqual([]);

  // Nothing scrolls sideways on a 360 px screen.
  const widths = await member.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(
    widths.scroll,
    `the meeting page is ${widths.scroll}px wide on a ${widths.client}px screen`
  ).toBeLessThanOrEqual(widths.client);
  await checkA11y(member, "the published meeting on a phone");

  // ---- Write and submit a contribution (the body is the rich-text editor on this page).
  await contributeLink(member, meetingId).click();
  await member.waitForURL(
    (url) => url.pathname === `/meetings/${meetingId}/contribute`
  );
  await expectVisible(
    member.getByRole("heading", { level: 1, name: "Ý kiến đóng góp" }),
    "the contribution page"
  );
  await member.getByLabel("Tiêu đề ý kiến").fill(CONTRIBUTION_TITLE);
  const body = member
    .getByRole("textbox", { name: "Nội dung", exact: true })
    .and(member.locator('[contenteditable="true"]'));
  await expectVisible(body, "the rich-text editor for the contribution’s body");
  await body.click();
  await member.keyboard.type(CONTRIBUTION_BODY);
  await expectVisible(
    body.getByText(CONTRIBUTION_BODY),
    "the typed body in the editor"
  );
  // The control: the editing page does load the editor, and the check above would have seen it.
  const withEditor = await Promise.all(scripts);
  expect(
    withEditor.some((s) => s.editor),
    "no script of the contribution page mentions tiptap/ProseMirror: the no-editor check proves nothing"
  ).toBe(true);
  member.off("response", onResponse);
  await checkA11y(member, "the contribution form on a phone");
  await member.getByRole("button", { name: "Lưu và gửi chi bộ" }).click();
  await expectVisible(
    member.getByText("Đã gửi ý kiến đến chi bộ").first(),
    'the "Đã gửi ý kiến đến chi bộ" toast'
  );
  const mine = member
    .getByRole("region", { name: "Ý kiến của tôi cho buổi này" })
    .getByRole("listitem")
    .filter({ hasText: CONTRIBUTION_TITLE });
  await expectVisible(
    mine,
    'the new contribution in "Ý kiến của tôi cho buổi này"'
  );
  expect(await mine.locator(".contrib-item__status").innerText()).toContain(
    "Đã gửi"
  );
  const viewLink = mine.getByRole("link", { name: /^Xem/ });
  const contributionId = idFrom(
    await viewLink.getAttribute("href"),
    /[?&]id=([^&#]+)/,
    'the contribution’s "Xem" link'
  );
  const contributionUrl = `/meetings/${meetingId}/contribute?id=${contributionId}`;
  const scrolls = await member.evaluate(
    () =>
      document.documentElement.scrollWidth >
      document.documentElement.clientWidth
  );
  expect(scrolls, "the contribution page scrolls sideways on a phone").toBe(
    false
  );
  await checkA11y(member, "the contribution page after submitting");

  // The author opens it by its URL and reads it back.
  await member.goto(contributionUrl);
  await expectVisible(
    member.getByRole("heading", { level: 2, name: CONTRIBUTION_TITLE }),
    "the contribution, opened by its author"
  );
  await expectVisible(
    member.getByText(CONTRIBUTION_BODY),
    "the contribution’s body, rendered for its author"
  );
  await checkA11y(member, "the submitted contribution, read by its author");

  // ---- dangvien2, another member of the same cell, in a fresh browser context.
  const other = await newPage(browser, { viewport: PHONE });
  allowConsoleErrors(other, /status of 404/);
  await login(other, "dangvien2");
  const response = await other.goto(contributionUrl);
  expect(response?.status()).toBe(404);
  await expectVisible(
    other.getByRole("heading", { name: "Không tìm thấy" }),
    'the "Không tìm thấy" page'
  );
  expect(await other.locator("body").innerText()).not.toContain(
    CONTRIBUTION_TITLE
  );
  expect(await other.locator("body").innerText()).not.toContain(
    CONTRIBUTION_BODY
  );
  await checkA11y(other, "the 404 page for another member’s contribution");

  await other.goto("/my/contributions");
  await expectVisible(
    other.getByRole("heading", { level: 1, name: "Ý kiến đóng góp của tôi" }),
    'the other member’s "Ý kiến đóng góp của tôi"'
  );
  expect(pathOf(other)).toBe("/my/contributions");
  expect(await other.getByRole("main").innerText()).not.toContain(
    CONTRIBUTION_TITLE
  );
  await checkA11y(other, "the other member’s contributions");

  await other.goto(`/meetings/${meetingId}/contribute`);
  await expectVisible(
    other.getByRole("heading", { level: 1, name: "Ý kiến đóng góp" }),
    "the other member’s contribution page for the meeting"
  );
  expect(await other.getByRole("main").innerText()).not.toContain(
    CONTRIBUTION_TITLE
  );
});
