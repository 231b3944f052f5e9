// Messages of answer templates (`lapor templates …`, `cases respond --template`) and of reviewed replies
// (`cases drafts|approve|return-draft`, `institutions require-review`), issue #20 (merged in ../i18n.ts).

export const repliesMessages = {
  // case actions and events
  'cmd.cases.approve': { id: 'Setujui draf tindak lanjut: terbitkan sebagai tindak lanjut', en: 'Approve draft follow-ups: publish them as the follow-up' },
  'cmd.cases.return_draft': { id: 'Kembalikan draf tindak lanjut ke penghubung dengan catatan', en: 'Return draft follow-ups to the liaison with a note' },
  'cmd.cases.drafts': { id: 'Antrean tinjauan: draf tindak lanjut yang menunggu persetujuan', en: 'The review queue: draft follow-ups awaiting approval' },
  'bulk.verb.approve': { id: 'setujui draf', en: 'approve' },
  'bulk.verb.return_draft': { id: 'kembalikan draf', en: 'return draft' },
  'action.approve': { id: 'Draf disetujui (tindak lanjut)', en: 'Draft approved (follow-up)' },
  'action.return_draft': { id: 'Draf dikembalikan', en: 'Draft returned' },
  'action.draft': { id: 'Draf tindak lanjut (menunggu tinjauan)', en: 'Draft follow-up (awaiting review)' },
  'problem.reason.draft-pending': {
    id: 'laporan {trackingId} sudah punya draf yang menunggu tinjauan',
    en: 'case {trackingId} already has a draft awaiting review',
  },
  'problem.reason.no-draft-pending': { id: 'laporan {trackingId} tidak punya draf yang menunggu tinjauan', en: 'case {trackingId} has no draft awaiting review' },
  'problem.reason.template-not-found': { id: 'templat {name} tidak ditemukan', en: 'template {name} not found' },
  'problem.reason.template-exists': { id: 'templat {name} sudah ada di instansi itu', en: 'template {name} already exists at that institution' },
  'problem.reason.template-invalid': { id: 'templat {name} tidak valid', en: 'template {name} is not valid' },
  'flag.draft': { id: 'hanya laporan dengan draf tindak lanjut yang menunggu tinjauan (pending)', en: 'only cases with a draft follow-up awaiting review (pending)' },
} as const;
