// Messages of the `sla` commands (merged into the catalogue in ../i18n.ts; same rules as there).

export const slaMessages = {
  // ---- escalation as a case action (issue #19): its names in the history, plans and bulk summaries ----
  'action.escalate': { id: 'Dieskalasi (intervensi)', en: 'Escalated (intervention)' },
  'cmd.cases.escalate': { id: 'Eskalasi laporan untuk intervensi admin nasional', en: 'Escalate cases for the national admin\'s intervention' },
  'bulk.verb.escalate': { id: 'eskalasi', en: 'escalate' },
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
  'sla.lock.recovered': {
    id: 'kunci usang dari penyapuan yang terhenti (pid {pid}, sejak {since}) dipulihkan: {path}',
    en: 'recovered a stale lock of a sweep that stopped (pid {pid}, since {since}): {path}',
  },
  'sla.overdue.repeatedCursor': {
    id: 'API mengembalikan kursor yang sama dua kali (daftar tidak akan berakhir)',
    en: 'the API returned the same cursor twice (the listing would never end)',
  },
} as const;
