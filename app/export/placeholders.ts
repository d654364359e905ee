// The placeholders a minutes or resolution template may hold: `{{name}}` in a Word file. A "single"
// placeholder is replaced inside its paragraph by text (keeping the placeholder's own formatting);
// a "block" placeholder must stand alone in its paragraph, which is replaced by generated paragraphs
// and tables. templates/README.md documents the same list (a test checks it does).
import type { TemplateKind } from '~/domain/constants'

export type PlaceholderKind = 'single' | 'block'

export type PlaceholderSpec = {
  kind: PlaceholderKind
  /** What it holds, in Vietnamese, for the template page and the README. */
  meaning: string
  example: string
  /** Template kinds it may appear in. */
  usedIn: readonly TemplateKind[]
  /** Template kinds that must contain it. */
  requiredIn: readonly TemplateKind[]
}

const MINUTES = ['minutes_regular', 'minutes_thematic', 'minutes_committee'] as const satisfies readonly TemplateKind[]
const ALL = [...MINUTES, 'resolution'] as const satisfies readonly TemplateKind[]

export const PLACEHOLDERS = {
  dang_bo: {
    kind: 'single',
    meaning: 'Tên đảng bộ cấp trên, chữ in hoa (để trống nếu không có).',
    example: 'ĐẢNG BỘ PHƯỜNG BA ĐÌNH',
    usedIn: ALL,
    requiredIn: [],
  },
  chi_bo: {
    kind: 'single',
    meaning: 'Tên chi bộ ban hành văn bản, chữ in hoa.',
    example: 'CHI BỘ KHU PHỐ 3',
    usedIn: ALL,
    requiredIn: ALL,
  },
  so_van_ban: {
    kind: 'single',
    meaning: 'Số và ký hiệu văn bản, không có dấu hai chấm; để trống khi biên bản không đánh số.',
    example: 'Số 02-BB/CB',
    usedIn: ALL,
    requiredIn: ['resolution'],
  },
  dia_danh_ngay: {
    kind: 'single',
    meaning: 'Địa danh và ngày tháng năm ban hành.',
    example: 'Hà Nội, ngày 05 tháng 02 năm 2026',
    usedIn: ALL,
    requiredIn: ALL,
  },
  trich_yeu: {
    kind: 'single',
    meaning: 'Trích yếu nội dung dưới tên loại văn bản.',
    example: 'Sinh hoạt chi bộ thường kỳ tháng 02 năm 2026',
    usedIn: ALL,
    requiredIn: ALL,
  },
  noi_dung: {
    kind: 'block',
    meaning: 'Toàn bộ nội dung văn bản do ứng dụng soạn từ hồ sơ cuộc họp (đặt riêng một đoạn).',
    example: 'Thời gian: bắt đầu lúc 14 giờ 30 phút, ngày 05 tháng 02 năm 2026. …',
    usedIn: ALL,
    requiredIn: ALL,
  },
  du_thao: {
    kind: 'single',
    meaning: 'Chữ "DỰ THẢO" trên bản chưa ký; để trống trên bản đã ký.',
    example: 'DỰ THẢO',
    usedIn: ALL,
    requiredIn: ALL,
  },
  xac_minh: {
    kind: 'single',
    meaning: 'Dòng mã xác minh kèm mã QR của đường dẫn xác minh trên bản đã ký; để trống trên dự thảo. Thường đặt ở chân trang.',
    example: 'Mã xác minh: 7K3Q-MX9A · https://sochibo.vn/verify/7K3Q-MX9A [mã QR]',
    usedIn: ALL,
    requiredIn: ALL,
  },
  thu_ky_chu_ky: {
    kind: 'single',
    meaning: 'Dòng ký điện tử của thư ký; để trống trên dự thảo.',
    example: 'Đã ký điện tử lúc 16:40 ngày 05/02/2026',
    usedIn: MINUTES,
    requiredIn: MINUTES,
  },
  thu_ky_ho_ten: {
    kind: 'single',
    meaning: 'Họ và tên thư ký (người ghi biên bản).',
    example: 'Trần Thị Bích Ngọc',
    usedIn: MINUTES,
    requiredIn: MINUTES,
  },
  chu_tri_chu_ky: {
    kind: 'single',
    meaning: 'Dòng ký điện tử của người chủ trì; để trống trên dự thảo.',
    example: 'Đã ký điện tử lúc 16:52 ngày 05/02/2026',
    usedIn: MINUTES,
    requiredIn: MINUTES,
  },
  chu_tri_ho_ten: {
    kind: 'single',
    meaning: 'Họ và tên người chủ trì.',
    example: 'Nguyễn Văn Hùng',
    usedIn: MINUTES,
    requiredIn: MINUTES,
  },
  chuc_vu_ky: {
    kind: 'single',
    meaning: 'Chức vụ người ký thay mặt chi bộ, dưới dòng "T/M CHI BỘ".',
    example: 'BÍ THƯ',
    usedIn: ['resolution'],
    requiredIn: ['resolution'],
  },
  nguoi_ky_chu_ky: {
    kind: 'single',
    meaning: 'Dòng ký điện tử của người ký nghị quyết; để trống trên dự thảo.',
    example: 'Đã ký điện tử lúc 17:05 ngày 05/02/2026',
    usedIn: ['resolution'],
    requiredIn: ['resolution'],
  },
  nguoi_ky_ho_ten: {
    kind: 'single',
    meaning: 'Họ và tên người ký nghị quyết.',
    example: 'Nguyễn Văn Hùng',
    usedIn: ['resolution'],
    requiredIn: ['resolution'],
  },
  noi_nhan: {
    kind: 'block',
    meaning: 'Danh sách nơi nhận, mỗi nơi một dòng cỡ 12 (đặt riêng một đoạn, dưới dòng "Nơi nhận:").',
    example: '- Đảng ủy phường (để báo cáo),\n- Đảng viên trong chi bộ,\n- Lưu Chi bộ.',
    usedIn: ['resolution'],
    requiredIn: ['resolution'],
  },
} as const satisfies Record<string, PlaceholderSpec>

export type PlaceholderName = keyof typeof PLACEHOLDERS

export function isPlaceholderName(name: string): name is PlaceholderName {
  return Object.hasOwn(PLACEHOLDERS, name)
}

/** Placeholders a template of this kind may use, in the README's order. */
export function placeholdersFor(kind: TemplateKind): PlaceholderName[] {
  return (Object.keys(PLACEHOLDERS) as PlaceholderName[]).filter((name) =>
    (PLACEHOLDERS[name].usedIn as readonly TemplateKind[]).includes(kind),
  )
}

export function requiredPlaceholdersFor(kind: TemplateKind): PlaceholderName[] {
  return placeholdersFor(kind).filter((name) => (PLACEHOLDERS[name].requiredIn as readonly TemplateKind[]).includes(kind))
}

/** "{{chi_bo}}" */
export function token(name: PlaceholderName): string {
  return `{{${name}}}`
}

export const TEMPLATE_KIND_NAMES: Record<TemplateKind, string> = {
  minutes_regular: 'Biên bản sinh hoạt chi bộ thường kỳ',
  minutes_thematic: 'Biên bản sinh hoạt chuyên đề',
  minutes_committee: 'Biên bản họp chi ủy',
  resolution: 'Nghị quyết chi bộ',
}

/** Largest template file accepted for upload. */
export const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024

/** The default template file of each kind, in templates/. */
export const DEFAULT_TEMPLATE_FILES: Record<TemplateKind, string> = {
  minutes_regular: 'bien-ban-thuong-ky.docx',
  minutes_thematic: 'bien-ban-chuyen-de.docx',
  minutes_committee: 'bien-ban-hop-chi-uy.docx',
  resolution: 'nghi-quyet.docx',
}
