import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'

const MESSAGES: Record<number, { title: string; body: string }> = {
  400: { title: 'Yêu cầu không hợp lệ', body: 'Dữ liệu gửi lên không đúng. Đồng chí hãy quay lại và thử lại.' },
  403: { title: 'Không có quyền', body: 'Đồng chí không có quyền thực hiện thao tác này. Nếu cần, hãy liên hệ bí thư chi bộ hoặc quản trị viên.' },
  404: { title: 'Không tìm thấy', body: 'Trang hoặc bản ghi này không tồn tại, hoặc đồng chí không có quyền xem.' },
  405: { title: 'Thao tác không được hỗ trợ', body: 'Trang này không nhận thao tác vừa gửi.' },
  409: { title: 'Xung đột dữ liệu', body: 'Bản ghi vừa được người khác thay đổi. Hãy tải lại trang để xem bản mới nhất.' },
  429: { title: 'Thao tác quá nhiều lần', body: 'Đồng chí vui lòng chờ ít phút rồi thử lại.' },
}

export function GeneralErrorBoundary() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const known = MESSAGES[status]
  const detail = isRouteErrorResponse(error) && typeof error.data === 'string' && status !== 404 ? error.data : null
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-page__code">Lỗi {status}</p>
      <h1 id="error-title">{known?.title ?? 'Đã có lỗi xảy ra'}</h1>
      <p>{detail ?? known?.body ?? 'Hệ thống gặp sự cố ngoài ý muốn. Dữ liệu đã lưu trước đó không bị ảnh hưởng; đồng chí hãy thử lại sau ít phút.'}</p>
      <p>
        <Link to="/" className="button">
          Về trang chủ
        </Link>
      </p>
    </section>
  )
}
