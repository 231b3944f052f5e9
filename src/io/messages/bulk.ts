// Messages of the action verbs of `lapor cases` and of the `bulk` commands (merged into the catalogue in
// ../i18n.ts; same rules as there).

export const bulkMessages = {
  'cmd.bulk': { id: 'Tindakan massal dari berkas rencana, lanjutkan, status jurnal', en: 'Bulk actions from a plan file, resume, journal status' },
  'cmd.bulk.apply': { id: 'Terapkan berkas rencana CSV (satu baris per laporan)', en: 'Apply a CSV plan file (one row per case)' },
  'cmd.bulk.resume': { id: 'Lanjutkan tindakan massal yang terputus dari jurnalnya', en: 'Continue an interrupted bulk run from its journal' },
  'cmd.bulk.status': { id: 'Ringkasan jurnal tindakan massal', en: 'Summary of a bulk run journal' },
  'cmd.cases.dispose': { id: 'Verifikasi dan disposisikan laporan ke instansi', en: 'Verify cases and dispose them to an institution' },
  'cmd.cases.redispose': { id: 'Disposisikan ulang laporan ke instansi lain', en: 'Redispose cases to another institution' },
  'cmd.cases.return': { id: 'Kembalikan laporan: bukan wewenang instansi ini', en: 'Return cases: not this institution’s business' },
  'cmd.cases.postpone': { id: 'Tunda laporan: minta informasi ke pelapor', en: 'Postpone cases: ask the reporter for information' },
  'cmd.cases.resume': { id: 'Lanjutkan laporan yang tertunda ke antrean verifikasi', en: 'Take postponed cases back to the verification queue' },
  'cmd.cases.archive': { id: 'Arsipkan laporan yang tidak dapat ditindaklanjuti', en: 'Archive cases that are not actionable' },
  'cmd.cases.respond': { id: 'Kirim tindak lanjut', en: 'Post a follow-up' },
  'cmd.cases.close': { id: 'Tutup laporan yang sudah ditindaklanjuti', en: 'Close cases that have had a follow-up' },
  'cmd.cases.reopen': { id: 'Buka kembali laporan yang selesai atau diarsipkan', en: 'Reopen completed or archived cases' },
  'cmd.cases.edit': { id: 'Ubah judul, kategori, klasifikasi atau tanda laporan', en: 'Edit the title, category, classification or flags of cases' },

  // verbs, as a plan names them
  'bulk.verb.dispose': { id: 'disposisi', en: 'dispose' },
  'bulk.verb.redispose': { id: 'disposisi ulang', en: 'redispose' },
  'bulk.verb.return': { id: 'kembalikan', en: 'return' },
  'bulk.verb.postpone': { id: 'tunda', en: 'postpone' },
  'bulk.verb.resume': { id: 'lanjutkan', en: 'resume' },
  'bulk.verb.archive': { id: 'arsipkan', en: 'archive' },
  'bulk.verb.respond': { id: 'tindak lanjut', en: 'respond' },
  'bulk.verb.close': { id: 'tutup', en: 'close' },
  'bulk.verb.reopen': { id: 'buka kembali', en: 'reopen' },
  'bulk.verb.edit': { id: 'ubah', en: 'edit' },

  // arguments and flags
  'bulk.arg.trackingIds': { id: 'ID pelacakan (satu atau lebih)', en: 'tracking IDs (one or more)' },
  'bulk.arg.planFile': { id: 'berkas rencana CSV (- untuk stdin)', en: 'CSV plan file (- for stdin)' },
  'bulk.arg.journal': { id: 'berkas jurnal, atau ID run', en: 'journal file, or run id' },
  'bulk.arg.journalOptional': { id: 'berkas jurnal atau ID run (bawaan: yang terbaru)', en: 'journal file or run id (default: the newest)' },
  'bulk.flag.where': {
    id: 'pilih laporan dengan filter kunci=nilai (boleh berulang; kunci seperti filter cases list)',
    en: 'select cases by a key=value filter (repeatable; keys as the filters of cases list)',
  },
  'bulk.flag.yes': { id: 'jalankan tanpa bertanya (wajib jika tidak interaktif)', en: 'run without asking (required when not interactive)' },
  'bulk.flag.dryRun': {
    id: 'hanya tampilkan yang akan terjadi (laporannya, atau rencananya); tidak mengirim apa pun',
    en: 'only show what would happen (the case, or the plan); send nothing',
  },
  'bulk.flag.chunkSize': { id: 'laporan per permintaan (maks. 1000)', en: 'cases per request (max 1000)' },
  'bulk.flag.concurrency': { id: 'permintaan sekaligus (maks. 8)', en: 'requests at a time (max 8)' },
  'bulk.flag.retryTimeout': {
    id: 'berapa detik mencoba lagi setelah galat jaringan, 5xx, 429 atau 409',
    en: 'seconds to keep retrying after network errors, 5xx, 429 or 409',
  },
  'bulk.flag.format': { id: 'format ringkasan', en: 'summary format' },
  'bulk.flag.note': { id: 'catatan pada riwayat laporan', en: 'note for the case history' },
  'bulk.flag.noteRequired': { id: 'catatan (wajib): alasannya', en: 'note (required): the reason' },
  'bulk.flag.message': { id: 'isi tindak lanjut', en: 'text of the follow-up' },
  'bulk.flag.reason': { id: 'alasan arsip', en: 'archive reason' },
  'bulk.flag.to': { id: 'instansi tujuan: kode atau nama (boleh penggalan)', en: 'target institution: code or name (a fragment will do)' },
  'bulk.flag.title': { id: 'judul baru', en: 'new title' },
  'bulk.flag.category': { id: 'kategori baru (kode atau nama)', en: 'new category (code or name)' },
  'bulk.flag.classification': { id: 'klasifikasi baru', en: 'new classification' },
  'bulk.flag.anonymous': { id: 'tandai anonim', en: 'mark anonymous' },
  'bulk.flag.noAnonymous': { id: 'hapus tanda anonim', en: 'unmark anonymous' },
  'bulk.flag.confidential': { id: 'tandai rahasia', en: 'mark confidential' },
  'bulk.flag.noConfidential': { id: 'hapus tanda rahasia', en: 'unmark confidential' },
  'bulk.flag.emptyText': { id: 'teks tidak boleh kosong', en: 'the text must not be empty' },
  'bulk.help.targets': {
    id:
      'Satu ID: laporan dibaca lalu diubah pada versi itu (If-Match). Beberapa ID atau --where:\n' +
      'rencana ditampilkan dulu (jumlah per status dan instansi, baris pertama, yang akan\n' +
      'ditolak dan alasannya), lalu ditanyakan; tanpa terminal perlu --yes. Yang dikirim\n' +
      'hanya laporan dalam rencana, pada versi yang ditinjau; jurnal mencatat setiap hasil\n' +
      '(lihat lapor bulk status/resume). Dengan --dry-run, satu ID atau lebih, yang akan\n' +
      'terjadi ditampilkan dan tidak ada yang dikirim. Kunci --where: status, institution,\n' +
      'category, classification, channel, from, to, overdue, q.',
    en:
      'One ID: the case is read, then changed at that version (If-Match). Several IDs or\n' +
      '--where: the plan is shown first (counts by status and institution, the first rows,\n' +
      'what will be refused and why), then confirmed; without a terminal --yes is needed.\n' +
      'Only the planned cases are sent, at the versions reviewed; a journal records every\n' +
      'outcome (see lapor bulk status/resume). With --dry-run, one ID or many, what would\n' +
      'happen is shown and nothing is sent. --where keys: status, institution, category,\n' +
      'classification, channel, from, to, overdue, q.',
  },
  'bulk.help.planFile': {
    id:
      'Kolom: trackingId, action, lalu isian tindakannya: institution, reason, message,\n' +
      'note, title, category, classification, anonymous, confidential; version opsional\n' +
      '(tanpa itu dipakai versi saat rencana dibuat). Seluruh berkas diperiksa dulu: setiap\n' +
      'masalah disebut dengan baris dan kolomnya, dan tidak ada yang dikirim.',
    en:
      'Columns: trackingId, action, then the action’s fields: institution, reason, message,\n' +
      'note, title, category, classification, anonymous, confidential; an optional version\n' +
      '(else the version at plan time is used). The whole file is checked first: every\n' +
      'problem is named with its line and column, and nothing is sent.',
  },
  'bulk.help.noun': {
    id:
      'Setiap tindakan massal menulis jurnal di direktori state (~/.local/state/lapor/journals).\n' +
      'Jika terputus, `lapor bulk resume` melanjutkannya tanpa kehilangan atau mengulang apa pun.',
    en:
      'Every bulk run writes a journal in the state dir (~/.local/state/lapor/journals).\n' +
      'When interrupted, `lapor bulk resume` continues it without losing or repeating anything.',
  },
  'bulk.hint.yesOrDryRun': {
    id: 'tinjau dulu dengan --dry-run, lalu jalankan lagi dengan --yes',
    en: 'review it with --dry-run first, then run again with --yes',
  },

  // naming the cases
  'bulk.targets.both': { id: 'sebutkan ID pelacakan atau --where, tidak keduanya', en: 'name tracking IDs or --where, not both' },
  'bulk.targets.none': { id: 'laporan mana? sebutkan ID pelacakan atau --where', en: 'which cases? name tracking IDs or --where' },
  'bulk.targets.hint': {
    id: 'mis. `lapor cases close LAP-1 LAP-2` atau `lapor cases close --where status=in_progress`',
    en: 'e.g. `lapor cases close LAP-1 LAP-2` or `lapor cases close --where status=in_progress`',
  },
  'bulk.where.form': { id: 'harus berbentuk kunci=nilai; kunci: {keys}', en: 'expected key=value; keys: {keys}' },
  'bulk.where.unknownKey': { id: 'kunci {key} tidak dikenal; kunci: {keys}', en: 'unknown key {key}; keys: {keys}' },
  'bulk.where.emptyValue': { id: '{key} tanpa nilai', en: '{key} has no value' },
  'bulk.where.badValue': { id: '{key}={value} tidak valid; pilihan: {allowed}', en: '{key}={value} is not valid; allowed: {allowed}' },
  'bulk.where.badValueNear': {
    id: '{key}={value} tidak valid; maksud Anda {suggestion}? pilihan: {allowed}',
    en: '{key}={value} is not valid; did you mean {suggestion}? allowed: {allowed}',
  },
  'bulk.where.repeated': { id: '--where {key}=… hanya boleh sekali', en: '--where {key}=… may be given once only' },
  'bulk.request.invalid': { id: 'isian {field} tidak valid: {message}', en: 'invalid {field}: {message}' },
  'bulk.edit.noChange': {
    id: 'tidak ada yang diubah: berikan --title, --category, --classification, --[no-]anonymous atau --[no-]confidential',
    en: 'nothing to change: give --title, --category, --classification, --[no-]anonymous or --[no-]confidential',
  },

  // the plan
  'bulk.plan.selecting': { id: 'memilih laporan: {where}', en: 'selecting cases: {where}' },
  'bulk.plan.title': { id: 'Rencana: {verb} {count} laporan ({what})', en: 'Plan: {verb} {count} cases ({what})' },
  'bulk.plan.namedIds': { id: '{n} ID yang disebut', en: '{n} IDs named' },
  'bulk.plan.mixed': { id: 'tindakan campuran', en: 'mixed actions' },
  'bulk.plan.byStatus': { id: 'Menurut status:', en: 'By status:' },
  'bulk.plan.byInstitution': { id: 'Menurut instansi:', en: 'By institution:' },
  'bulk.plan.target': { id: 'Instansi tujuan:', en: 'To institution:' },
  'bulk.plan.byAction': { id: 'Menurut tindakan:', en: 'By action:' },
  'bulk.plan.prediction': { id: 'Perkiraan:', en: 'Expected:' },
  'bulk.plan.predictionCounts': {
    id: '{apply} diterapkan · {skip} dilewati (sudah dalam status tujuan) · {refuse} ditolak',
    en: '{apply} applied · {skip} skipped (already in the target state) · {refuse} refused',
  },
  'bulk.plan.example': { id: 'mis. {detail}', en: 'e.g. {detail}' },
  'bulk.plan.unknownStatus': { id: 'tidak diketahui', en: 'unknown' },
  'bulk.plan.noInstitution': { id: '(belum ada)', en: '(none)' },
  'bulk.plan.otherInstitutions': { id: '{n} instansi lain {count}', en: '{n} other institutions {count}' },
  'bulk.plan.unresolved': {
    id: '{count} laporan tidak ditemukan (atau di luar cakupan) dan tidak akan dikirim: {ids}',
    en: '{count} cases not found (or out of scope), which will not be sent: {ids}',
  },
  'bulk.plan.firstRows': { id: '{shown} baris pertama dari {count}:', en: 'First {shown} of {count} rows:' },
  'bulk.plan.willApply': { id: 'diterapkan', en: 'apply' },
  'bulk.plan.willSkip': { id: 'dilewati (sudah)', en: 'skip (already done)' },
  'bulk.plan.willRefuse': { id: 'ditolak', en: 'refused' },
  'bulk.plan.empty': { id: 'Tidak ada laporan yang cocok; tidak ada yang dikirim', en: 'No case matches; nothing was sent' },
  'bulk.plan.dryRun': { id: 'Uji coba (--dry-run): tidak ada yang dikirim', en: 'Dry run (--dry-run): nothing was sent' },
  'bulk.confirm': { id: 'Jalankan {verb} pada {count} laporan?', en: 'Run {verb} on {count} cases?' },
  'bulk.column.trackingId': { id: 'ID Pelacakan', en: 'Tracking ID' },
  'bulk.column.action': { id: 'Tindakan', en: 'Action' },
  'bulk.column.status': { id: 'Status', en: 'Status' },
  'bulk.column.institution': { id: 'Instansi', en: 'Institution' },
  'bulk.column.version': { id: 'Versi', en: 'Version' },
  'bulk.column.prediction': { id: 'Perkiraan', en: 'Expected' },
  'bulk.refusal.not_found': { id: 'tidak ditemukan atau di luar cakupan', en: 'not found or out of scope' },
  'bulk.refusal.forbidden': { id: 'peran tidak diizinkan', en: 'role not allowed' },
  'bulk.refusal.invalid_transition': { id: 'tidak boleh dari status ini', en: 'not allowed from this status' },
  'bulk.refusal.invalid_field': { id: 'isian tidak valid', en: 'invalid field' },
  'bulk.refusal.stale': { id: 'berubah sejak versi yang ditinjau', en: 'changed since the version reviewed' },

  // the run
  'bulk.run.journal': { id: 'jurnal: {path}', en: 'journal: {path}' },
  'bulk.run.retrying': {
    id: 'bagian {chunk}: {why}; mencoba lagi dalam {seconds} dtk',
    en: 'chunk {chunk}: {why}; retrying in {seconds} s',
  },
  'bulk.run.busy': { id: 'server masih sibuk dengan bagian ini: {detail}', en: 'the server is still busy with this chunk: {detail}' },
  'bulk.run.stopped': {
    id: 'Dihentikan: {done} dari {planned} laporan sudah ada hasilnya; jurnal disimpan',
    en: 'Stopped: {done} of {planned} cases have an outcome; the journal is kept',
  },
  'bulk.run.resumeWith': { id: 'lanjutkan dengan: {command}', en: 'resume with: {command}' },
  'bulk.run.partial': {
    id: '{failed} dari {planned} laporan gagal; yang lain sudah diterapkan atau dilewati',
    en: '{failed} of {planned} cases failed; the others were applied or skipped',
  },
  'bulk.run.failuresAt': { id: 'daftar kegagalan: {path}', en: 'failure list: {path}' },
  'bulk.summary.run': { id: 'Proses', en: 'Run' },
  'bulk.summary.command': { id: 'Perintah', en: 'Command' },
  'bulk.summary.planned': { id: 'Direncanakan', en: 'Planned' },
  'bulk.summary.done': { id: 'Sudah ada hasil', en: 'Done' },
  'bulk.summary.applied': { id: 'Diterapkan', en: 'Applied' },
  'bulk.summary.skipped': { id: 'Dilewati (sudah dalam status tujuan)', en: 'Skipped (already in the target state)' },
  'bulk.summary.failed': { id: 'Gagal', en: 'Failed' },
  'bulk.summary.remaining': { id: 'Tersisa', en: 'Remaining' },

  // one case
  'bulk.single.applied': { id: '{id}: {verb} → {status} (versi {version})', en: '{id}: {verb} → {status} (version {version})' },
  'bulk.single.appliedTo': {
    id: '{id}: {verb} ke {institution} → {status} (versi {version})',
    en: '{id}: {verb} to {institution} → {status} (version {version})',
  },
  'bulk.single.skipped': { id: '{id}: tidak ada yang diubah ({detail})', en: '{id}: nothing changed ({detail})' },
  'bulk.single.stale': {
    id: '{id} diubah orang lain sementara itu (versi {version} sudah bukan yang terbaru); tidak ada yang ditimpa',
    en: '{id} was changed by someone else meanwhile (version {version} is no longer current); nothing was overwritten',
  },
  'bulk.single.staleHint': { id: 'lihat lagi dengan `lapor cases show {id}`, lalu ulangi', en: 'look again with `lapor cases show {id}`, then retry' },
  // one case, --dry-run: what would happen
  'bulk.one.title': { id: 'Uji coba: {verb} {id}', en: 'Dry run: {verb} {id}' },
  'bulk.one.case': { id: 'Laporan:', en: 'Case:' },
  'bulk.one.status': { id: 'Status kini:', en: 'Status now:' },
  'bulk.one.institution': { id: 'Instansi kini:', en: 'Institution now:' },
  'bulk.one.action': { id: 'Tindakan:', en: 'Action:' },
  'bulk.one.result': { id: 'Status hasil:', en: 'Resulting status:' },
  'bulk.one.target': { id: 'Instansi tujuan:', en: 'Target institution:' },
  'bulk.one.hiddenTitle': { id: '(judul disamarkan)', en: '(title redacted)' },
  'bulk.one.unchanged': { id: '{status}, tidak berubah (sudah dilakukan)', en: '{status}, unchanged (already done)' },
  'bulk.one.refused': { id: 'ditolak: {reason} ({detail})', en: 'refused: {reason} ({detail})' },

  // journals
  'bulk.journal.corrupt': { id: 'jurnal {path} rusak di baris {line}: {why}', en: 'journal {path} is damaged at line {line}: {why}' },
  'bulk.journal.corruptHint': {
    id: 'jurnal hanya ditulis oleh lapor; jangan disunting',
    en: 'journals are written by lapor only; do not edit them',
  },
  'bulk.journal.missing': { id: 'jurnal {path} tidak ada', en: 'journal {path} does not exist' },
  'bulk.journal.missingHint': { id: 'lihat jurnal terbaru dengan `lapor bulk status`', en: 'see the newest journal with `lapor bulk status`' },
  'bulk.status.none': { id: 'belum ada jurnal di {dir}', en: 'no journal in {dir} yet' },
  'bulk.status.noneHint': { id: 'jurnal ditulis oleh setiap tindakan massal', en: 'every bulk run writes one' },
  'bulk.resume.otherActor': {
    id: 'jurnal ini ditulis dengan token {actor}; sekarang memakai {me}',
    en: 'this journal was written with the token {actor}; now using {me}',
  },
  'bulk.resume.otherActorHint': {
    id: 'lanjutkan dengan token yang sama (kunci idempotensi terikat padanya)',
    en: 'resume with the same token (the idempotency keys belong to it)',
  },
  'bulk.resume.otherApi': {
    id: 'peringatan: jurnal ditulis untuk {was}, sekarang memakai {now}',
    en: 'warning: the journal was written for {was}, now using {now}',
  },
  'bulk.resume.torn': {
    id: 'baris terakhir jurnal terpotong ({bytes} bita) dan diabaikan',
    en: 'the journal’s last line was torn ({bytes} bytes) and is ignored',
  },
  'bulk.resume.starting': {
    id: 'Melanjutkan {run}: {left} dari {planned} laporan dalam {chunks} bagian',
    en: 'Resuming {run}: {left} of {planned} cases in {chunks} chunks',
  },
  'bulk.resume.complete': { id: 'Run {run} sudah selesai; tidak ada yang dikirim', en: 'Run {run} is already complete; nothing was sent' },

  // plan files
  'bulk.planfile.unreadable': { id: 'tidak dapat membaca {file}: {why}', en: 'cannot read {file}: {why}' },
  'bulk.planfile.problems': { id: '{file}: {n} masalah; tidak ada yang dikirim', en: '{file}: {n} problems; nothing was sent' },
  'bulk.planfile.hint': {
    id: 'perbaiki berkasnya lalu jalankan lagi (lihat lapor bulk apply --help)',
    en: 'fix the file and run again (see lapor bulk apply --help)',
  },
  'bulk.planfile.more': { id: '… dan {n} lainnya', en: '… and {n} more' },
  'bulk.planfile.atLine': { id: 'baris {line}', en: 'line {line}' },
  'bulk.planfile.atCell': { id: 'baris {line}, kolom {column}', en: 'line {line}, column {column}' },
  'bulk.planfile.notCsv': { id: 'bukan CSV yang valid: {why}', en: 'not valid CSV: {why}' },
  'bulk.planfile.empty': { id: 'berkas kosong', en: 'empty file' },
  'bulk.planfile.noRows': { id: 'hanya baris judul, tanpa laporan', en: 'a header row and no cases' },
  'bulk.planfile.unknownColumn': { id: 'kolom "{name}" tidak dikenal; kolom: {columns}', en: 'unknown column "{name}"; columns: {columns}' },
  'bulk.planfile.duplicateColumn': { id: 'kolom ini muncul dua kali', en: 'this column appears twice' },
  'bulk.planfile.missingColumn': { id: 'kolom wajib tidak ada', en: 'required column missing' },
  'bulk.planfile.cellCount': { id: 'diharapkan {expected} sel, ada {got}', en: 'expected {expected} cells, got {got}' },
  'bulk.planfile.required': { id: 'wajib diisi', en: 'required' },
  'bulk.planfile.requiredFor': { id: 'wajib diisi untuk {action}', en: 'required for {action}' },
  'bulk.planfile.notUsed': { id: 'tidak dipakai oleh {action}; kosongkan', en: 'not used by {action}; leave it empty' },
  'bulk.planfile.badTrackingId': { id: 'ID pelacakan "{value}" tidak valid', en: 'invalid tracking ID "{value}"' },
  'bulk.planfile.duplicateId': { id: '{id} sudah ada di baris {line}', en: '{id} already appears on line {line}' },
  'bulk.planfile.badVersion': { id: 'versi "{value}" harus bilangan bulat ≥ 1', en: 'version "{value}" must be a whole number ≥ 1' },
  'bulk.planfile.unknownAction': { id: 'tindakan "{value}" tidak dikenal; pilihan: {actions}', en: 'unknown action "{value}"; allowed: {actions}' },
  'bulk.planfile.unknown.institution': { id: 'instansi "{value}" tidak dikenal', en: 'unknown institution "{value}"' },
  'bulk.planfile.unknownNear.institution': {
    id: 'instansi "{value}" tidak dikenal; maksud Anda {suggestion}?',
    en: 'unknown institution "{value}"; did you mean {suggestion}?',
  },
  'bulk.planfile.ambiguous.institution': {
    id: '"{value}" cocok dengan {n} instansi ({ids}); pakai kodenya',
    en: '"{value}" matches {n} institutions ({ids}); use its code',
  },
  'bulk.planfile.unknown.category': { id: 'kategori "{value}" tidak dikenal', en: 'unknown category "{value}"' },
  'bulk.planfile.unknownNear.category': {
    id: 'kategori "{value}" tidak dikenal; maksud Anda {suggestion}?',
    en: 'unknown category "{value}"; did you mean {suggestion}?',
  },
  'bulk.planfile.ambiguous.category': {
    id: '"{value}" cocok dengan {n} kategori ({ids}); pakai kodenya',
    en: '"{value}" matches {n} categories ({ids}); use its code',
  },
  'bulk.planfile.badChoice': { id: '"{value}" tidak valid; pilihan: {choices}', en: '"{value}" is not valid; allowed: {choices}' },
  'bulk.planfile.badBoolean': { id: '"{value}" bukan ya/tidak (true/false)', en: '"{value}" is not yes/no (true/false)' },
  'bulk.planfile.editNeedsChange': { id: 'edit memerlukan salah satu kolom: {columns}', en: 'edit needs one of the columns: {columns}' },
  'bulk.planfile.invalid': { id: 'tidak valid: {why}', en: 'invalid: {why}' },
} as const;
