// Messages of the `sla` commands (merged into the catalogue in ../i18n.ts; same rules as there).

export const slaMessages = {
  // ---- escalation as a case action (issue #19): its names in the history, plans and bulk summaries ----
  'action.escalate': { id: 'Dieskalasi (intervensi)', en: 'Escalated (intervention)' },
  'cmd.cases.escalate': { id: 'Eskalasi laporan untuk intervensi admin nasional', en: 'Escalate cases for the national admin\'s intervention' },
  'bulk.verb.escalate': { id: 'eskalasi', en: 'escalate' },
  // ---- lapor sla escalate ----
  'cmd.sla.escalate': {
    id: 'Eskalasi (intervensi) laporan yang melewati tenggat: pilih per instansi, tenggat dan umur; rencana + konfirmasi',
    en: 'Escalate (intervention) cases past a deadline: select by institution, clock and age; plan + confirm',
  },
  'sla.escalate.flag.minDays': { id: 'hanya yang terlambat sedikitnya n hari kerja (bawaan 0)', en: 'only those at least n working days overdue (default 0)' },
  'sla.escalate.title': { id: 'pelanggaran belum dieskalasi ({where})', en: 'breaches not yet escalated ({where})' },
  'sla.sweep.breaches': {
    id: 'pelanggaran tercatat: {breaches} baru; dieskalasi menurut aturan: {escalated}',
    en: 'breaches recorded: {breaches} new; escalated by rule: {escalated}',
  },
  // ---- lapor sla policies ----
  'cmd.sla.policies': { id: 'Kebijakan SLA: syarat → target per tenggat, berlaku sejak tanggal (admin nasional)', en: 'SLA policies: conditions → targets per clock, effective from a date (national admins)' },
  'cmd.sla.policies.list': { id: 'Semua versi semua kebijakan SLA', en: 'Every version of every SLA policy' },
  'cmd.sla.policies.show': { id: 'Versi-versi satu kebijakan SLA', en: 'The versions of one SLA policy' },
  'cmd.sla.policies.set': {
    id: 'Tambah versi kebijakan SLA yang berlaku sejak --effective-from (laporan sebelumnya tetap pada tenggatnya)',
    en: 'Add a version of an SLA policy, in force from --effective-from (earlier cases keep their deadlines)',
  },
  'cmd.sla.policies.import': { id: 'Tambah versi kebijakan dari berkas JSON (bentuk export); semua atau tidak sama sekali', en: 'Add policy versions from a JSON file (the export form); all or none' },
  'cmd.sla.policies.export': { id: 'Semua versi kebijakan sebagai JSON (dibaca kembali oleh import)', en: 'Every policy version as JSON (read back by import)' },
  'sla.policies.arg.id': { id: 'id kebijakan', en: 'policy id' },
  'sla.policies.arg.file': { id: 'berkas JSON', en: 'JSON file' },
  'sla.policies.flag.effectiveFrom': { id: 'tanggal mulai berlaku (YYYY-MM-DD; hari ini atau nanti untuk kebijakan yang ada)', en: 'date it takes effect (YYYY-MM-DD; today or later for an existing policy)' },
  'sla.policies.flag.name': { id: 'nama kebijakan', en: 'policy name' },
  'sla.policies.flag.source': { id: 'sumber angka (peraturan, keputusan)', en: 'where the figures come from (a regulation, a decision)' },
  'sla.policies.flag.classification': { id: 'syarat klasifikasi (any: semua)', en: 'classification condition (any: all)' },
  'sla.policies.flag.category': { id: 'syarat subpohon kategori (any: semua)', en: 'category subtree condition (any: all)' },
  'sla.policies.flag.institution': { id: 'syarat subpohon instansi (any: semua)', en: 'institution subtree condition (any: all)' },
  'sla.policies.flag.fieldInspection': { id: 'syarat pemeriksaan lapangan', en: 'field inspection condition' },
  'sla.policies.flag.verify': { id: 'target verifikasi sejak masuk', en: 'verification target from submission' },
  'sla.policies.flag.response': { id: 'target tindak lanjut pertama sejak disposisi', en: 'first follow-up target from disposition' },
  'sla.policies.flag.followUp': { id: 'target tindak lanjut berikutnya sejak balasan pelapor', en: 'next follow-up target from a reporter reply' },
  'sla.policies.flag.completion': { id: 'target penyelesaian sejak masuk', en: 'completion target from submission' },
  'sla.policies.flag.autoClose': { id: 'tutup otomatis sejak tindak lanjut terakhir tanpa balasan', en: 'auto-close after the last follow-up with no reply' },
  'sla.policies.flag.escalateAfter': { id: 'eskalasi otomatis sekian lama setelah tenggat tindak lanjut (none: tidak)', en: 'automatic escalation this long past the follow-up deadline (none: never)' },
  'sla.policies.flag.dryRun': { id: 'tampilkan apa yang akan ditambahkan, tanpa mengirim', en: 'show what would be added, send nothing' },
  'sla.policies.help.targets': { id: 'Target: 5w = 5 hari kerja, 14c = 14 hari kalender.', en: 'Targets: 5w = 5 working days, 14c = 14 calendar days.' },
  'sla.policies.badTarget': { id: 'target "{value}" tidak dikenal: tulis misalnya 5w (hari kerja) atau 14c (hari kalender)', en: 'unknown target "{value}": write e.g. 5w (working days) or 14c (calendar days)' },
  'sla.policies.workingDays': { id: '{n} hari kerja', en: '{n} working days' },
  'sla.policies.calendarDays': { id: '{n} hari kalender', en: '{n} calendar days' },
  'sla.policies.needName': { id: 'kebijakan baru {id} perlu --name', en: 'a new policy {id} needs --name' },
  'sla.policies.created': { id: '✓ kebijakan {id} berlaku sejak {date} ditambahkan', en: '✓ policy {id} in force from {date} added' },
  'sla.policies.unchanged': { id: 'kebijakan {id} sejak {date} sudah ada dengan isi yang sama', en: 'policy {id} from {date} exists already with the same content' },
  'sla.policies.unreadable': { id: 'tidak dapat membaca {path}', en: 'cannot read {path}' },
  'sla.policies.notJson': { id: '{path} bukan JSON', en: '{path} is not JSON' },
  'sla.policies.invalidFile': { id: '{path}: {at}: {why}', en: '{path}: {at}: {why}' },
  'sla.policies.importDryRun': { id: 'akan ditambahkan: {created}; sudah ada: {unchanged} (tidak ada yang dikirim)', en: 'would be added: {created}; present already: {unchanged} (nothing sent)' },
  'sla.policies.imported': { id: 'ditambahkan: {created}; sudah ada: {unchanged}', en: 'added: {created}; present already: {unchanged}' },
  'sla.policies.column.id': { id: 'ID', en: 'ID' },
  'sla.policies.column.effectiveFrom': { id: 'BERLAKU SEJAK', en: 'EFFECTIVE FROM' },
  'sla.policies.column.name': { id: 'NAMA', en: 'NAME' },
  'sla.policies.column.classification': { id: 'KLASIFIKASI', en: 'CLASSIFICATION' },
  'sla.policies.column.category': { id: 'KATEGORI', en: 'CATEGORY' },
  'sla.policies.column.institution': { id: 'INSTANSI', en: 'INSTITUTION' },
  'sla.policies.column.fieldInspection': { id: 'PERIKSA LAPANGAN', en: 'FIELD INSPECTION' },
  'sla.policies.column.verify': { id: 'VERIFIKASI', en: 'VERIFY' },
  'sla.policies.column.response': { id: 'TINDAK LANJUT', en: 'FIRST FOLLOW-UP' },
  'sla.policies.column.followUp': { id: 'TL BERIKUTNYA', en: 'NEXT FOLLOW-UP' },
  'sla.policies.column.completion': { id: 'PENYELESAIAN', en: 'COMPLETION' },
  'sla.policies.column.autoClose': { id: 'TUTUP OTOMATIS', en: 'AUTO-CLOSE' },
  'sla.policies.column.escalateAfter': { id: 'ESKALASI', en: 'ESCALATE AFTER' },
  'sla.policies.column.source': { id: 'SUMBER', en: 'SOURCE' },
  'problem.reason.sla-policy-not-found': { id: 'kebijakan SLA {name} tidak ditemukan', en: 'SLA policy {name} not found' },
  'flag.escalated': { id: 'hanya laporan yang dieskalasi untuk intervensi (no: yang tidak)', en: 'only cases escalated for intervention (no: those not)' },
  'cmd.sla': { id: 'Jam layanan: pelanggaran dan penyapuan otomatis (cron)', en: 'Service clocks: breaches and the automatic sweep (cron)' },
  'cmd.sla.overdue': {
    id: 'Laporan yang melewati tenggat, paling terlambat dulu, dengan instansi yang bertanggung jawab',
    en: 'Cases past a deadline, most overdue first, with the institution responsible',
  },
  'cmd.sla.sweep': {
    id: 'Tutup otomatis (oleh sistem) laporan tanpa balasan pelapor setelah tindak lanjut terakhir (bawaan 10 hari kerja); aman untuk cron',
    en: 'Auto-close (by the system) cases with no reporter reply after the last follow-up (10 working days by default); safe for cron',
  },

  'sla.flag.clock': { id: 'satu tenggat saja (bawaan: semua)', en: 'one clock only (default: all)' },
  'sla.flag.institution': {
    id: 'instansi yang bertanggung jawab, termasuk unit di bawahnya',
    en: 'institution responsible, including its subtree',
  },
  'sla.flag.dryRun': { id: 'tampilkan yang akan ditutup tanpa mengubah apa pun', en: 'list what would be closed without changing anything' },
  'sla.flag.limit': { id: 'tutup paling banyak n laporan dalam satu jalan', en: 'close at most n cases in this run' },

  'sla.column.clock': { id: 'Tenggat', en: 'Clock' },
  'sla.column.institutionName': { id: 'Nama Instansi', en: 'Institution name' },
  'sla.column.dueAt': { id: 'Jatuh Tempo', en: 'Due' },
  'sla.column.overdueWorkingDays': { id: 'Hari Kerja', en: 'Working days' },
  'sla.column.overdueHours': { id: 'Jam', en: 'Hours' },
  'sla.column.version': { id: 'Versi', en: 'Version' },

  'sla.sweep.summary': {
    id: 'penyapuan SLA: {examined} diperiksa, {closed} ditutup, {skipped} dibiarkan, {failed} gagal',
    en: 'SLA sweep: {examined} examined, {closed} closed, {skipped} left open, {failed} failed',
  },
  'sla.sweep.summaryDryRun': {
    id: 'penyapuan SLA (uji coba, tidak ada yang diubah): {examined} diperiksa, {closed} akan ditutup, {skipped} dibiarkan',
    en: 'SLA sweep (dry run, nothing changed): {examined} examined, {closed} would be closed, {skipped} left open',
  },
  'sla.sweep.limitReached': {
    id: 'batas --limit tercapai; sisanya ditutup pada penyapuan berikutnya',
    en: 'the --limit was reached; the rest is closed by the next sweep',
  },
  'sla.sweep.failedItem': { id: '  {trackingId}: {detail}', en: '  {trackingId}: {detail}' },
  'sla.sweep.partial': {
    id: '{failed} laporan gagal ditutup otomatis ({closed} berhasil ditutup)',
    en: 'auto-close failed for {failed} case(s) ({closed} closed)',
  },
  'sla.sweep.allFailed': {
    id: '{failed} laporan gagal ditutup otomatis; tidak ada yang ditutup',
    en: 'auto-close failed for {failed} case(s); none was closed',
  },
  'sla.sweep.retryHint': {
    id: 'jalankan lagi lapor sla sweep: aman diulang, yang sudah ditutup tidak ditutup dua kali',
    en: 'run lapor sla sweep again: it is safe to repeat, nothing is closed twice',
  },

  'sla.lock.busy': {
    id: 'penyapuan SLA lain sedang berjalan (pid {pid}, sejak {since})',
    en: 'another SLA sweep is running (pid {pid}, since {since})',
  },
  'sla.lock.busyHint': {
    id: 'coba lagi nanti; kunci: {path} (hapus hanya bila proses {pid} sudah tidak ada)',
    en: 'try again later; lock: {path} (remove it only if process {pid} is gone)',
  },
  'sla.sweep.runningHint': {
    id: 'coba lagi setelah penyapuan itu selesai (jadwal cron berikutnya cukup)',
    en: 'try again when that sweep has finished (the next cron run will do)',
  },
  'sla.lock.recovered': {
    id: 'kunci usang dari penyapuan yang terhenti (pid {pid}, sejak {since}) dipulihkan: {path}',
    en: 'recovered a stale lock of a sweep that stopped (pid {pid}, since {since}): {path}',
  },
  'sla.overdue.repeatedCursor': {
    id: 'API mengembalikan kursor yang sama dua kali (daftar tidak akan berakhir)',
    en: 'the API returned the same cursor twice (the listing would never end)',
  },
} as const;
