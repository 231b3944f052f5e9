// Messages of the `triage` commands (merged into the catalogue in ../i18n.ts; same rules as there).

export const triageMessages = {
  'cmd.triage': { id: 'Telusuri antrean verifikasi satu per satu', en: 'Walk the verification queue one case at a time' },

  // flags and help
  'triage.flag.limit': { id: 'berhenti setelah N laporan', en: 'stop after N cases' },
  'triage.help.interactive': {
    id:
      'Triase hanya interaktif: perlu terminal (stdin dan stdout) dan tidak punya\n' +
      '--yes, karena setiap laporan diputuskan sendiri. Untuk skrip dan cron pakai\n' +
      '`lapor cases dispose|postpone|archive <ID…> … --yes` atau\n' +
      '`lapor bulk apply rencana.csv`. Ctrl-C membatalkan (kode keluar 130);\n' +
      'keputusan yang sudah diterapkan tetap berlaku.',
    en:
      'Triage is interactive only: it needs a terminal (stdin and stdout) and has\n' +
      'no --yes, since every case is decided on its own. For scripts and cron use\n' +
      '`lapor cases dispose|postpone|archive <ID…> … --yes` or\n' +
      '`lapor bulk apply plan.csv`. Ctrl-C cancels (exit code 130); decisions\n' +
      'already applied stay applied.',
  },

  // refusals before any request
  'triage.error.notInteractive': {
    id: 'triase bersifat interaktif dan memerlukan terminal (stdin dan stdout)',
    en: 'triage is interactive and needs a terminal (stdin and stdout)',
  },
  'triage.error.noYes': {
    id: '--yes tidak berlaku untuk triase: setiap laporan diputuskan satu per satu',
    en: '--yes does not apply to triage: every case is decided one at a time',
  },
  'triage.hint.scripted': {
    id: 'untuk skrip pakai `lapor cases dispose <ID…> --to <instansi> --yes` (juga postpone, archive) atau `lapor bulk apply rencana.csv`',
    en: 'in scripts use `lapor cases dispose <ID…> --to <institution> --yes` (also postpone, archive) or `lapor bulk apply plan.csv`',
  },
  'triage.error.notAdmin': {
    id: 'triase memerlukan token admin (nasional atau instansi); token ini berperan {role}',
    en: 'triage needs an admin token (national or institution); this token has the role {role}',
  },

  // the case card
  'triage.card.position': { id: 'Laporan {n}', en: 'Case {n}' },
  'triage.card.location': { id: 'Lokasi', en: 'Location' },
  'triage.card.flags': { id: 'Tanda', en: 'Flags' },
  'triage.card.target': { id: 'Ditujukan ke', en: 'Addressed to' },
  'triage.card.anonymous': { id: 'anonim', en: 'anonymous' },
  'triage.card.confidential': { id: 'rahasia', en: 'confidential' },
  'triage.card.redacted': { id: '(disembunyikan: laporan rahasia)', en: '(hidden: confidential case)' },
  'triage.card.noTitle': { id: '(tanpa judul)', en: '(no title)' },
  'triage.card.bodyMore': {
    id: '… {n} karakter lagi: lapor cases show {id}',
    en: '… {n} more characters: lapor cases show {id}',
  },

  // the questions
  'triage.prompt.action': { id: 'Keputusan untuk {id}?', en: 'Decision for {id}?' },
  'triage.choice.dispose': { id: 'Disposisi ke instansi…', en: 'Dispose to an institution…' },
  'triage.choice.postpone': { id: 'Tunda: minta informasi ke pelapor…', en: 'Postpone: ask the reporter for information…' },
  'triage.choice.archive': { id: 'Arsipkan…', en: 'Archive…' },
  'triage.choice.edit': { id: 'Ubah klasifikasi, kategori atau tanda…', en: 'Edit classification, category or flags…' },
  'triage.choice.skip': { id: 'Lewati', en: 'Skip' },
  'triage.choice.quit': { id: 'Keluar', en: 'Quit' },
  'triage.choice.back': { id: '← Kembali', en: '← Back' },
  'triage.prompt.institution': {
    id: 'Disposisi {id} ke instansi (ketik untuk mencari)',
    en: 'Dispose {id} to institution (type to search)',
  },
  'triage.choice.suggested': { id: 'instansi yang lazim untuk kategori ini', en: 'the usual institution for this category' },
  'triage.prompt.postponeNote': {
    id: 'Catatan penundaan (informasi apa yang diminta dari pelapor?)',
    en: 'Postponement note (what information is asked of the reporter?)',
  },
  'triage.validate.noteRequired': { id: 'catatan wajib diisi', en: 'a note is required' },
  'triage.prompt.archiveReason': { id: 'Alasan arsip {id}', en: 'Archive reason for {id}' },
  'triage.prompt.archiveNote': { id: 'Catatan (opsional, Enter untuk melewati)', en: 'Note (optional, Enter to leave out)' },
  'triage.prompt.editField': { id: 'Ubah apa pada {id}?', en: 'Edit what on {id}?' },
  'triage.edit.classification': { id: 'Klasifikasi: {value}', en: 'Classification: {value}' },
  'triage.edit.category': { id: 'Kategori: {value}', en: 'Category: {value}' },
  'triage.edit.anonymous': { id: 'Anonim: {from} → {to}', en: 'Anonymous: {from} → {to}' },
  'triage.edit.confidential': { id: 'Rahasia: {from} → {to}', en: 'Confidential: {from} → {to}' },
  'triage.prompt.classification': { id: 'Klasifikasi baru', en: 'New classification' },
  'triage.prompt.category': { id: 'Kategori baru (ketik untuk mencari)', en: 'New category (type to search)' },

  // what happened
  'triage.done.dispose': { id: '✓ {id} didisposisikan ke {institution}', en: '✓ {id} disposed to {institution}' },
  'triage.done.postpone': { id: '✓ {id} ditunda', en: '✓ {id} postponed' },
  'triage.done.archive': { id: '✓ {id} diarsipkan ({reason})', en: '✓ {id} archived ({reason})' },
  'triage.done.edit': { id: '✓ {id} diubah: {fields}', en: '✓ {id} edited: {fields}' },
  'triage.notice.stale': {
    id: '{id} diubah orang lain sementara itu (versi {seen} → {current}); inilah data terbarunya, tidak ada yang ditimpa. Putuskan lagi.',
    en: '{id} was changed by someone else meanwhile (version {seen} → {current}); here is the current case, nothing was overwritten. Decide again.',
  },
  'triage.notice.handledElsewhere': {
    id: '{id} sudah ditangani orang lain (sekarang {status}); tidak ada yang ditimpa, lanjut ke laporan berikutnya',
    en: '{id} was already handled by someone else (now {status}); nothing was overwritten, moving on',
  },
  'triage.notice.gone': {
    id: '{id} tidak terlihat lagi (di luar cakupan token Anda); lanjut ke laporan berikutnya',
    en: '{id} is no longer visible (outside your token’s scope); moving on',
  },
  'triage.notice.refused': { id: 'ditolak: {detail}', en: 'refused: {detail}' },
  'triage.notice.emptyQueue': { id: 'Antrean verifikasi kosong', en: 'The verification queue is empty' },
  'triage.notice.queueDone': { id: 'Akhir antrean verifikasi', en: 'End of the verification queue' },
  'triage.notice.limitReached': { id: 'Batas --limit {n} tercapai', en: 'Reached --limit {n}' },

  // the summary
  'triage.summary.counts': {
    id: 'Triase: {disposed} didisposisi · {postponed} ditunda · {archived} diarsipkan · {edited} diubah · {skipped} dilewati',
    en: 'Triage: {disposed} disposed · {postponed} postponed · {archived} archived · {edited} edited · {skipped} skipped',
  },
  'triage.summary.changed': {
    id: '{n} laporan sudah ditangani orang lain dan dilewati',
    en: '{n} cases were handled by someone else and passed over',
  },
  'triage.summary.cancelled': {
    id: 'Triase dibatalkan; keputusan yang sudah diterapkan tetap berlaku',
    en: 'Triage cancelled; the decisions already applied stay applied',
  },
} as const;
