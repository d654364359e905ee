import type { Actor } from '~/domain/permissions'

/** Who is acting and from where: every model mutation takes this and writes it to the audit log. */
export type ActorContext = { actor: Actor; ip: string | null }

/** A model-level error carrying an HTTP status and a Vietnamese message for the user. */
export class AppError extends Error {
  /**
   * An AppError that a loader or action does not catch reaches Remix as a thrown `data(message,
   * { status })` (the router recognises that shape), so the page answers with the right status and
   * the Vietnamese message instead of a 500 — e.g. a record outside the user's grants is a 404 (ADR 005).
   */
  readonly type = 'DataWithResponseInit'
  readonly init: { status: number }
  get data(): string {
    return this.message
  }
  constructor(
    public status: 400 | 403 | 404 | 409 | 413 | 422 | 429,
    message: string,
    public field?: string,
  ) {
    super(message)
    this.name = 'AppError'
    this.init = { status }
  }
}
export const notFound = (what = 'Không tìm thấy trang hoặc bản ghi này.') => new AppError(404, what)
export const forbidden = (what = 'Đồng chí không có quyền thực hiện thao tác này.') => new AppError(403, what)
/** Optimistic-concurrency conflict: someone else saved first. */
export const conflict = (
  what = 'Bản ghi đã được người khác sửa trong lúc đồng chí đang sửa. Nội dung đồng chí nhập vẫn được giữ lại; hãy xem bản mới nhất rồi lưu lại.',
) => new AppError(409, what)
