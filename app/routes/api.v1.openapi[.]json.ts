// GET /api/v1/openapi.json — the OpenAPI 3.1 description of the JSON API (public: it holds no data).
import { COMPLIANCE_STATES, COMPLIANCE_STATE_INFO } from '~/domain/compliance'
import { MEETING_STATUSES, MEETING_TYPES } from '~/domain/constants'

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
})

const yearParameter = {
  name: 'year',
  in: 'query',
  required: false,
  description: 'Năm dương lịch (giờ Hà Nội), 2000–2100. Mặc định: năm hiện tại.',
  schema: { type: 'integer', minimum: 2000, maximum: 2100, examples: [2026] },
}

const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Sổ chi bộ — API',
    version: '1.0.0',
    description:
      'API chỉ đọc cho các hệ thống của cấp ủy cấp trên: tình hình sinh hoạt chi bộ (kiểm tra) và danh sách buổi sinh hoạt của một chi bộ. ' +
      'Xác thực bằng khóa truy cập cá nhân (tạo và thu hồi ở trang Tài khoản → Khóa truy cập API) gửi trong tiêu đề `Authorization: Bearer scb_…`, ' +
      'hoặc bằng phiên đăng nhập của trình duyệt. Khóa có đúng quyền của người tạo ra nó. Mọi lỗi trả về JSON `{ "error": "…" }` bằng tiếng Việt. ' +
      'Thời điểm theo ISO 8601 kèm múi giờ Hà Nội (+07:00); ngày theo dạng YYYY-MM-DD.',
  },
  servers: [{ url: '/' }],
  security: [{ bearerAuth: [] }, { sessionCookie: [] }],
  paths: {
    '/api/v1/compliance': {
      get: {
        operationId: 'getCompliance',
        summary: 'Tình hình sinh hoạt của các chi bộ trong phạm vi kiểm tra, theo từng tháng của một năm',
        description:
          'Cần quyền kiểm tra (`inspection:read`) trên tổ chức. Mỗi chi bộ trong cây tổ chức có một mục với trạng thái của 12 tháng: ' +
          COMPLIANCE_STATES.filter((s) => s !== 'none')
            .map((s) => `\`${s}\` (${COMPLIANCE_STATE_INFO[s].label})`)
            .join(', ') +
          '. Một tháng được tính theo buổi sinh hoạt thường kỳ (hoặc thường kỳ kết hợp chuyên đề) có ngày họp thực tế trong tháng; sinh hoạt bất thường không thay thế.',
        parameters: [
          yearParameter,
          {
            name: 'org',
            in: 'query',
            required: false,
            description: 'Mã tổ chức cần xem. Mặc định: tổ chức cao nhất mà người gọi có quyền kiểm tra.',
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': { description: 'Tình hình sinh hoạt', content: { 'application/json': { schema: { $ref: '#/components/schemas/ComplianceReport' } } } },
          '400': errorResponse('Tham số không hợp lệ (ví dụ năm sai).'),
          '401': errorResponse('Chưa xác thực, khóa không hợp lệ hoặc đã bị thu hồi.'),
          '404': errorResponse('Không tìm thấy tổ chức, hoặc người gọi không có quyền kiểm tra tổ chức đó.'),
        },
      },
    },
    '/api/v1/meetings': {
      get: {
        operationId: 'listMeetings',
        summary: 'Các buổi sinh hoạt của một chi bộ trong một năm',
        description: 'Cần quyền xem buổi sinh hoạt (`meeting:read`) của chi bộ: đảng viên của chi bộ, cấp ủy, người kiểm tra cấp trên.',
        parameters: [
          { name: 'cell', in: 'query', required: true, description: 'Mã chi bộ.', schema: { type: 'string' } },
          yearParameter,
        ],
        responses: {
          '200': {
            description: 'Danh sách buổi sinh hoạt, theo thời gian bắt đầu',
            content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Meeting' } } } },
          },
          '400': errorResponse('Thiếu hoặc sai tham số.'),
          '401': errorResponse('Chưa xác thực, khóa không hợp lệ hoặc đã bị thu hồi.'),
          '404': errorResponse('Không tìm thấy chi bộ, hoặc người gọi không có quyền xem.'),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'scb_<43 ký tự base64url>',
        description: 'Khóa truy cập cá nhân. Máy chủ chỉ lưu mã băm SHA-256 của khóa; khóa chỉ hiển thị một lần khi tạo.',
      },
      sessionCookie: { type: 'apiKey', in: 'cookie', name: '__session', description: 'Phiên đăng nhập của trình duyệt.' },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'string', description: 'Thông báo lỗi bằng tiếng Việt', examples: ['Khóa truy cập không hợp lệ.'] } },
      },
      ComplianceState: {
        type: 'string',
        enum: COMPLIANCE_STATES.filter((s) => s !== 'none'),
        description: COMPLIANCE_STATES.filter((s) => s !== 'none')
          .map((s) => `${s}: ${COMPLIANCE_STATE_INFO[s].description}`)
          .join(' '),
      },
      ComplianceMonth: {
        type: 'object',
        required: ['month', 'state', 'meetingId', 'signedAt', 'thematic'],
        properties: {
          month: { type: 'integer', minimum: 1, maximum: 12 },
          state: { $ref: '#/components/schemas/ComplianceState' },
          meetingId: { type: ['string', 'null'], description: 'Buổi sinh hoạt quyết định trạng thái của tháng.' },
          meetingDate: { type: ['string', 'null'], format: 'date' },
          signedAt: { type: ['string', 'null'], format: 'date-time', description: 'Thời điểm biên bản được ký lần đầu.' },
          thematic: { type: 'boolean', description: 'Trong tháng có buổi sinh hoạt chuyên đề (hoặc thường kỳ kết hợp chuyên đề) đã diễn ra.' },
          cancelledReason: { type: ['string', 'null'] },
        },
      },
      UnexcusedFlag: {
        type: 'object',
        required: ['memberId', 'count', 'flag'],
        properties: {
          memberId: { type: 'string' },
          count: { type: 'integer', description: 'Số lần vắng không lý do trong năm.' },
          flag: { type: 'string', enum: ['warning', 'flag'], description: 'warning: 2 lần; flag: từ 3 lần (chi bộ xem xét, ứng dụng không tự quyết định).' },
        },
      },
      ComplianceCell: {
        type: 'object',
        required: ['cellId', 'cellName', 'grassrootsId', 'months', 'thematicMissingQuarters', 'attendanceRate', 'unexcusedFlags'],
        properties: {
          cellId: { type: 'string' },
          cellName: { type: 'string' },
          grassrootsId: { type: 'string', description: 'Tổ chức cơ sở đảng chứa chi bộ (cấp ngay dưới tổ chức được xem), hoặc chính chi bộ cơ sở.' },
          grassrootsName: { type: 'string' },
          minutesSignDays: { type: 'integer', description: 'Thời hạn ký biên bản (ngày) áp dụng cho chi bộ.' },
          months: { type: 'array', minItems: 12, maxItems: 12, items: { $ref: '#/components/schemas/ComplianceMonth' } },
          thematicMissingQuarters: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 4 } },
          onTimeRate: { type: ['number', 'null'], minimum: 0, maximum: 1 },
          attendanceRate: { type: ['number', 'null'], minimum: 0, maximum: 1, description: 'Có mặt / (chính thức + dự bị phải dự), cả năm.' },
          unexcusedFlags: { type: 'array', items: { $ref: '#/components/schemas/UnexcusedFlag' } },
        },
      },
      ComplianceReport: {
        type: 'object',
        required: ['year', 'org', 'cells'],
        properties: {
          year: { type: 'integer' },
          org: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
          generatedAt: { type: 'string', format: 'date-time' },
          cells: { type: 'array', items: { $ref: '#/components/schemas/ComplianceCell' } },
        },
      },
      Meeting: {
        type: 'object',
        required: ['id', 'cellId', 'type', 'startsAt', 'status', 'title', 'publishedAt', 'signedAt'],
        properties: {
          id: { type: 'string' },
          cellId: { type: 'string' },
          type: { type: 'string', enum: [...MEETING_TYPES] },
          startsAt: { type: 'string', format: 'date-time', examples: ['2026-02-05T14:00:00+07:00'] },
          status: { type: 'string', enum: [...MEETING_STATUSES] },
          title: { type: 'string', examples: ['Sinh hoạt chi bộ thường kỳ tháng 02 năm 2026'] },
          publishedAt: { type: ['string', 'null'], format: 'date-time', description: 'Thời điểm gửi chương trình.' },
          signedAt: { type: ['string', 'null'], format: 'date-time', description: 'Thời điểm biên bản được ký lần đầu.' },
          cancelledReason: { type: ['string', 'null'] },
          verifyCode: { type: 'string', description: 'Mã xác minh của phiên bản biên bản đã ký hiện hành (chỉ có khi đã ký); kiểm tra tại /verify/<mã>.' },
        },
      },
    },
  },
} as const

export function loader() {
  return new Response(JSON.stringify(OPENAPI, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=300' },
  })
}
