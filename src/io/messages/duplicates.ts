// Messages of the desk work of issue #20 that this area adds: duplicates (`cases duplicate`, `cases similar`),
// copies (tembusan: `cases copy`, `cases uncopy`, `cases list --copied-to`), internal notes (`cases note`)
// and the duplicates statistics (merged into the catalogue in ../i18n.ts; same rules as there).

export const duplicatesMessages = {
  'action.duplicate': { id: 'Duplikat', en: 'Duplicate' },
  'action.copy': { id: 'Tembusan', en: 'Copied' },
  'action.uncopy': { id: 'Tembusan dicabut', en: 'Copy removed' },
  'action.note': { id: 'Catatan', en: 'Note' },

  'cmd.cases.duplicate': { id: 'Tandai laporan sebagai duplikat laporan lain (diarsipkan, ditautkan)', en: 'Mark cases as duplicates of another (archived and linked)' },
  'cmd.cases.copy': { id: 'Kirim tembusan laporan ke instansi lain (baca dan catatan saja)', en: 'Copy cases to other institutions (read and note only)' },
  'cmd.cases.uncopy': { id: 'Cabut tembusan laporan dari instansi', en: 'Take copies of cases away from institutions' },
  'cmd.cases.note': { id: 'Tambahkan catatan internal (status dan jam tidak berubah)', en: 'Add an internal note (status and clocks do not change)' },
  'cmd.cases.similar': { id: 'Laporan yang mungkin duplikat dari sebuah laporan', en: 'Cases that may be duplicates of a case' },
  'cmd.stats.duplicates': { id: 'Duplikat per instansi (instansi laporan aslinya)', en: 'Duplicates by institution (the original’s institution)' },

  'bulk.verb.duplicate': { id: 'tandai duplikat', en: 'mark duplicate' },
  'bulk.verb.copy': { id: 'tembusan', en: 'copy' },
  'bulk.verb.uncopy': { id: 'cabut tembusan', en: 'remove copy' },
  'bulk.verb.note': { id: 'catatan', en: 'note' },

  'flag.copiedTo': { id: 'laporan yang ditembuskan ke instansi ini (dan unit di bawahnya)', en: 'cases copied to this institution (and its units)' },
  'duplicates.flag.of': { id: 'ID pelacakan laporan asli', en: 'tracking ID of the original case' },
  'duplicates.flag.to': { id: 'kode instansi penerima tembusan (satu atau lebih)', en: 'institution codes to copy to (one or more)' },
  'duplicates.flag.from': { id: 'kode instansi yang tembusannya dicabut (satu atau lebih)', en: 'institution codes to take the copy from (one or more)' },
  'duplicates.flag.noteText': { id: 'isi catatan', en: 'the note' },
  'duplicates.flag.days': { id: 'jendela waktu dalam hari di sekitar tanggal masuk laporan', en: 'time window in days around the case’s submission' },
  'duplicates.flag.limit': { id: 'paling banyak sekian saran', en: 'at most this many suggestions' },
  'duplicates.flag.year': { id: 'tahun (tanggal masuk duplikat); bawaan: tahun ini', en: 'year (of the duplicates’ submission); default: this year' },

  'duplicates.show.duplicateOf': { id: 'Duplikat dari', en: 'Duplicate of' },
  'duplicates.show.duplicates': { id: 'Duplikatnya', en: 'Its duplicates' },
  'duplicates.show.copiedTo': { id: 'Tembusan ke', en: 'Copied to' },

  'duplicates.similar.none': { id: 'Tidak ada laporan yang mirip dengan {trackingId}.', en: 'No cases similar to {trackingId}.' },
  'duplicates.similar.method.trigram': { id: 'kemiripan trigram pg_trgm', en: 'pg_trgm trigram similarity' },
  'duplicates.similar.method.jaccard': { id: 'kemiripan trigram (Jaccard)', en: 'trigram similarity (Jaccard)' },
  'duplicates.similar.header': { id: 'Mirip dengan {trackingId} ({method}):', en: 'Similar to {trackingId} ({method}):' },
  'duplicates.column.score': { id: 'Skor', en: 'Score' },
  'duplicates.column.institution': { id: 'Instansi', en: 'Institution' },
  'duplicates.column.duplicates': { id: 'Duplikat', en: 'Duplicates' },
  'duplicates.column.originals': { id: 'Laporan Asli', en: 'Originals' },
  'stats.def.duplicates': {
    id: 'Duplikat dan tembusan: laporan yang ditautkan sebagai duplikat laporan lain adalah pengaduan yang sama dan dihitung sekali, sebagai laporan aslinya (tidak masuk angka mana pun; lihat lapor stats duplicates). Tembusan tidak mengubah angka: laporan dihitung sekali, di instansi tempat ia didisposisikan.',
    en: 'Duplicates and copies: a case linked as a duplicate of another is the same complaint and counts once, as its original (it is in no figure; see lapor stats duplicates). Copies change no figure: a case counts once, at the institution it is disposed to.',
  },
  'duplicates.stats.none': { id: 'Tidak ada duplikat pada {year}.', en: 'No duplicates in {year}.' },

  'triage.similar.header': { id: 'Mungkin duplikat dari:', en: 'May duplicate:' },
  'triage.choice.duplicate': { id: 'Duplikat dari…', en: 'Duplicate of…' },
  'triage.ask.original': { id: 'Laporan asli', en: 'Original case' },
  'triage.done.duplicate': { id: '✓ {id} ditandai duplikat dari {original} (diarsipkan)', en: '✓ {id} marked a duplicate of {original} (archived)' },

  'problem.reason.duplicate-of-self': { id: 'laporan {trackingId} tidak dapat menjadi duplikat dirinya sendiri', en: 'case {trackingId} cannot be a duplicate of itself' },
  'problem.reason.original-not-found': { id: 'laporan asli {trackingId} tidak ditemukan', en: 'original case {trackingId} not found' },
  'problem.reason.original-is-duplicate': {
    id: 'laporan {trackingId} sendiri duplikat dari {targetId}: tautkan ke laporan asli itu',
    en: 'case {trackingId} is itself a duplicate of {targetId}: link to that original instead',
  },
  'problem.reason.original-closed': {
    id: 'laporan asli {trackingId} berstatus {caseStatus}: buka kembali dulu, atau tangani laporan ini sendiri',
    en: 'original case {trackingId} is {caseStatus}: reopen it first, or handle this case on its own',
  },
  'problem.reason.case-has-duplicates': {
    id: 'laporan {trackingId} adalah laporan asli dari duplikat lain: tandai laporan lain sebagai duplikatnya',
    en: 'case {trackingId} is the original of other duplicates: mark the other case as its duplicate instead',
  },
  'problem.reason.already-duplicate-of': { id: 'laporan {trackingId} sudah duplikat dari {targetId}', en: 'case {trackingId} is a duplicate of {targetId} already' },
  'problem.reason.copy-to-handler': {
    id: 'laporan {trackingId} didisposisikan ke {institutionId}: tidak perlu tembusan',
    en: 'case {trackingId} is disposed to {institutionId}: it needs no copy',
  },
  'problem.reason.already-copied': { id: 'laporan {trackingId} sudah ditembuskan ke instansi itu', en: 'case {trackingId} is copied to those institutions already' },
  'problem.reason.not-copied': { id: 'laporan {trackingId} tidak ditembuskan ke instansi itu', en: 'case {trackingId} is not copied to those institutions' },
  'problem.reason.copy-read-only': {
    id: 'laporan {trackingId} hanya tembusan untuk instansi Anda: baca dan catatan saja, bukan "{action}"',
    en: 'case {trackingId} is only copied to your institution: read and note, not {action}',
  },
} as const;
