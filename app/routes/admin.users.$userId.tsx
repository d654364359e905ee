import { getFormProps, useForm, type Submission } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormError, SelectField } from '~/components/forms'
import { ROLES, ROLE_LABELS } from '~/domain/constants'
import { formatTime, formatUiDate } from '~/domain/vn-date'
import { redirectWithToast, requireContext, requireUser } from '~/auth/session.server'
import { manageableOrganizations } from '~/models/admin.server'
import { AppError } from '~/models/context'
import { addGrant, removeGrant, resetUserPassword, setUserDisabled, userDetail } from '~/models/users.server'
import { getDb } from '~/utils/db.server'
import { appErrorReply } from '~/utils/http.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Tài khoản ${data.user.username} — Sổ chi bộ` : 'Tài khoản — Sổ chi bộ' },
]

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('set-disabled'),
    disabled: z.enum(['true', 'false']).transform((v) => v === 'true'),
    version: z.coerce.number().int(),
  }),
  z.object({
    intent: z.literal('reset-password'),
    password: z
      .string({ message: 'Chưa nhập mật khẩu mới.' })
      .min(8, { message: 'Mật khẩu phải có ít nhất 8 ký tự.' })
      .max(200, { message: 'Mật khẩu quá dài (tối đa 200 ký tự).' }),
  }),
  z.object({
    intent: z.literal('add-grant'),
    orgId: z.string({ message: 'Hãy chọn tổ chức.' }),
    role: z.enum(ROLES, { message: 'Hãy chọn vai trò trong danh sách.' }),
  }),
  z.object({
    intent: z.literal('remove-grant'),
    grantId: z.string(),
  }),
])
type Intent = z.infer<typeof ActionSchema>['intent']

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request)
  const db = getDb()
  let detail
  try {
    detail = userDetail(db, actor, String(params.userId))
  } catch (error) {
    throw appErrorReply(error)
  }
  const { user, grants, member } = detail
  const orgs = manageableOrganizations(db, actor)
  const minDepth = Math.min(...orgs.map((o) => o.depth))
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      isSystemAdmin: user.isSystemAdmin,
      disabledAt: user.disabledAt,
      mustChangePassword: user.mustChangePassword,
      passwordChangedAt: user.passwordChangedAt,
      createdAt: user.createdAt,
      version: user.version,
    },
    isSelf: user.id === actor.userId,
    grants: grants.map((g) => ({ id: g.id, role: ROLE_LABELS[g.role], orgId: g.orgId, orgName: g.orgName })),
    member: member ? { id: member.id, fullName: member.fullName } : null,
    orgs: orgs.map((o) => ({ value: o.id, label: `${'\u00a0\u00a0\u00a0'.repeat(o.depth - minDepth)}${o.name}` })),
    roles: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request)
  const userId = String(params.userId)
  const submission = parseWithZod(await request.formData(), { schema: ActionSchema })
  const intent = submission.payload.intent as Intent
  if (submission.status !== 'success') {
    return data({ intent, result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const db = getDb()
  const value = submission.value
  let toast: string
  try {
    switch (value.intent) {
      case 'set-disabled':
        setUserDisabled(db, ctx, userId, value.disabled, value.version)
        toast = value.disabled ? 'Đã khóa tài khoản; các phiên đăng nhập của tài khoản này đã kết thúc' : 'Đã mở khóa tài khoản'
        break
      case 'reset-password':
        await resetUserPassword(db, ctx, userId, value.password)
        toast = 'Đã đặt lại mật khẩu; người dùng sẽ phải đổi mật khẩu ở lần đăng nhập sau'
        break
      case 'add-grant':
        addGrant(db, ctx, userId, value.orgId, value.role)
        toast = `Đã giao vai trò ${ROLE_LABELS[value.role]}`
        break
      case 'remove-grant':
        removeGrant(db, ctx, userId, value.grantId)
        toast = 'Đã thu hồi vai trò'
        break
    }
  } catch (error) {
    return failed(intent, submission, error)
  }
  return redirectWithToast(`/admin/users/${userId}`, { title: toast })
}

/** A model AppError shown on the form that caused it; 404 (out of scope) becomes the 404 page. */
function failed(intent: Intent, submission: Submission<unknown>, error: unknown) {
  if (!(error instanceof AppError)) throw error
  if (error.status === 404) throw new Response(error.message, { status: 404 })
  const result = submission.reply({
    hideFields: ['password'],
    ...(error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }),
  })
  return data({ intent, result }, { status: error.status })
}

function useIntentForm(id: Intent) {
  const actionData = useActionData<typeof action>()
  return useForm({
    id,
    lastResult: actionData?.intent === id ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ActionSchema }),
  })
}

function when(iso: string) {
  return `${formatUiDate(iso)}, ${formatTime(iso)}`
}

export default function UserPage() {
  const { user, isSelf, grants, member, orgs, roles } = useLoaderData<typeof loader>()
  const [disableForm] = useIntentForm('set-disabled')
  const [resetForm, resetFields] = useIntentForm('reset-password')
  const [grantForm, grantFields] = useIntentForm('add-grant')
  const [removeForm] = useIntentForm('remove-grant')
  return (
    <div className="stack">
      <nav className="breadcrumb" aria-label="Vị trí">
        <ol>
          <li>
            <Link to="/admin/users">Người dùng</Link>
          </li>
          <li aria-current="page">{user.username}</li>
        </ol>
      </nav>
      <div className="page-head">
        <h1>
          {user.displayName} <span className="muted">({user.username})</span>
        </h1>
        {user.disabledAt ? <span className="badge badge--danger">Đã khóa</span> : <span className="badge badge--ok">Đang hoạt động</span>}
      </div>

      <section className="card" aria-labelledby="info-title">
        <h2 id="info-title">Thông tin tài khoản</h2>
        <dl className="details">
          <dt>Tên đăng nhập</dt>
          <dd>{user.username}</dd>
          <dt>Họ và tên</dt>
          <dd>{user.displayName}</dd>
          <dt>Đảng viên tương ứng</dt>
          <dd>{member ? <Link to={`/members/${member.id}`}>{member.fullName}</Link> : 'Không liên kết'}</dd>
          <dt>Trạng thái</dt>
          <dd>{user.disabledAt ? `Đã khóa từ ${when(user.disabledAt)}` : 'Đang hoạt động'}</dd>
          {user.isSystemAdmin ? (
            <>
              <dt>Quyền đặc biệt</dt>
              <dd>Quản trị hệ thống (toàn quyền trên mọi tổ chức)</dd>
            </>
          ) : null}
          <dt>Mật khẩu</dt>
          <dd>
            {user.mustChangePassword
              ? 'Mật khẩu tạm thời: người dùng phải đổi ở lần đăng nhập tới'
              : user.passwordChangedAt
                ? `Đổi lần cuối ${when(user.passwordChangedAt)}`
                : 'Chưa đổi kể từ khi tạo'}
          </dd>
          <dt>Ngày tạo</dt>
          <dd>{when(user.createdAt)}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="grants-title">
        <h2 id="grants-title">Vai trò được giao</h2>
        <FormError errors={removeForm.errors} />
        {grants.length ? (
          <div className="table-wrap responsive">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Vai trò</th>
                  <th scope="col">Tổ chức</th>
                  <th scope="col">
                    <span className="muted">Thao tác</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {grants.map((g) => (
                  <tr key={g.id}>
                    <td data-label="Vai trò">{g.role}</td>
                    <td data-label="Tổ chức">
                      <Link to={`/orgs/${g.orgId}`}>{g.orgName}</Link>
                    </td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove-grant" />
                        <input type="hidden" name="grantId" value={g.id} />
                        <button type="submit" className="button button--small button--danger" aria-label={`Thu hồi vai trò ${g.role} tại ${g.orgName}`}>
                          Thu hồi
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">Tài khoản chưa được giao vai trò nào. Hãy giao vai trò ở mẫu dưới đây để người dùng làm được việc.</p>
        )}
        <h3 style={{ marginTop: '1rem' }}>Giao thêm vai trò</h3>
        {/* Keyed by the grants so that, after a grant is added, the form comes back empty. */}
        <Form method="post" {...getFormProps(grantForm)} key={grants.map((g) => g.id).join()} className="form">
          <FormError errors={grantForm.errors} />
          <input type="hidden" name="intent" value="add-grant" />
          <div className="form-grid">
            <SelectField label="Tổ chức" meta={grantFields.orgId} options={orgs} placeholder="— Chọn tổ chức —" />
            <SelectField label="Vai trò" meta={grantFields.role} options={roles} placeholder="— Chọn vai trò —" />
          </div>
          <div>
            <button type="submit" className="button button--primary">
              Giao vai trò
            </button>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="reset-title">
        <h2 id="reset-title">Đặt lại mật khẩu</h2>
        <p className="muted">
          Dùng khi người dùng quên mật khẩu. Các phiên đăng nhập đang mở của tài khoản sẽ kết thúc; người dùng đăng nhập bằng mật khẩu mới và phải đổi
          ngay.
        </p>
        {/* Keyed by the version so that, after a reset, the typed password does not stay on the screen. */}
        <Form method="post" {...getFormProps(resetForm)} key={user.version} className="form">
          <FormError errors={resetForm.errors} />
          <input type="hidden" name="intent" value="reset-password" />
          <Field label="Mật khẩu tạm thời" meta={resetFields.password} type="password" autoComplete="new-password" hint="Ít nhất 8 ký tự." required />
          <div>
            <button type="submit" className="button">
              Đặt lại mật khẩu
            </button>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="state-title">
        <h2 id="state-title">{user.disabledAt ? 'Mở khóa tài khoản' : 'Khóa tài khoản'}</h2>
        {isSelf ? (
          <p className="muted">Đây là tài khoản của chính đồng chí; đồng chí không thể tự khóa tài khoản của mình.</p>
        ) : (
          <Form method="post" {...getFormProps(disableForm)}>
            <FormError errors={disableForm.errors} />
            <p className="muted">
              {user.disabledAt
                ? 'Mở khóa để người dùng đăng nhập lại được bằng mật khẩu hiện có.'
                : 'Tài khoản bị khóa không đăng nhập được và mọi phiên đăng nhập đang mở sẽ kết thúc. Dữ liệu và lịch sử thao tác vẫn được giữ.'}
            </p>
            <input type="hidden" name="intent" value="set-disabled" />
            <input type="hidden" name="disabled" value={user.disabledAt ? 'false' : 'true'} />
            <input type="hidden" name="version" value={user.version} />
            <div>
              <button type="submit" className={user.disabledAt ? 'button' : 'button button--danger'}>
                {user.disabledAt ? 'Mở khóa' : 'Khóa tài khoản'}
              </button>
            </div>
          </Form>
        )}
      </section>
    </div>
  )
}
