// Sample view models: the meeting of the reference page (/work/shared/reference/bien-ban-mau.png,
// Chi bộ Khu phố 3, 05/02/2026). Used to preview an uploaded template before any meeting exists, and
// by the tests as the base they vary.
import { docFromParagraphs } from '~/rich-text/from-text'

import type { MinutesTemplateKind, MinutesViewModel, ResolutionViewModel } from './view-model'

const DENOMINATOR = {
  denominator: 21,
  excluded: { elsewhere: 0, exemptAbsent: 1, suspended: 0 },
  probationary: 2,
  presentOfficial: 19,
  official: 22,
}

export function sampleMinutes(overrides: Partial<MinutesViewModel> = {}, kind: MinutesTemplateKind = 'minutes_regular'): MinutesViewModel {
  return {
    kind,
    header: {
      upperBody: 'Đảng bộ phường Ba Đình',
      issuer: 'Chi bộ Khu phố 3',
      number: '02-BB/CB',
      place: 'Hà Nội',
      date: '2026-02-05',
    },
    subject: 'Sinh hoạt chi bộ thường kỳ tháng 02 năm 2026',
    meeting: {
      date: '2026-02-05',
      startTime: '14:30',
      endTime: '16:25',
      endDate: null,
      place: 'Nhà văn hóa khu phố 3, phường Ba Đình',
      form: 'in_person',
    },
    attendance: {
      official: 22,
      probationary: 2,
      temporaryHere: 0,
      exemptAbsent: 1,
      elsewhere: 0,
      suspended: 0,
      present: 21,
      absentExcused: [{ name: 'Lê Văn Nam', reason: 'đi công tác' }],
      absentUnexcused: [{ name: 'Phạm Thị Hoa' }],
      guests: [{ name: 'Đỗ Minh Tuấn', role: 'Đảng ủy viên, phụ trách chi bộ' }],
    },
    chair: { name: 'Nguyễn Văn Hùng', role: 'Bí thư chi bộ' },
    secretary: { name: 'Trần Thị Bích Ngọc', role: 'đảng viên' },
    items: [
      {
        section: 'opening',
        title: 'Khai mạc',
        presenter: null,
        documents: [],
        content: docFromParagraphs([
          'Đồng chí chủ trì tuyên bố lý do, giới thiệu đại biểu; chi bộ cử đồng chí Trần Thị Bích Ngọc làm thư ký; thông báo tình hình đảng viên và thu nộp đảng phí; chi bộ thông qua chương trình sinh hoạt.',
        ]),
        speeches: [],
        conclusion: null,
      },
      {
        section: 'content',
        title: 'Thông tin thời sự; quán triệt Nghị quyết số 22-NQ/TW ngày 02/02/2008 của Ban Chấp hành Trung ương',
        presenter: { name: 'Nguyễn Văn Hùng', role: 'Bí thư chi bộ' },
        documents: ['Nghị quyết số 22-NQ/TW ngày 02/02/2008 của Ban Chấp hành Trung ương'],
        content: null,
        speeches: [],
        conclusion: null,
      },
      {
        section: 'content',
        title: 'Đánh giá kết quả thực hiện nghị quyết tháng 01 năm 2026',
        presenter: { name: 'Nguyễn Văn Hùng', role: 'Bí thư chi bộ' },
        documents: [],
        content: docFromParagraphs(['Chi bộ hoàn thành các nhiệm vụ đề ra trong tháng; 100% đảng viên nộp đảng phí đúng hạn.']),
        speeches: [
          { speaker: 'Hoàng Văn Long', gist: docFromParagraphs(['Đề nghị tăng cường nắm bắt tình hình dư luận trong khu dân cư.']) },
          { speaker: 'Vũ Thị Mai', gist: docFromParagraphs(['Nhất trí với báo cáo; đề nghị bổ sung nhiệm vụ vệ sinh môi trường.']) },
        ],
        conclusion: docFromParagraphs(['Chi bộ tiếp thu các ý kiến, giao chi ủy hoàn thiện dự thảo nghị quyết tháng 02 năm 2026.']),
      },
    ],
    votes: [
      {
        subject: 'thông qua nghị quyết tháng 02 năm 2026',
        kind: 'ordinary',
        method: 'hands',
        for: 18,
        against: 1,
        abstain: 0,
        allowAbstain: false,
        denominator: DENOMINATOR,
        reserved: [],
      },
    ],
    tasks: [
      { assignee: 'Hoàng Văn Long', task: 'Nắm tình hình dư luận khu dân cư, báo cáo chi bộ', deadline: '2026-03-05' },
      { assignee: 'Vũ Thị Mai', task: 'Tổ chức tổng vệ sinh môi trường khu phố', deadline: null },
    ],
    criticism: [],
    quality: { score: 92, level: 'good', confirmedBy: { name: 'Đỗ Minh Tuấn', role: 'Đảng ủy viên, phụ trách chi bộ' } },
    adopted: true,
    signing: {
      state: 'signed',
      verifyCode: '7K3Q-MX9A',
      verifyUrl: 'https://sochibo.example.vn/verify/7K3Q-MX9A',
      secretarySignedAt: '2026-02-05T09:40:00Z',
      chairSignedAt: '2026-02-05T09:52:00Z',
    },
    ...overrides,
  }
}

export function sampleResolution(overrides: Partial<ResolutionViewModel> = {}): ResolutionViewModel {
  return {
    kind: 'resolution',
    header: {
      upperBody: 'Đảng bộ phường Ba Đình',
      issuer: 'Chi bộ Khu phố 3',
      number: '05-NQ/CB',
      place: 'Hà Nội',
      date: '2026-02-05',
    },
    subject: 'về lãnh đạo thực hiện nhiệm vụ tháng 3 năm 2026',
    meeting: {
      date: '2026-02-05',
      place: 'Nhà văn hóa khu phố 3, phường Ba Đình',
      label: 'sinh hoạt chi bộ thường kỳ tháng 02 năm 2026',
      present: 21,
      expected: 23,
      chair: { name: 'Nguyễn Văn Hùng', role: 'Bí thư chi bộ' },
    },
    results: docFromParagraphs([
      'Chi bộ lãnh đạo hoàn thành các nhiệm vụ chính trị trong tháng; 100% đảng viên nộp đảng phí đúng hạn.',
    ]),
    limitations: docFromParagraphs(['Một số đảng viên tham gia sinh hoạt chưa đầy đủ.']),
    tasksIntro: null,
    tasks: [
      { task: 'Nắm tình hình dư luận khu dân cư, báo cáo chi bộ', responsible: 'đ/c Hoàng Văn Long', deadline: '2026-03-05' },
      { task: 'Tổ chức tổng vệ sinh môi trường khu phố', responsible: 'đ/c Vũ Thị Mai', deadline: '2026-03-15' },
    ],
    implementation: null,
    vote: {
      subject: 'thông qua nghị quyết',
      kind: 'ordinary',
      method: 'hands',
      for: 18,
      against: 1,
      abstain: 0,
      allowAbstain: false,
      denominator: DENOMINATOR,
      reserved: [],
    },
    recipients: ['Đảng ủy phường (để báo cáo),', 'Đảng viên trong chi bộ,', 'Lưu Chi bộ.'],
    signer: { name: 'Nguyễn Văn Hùng', title: 'BÍ THƯ' },
    signing: {
      state: 'signed',
      verifyCode: '7K3Q-MX9A',
      verifyUrl: 'https://sochibo.example.vn/verify/7K3Q-MX9A',
      signedAt: '2026-02-05T10:05:00Z',
    },
    ...overrides,
  }
}
