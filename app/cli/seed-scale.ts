// `npm run cli -- seed --scale [--orgs 1000 --cells 5000 --members 78000 --years 5] [--seed N] [--sign-bench N] --db FILE [--force]`:
// the scale dataset of issue 8 (db/seed/scale.ts) into its own database file, with a progress bar on stderr.
import { AppError } from '../models/context'

export type SeedScaleArgs = { db: string; orgs?: string; cells?: string; members?: string; years?: string; seed?: string; signBench?: string; force?: boolean }

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new AppError(400, `--${name} phải là số nguyên dương (nhận được "${value}").`)
  return n
}

export async function runSeedScale(args: SeedScaleArgs): Promise<void> {
  const { seedScale } = await import('../../db/seed/scale')
  const result = await seedScale(args.db, {
    orgs: positive('orgs', args.orgs),
    cells: positive('cells', args.cells),
    members: positive('members', args.members),
    years: positive('years', args.years),
    seed: positive('seed', args.seed),
    signBench: positive('sign-bench', args.signBench) ?? 300,
    force: Boolean(args.force),
    progress: true,
  })
  console.log(
    `Đã tạo bộ dữ liệu quy mô lớn ${result.file}: ${result.orgs} đảng bộ cơ sở, ${result.cells} chi bộ, ${result.members} đảng viên, ` +
      `${result.meetings} buổi sinh hoạt (${result.signedVersions} biên bản đã ký) trong ${result.seconds.total.toFixed(1)} s ` +
      `(tạo dữ liệu ${result.seconds.generate.toFixed(1)} s = ${((result.seconds.generate * 1e6) / Math.max(1, result.meetings)).toFixed(0)} µs/buổi; chỉ mục tìm kiếm ${result.seconds.search.toFixed(1)} s).`,
  )
}
