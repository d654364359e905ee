import type { Actor } from '~/domain/permissions'

/** Who is acting and from where: every model mutation takes this and writes it to the audit log. */
export type ActorContext = { actor: Actor; ip: string | null }

/** A model-level error carrying an HTTP status and a Vietnamese message for the user. */
export class AppError extends Error {
  constructor(
    public status: 400 | 403 | 404 | 409 | 422 | 429,
    message: string,
    public field?: string,
  ) {
    super(message)
    this.name = 'AppError'
  }
}
export const notFound = (what = 'Không tìm thấy trang hoặc bản ghi này.') => new AppError(404, what)
export const forbidden = (what = 'Đồng chí không có quyền thực hiện thao tác này.') => new AppError(403, what)
/** Optimistic-concurrency conflict: someone else saved first. */
export const conflict = (
  what = 'Bản ghi đã được người khác sửa trong lúc đồng chí đang sửa. Nội dung đồng chí nhập vẫn được giữ lại; hãy xem bản mới nhất rồi lưu lại.',
) => new AppError(409, what)
