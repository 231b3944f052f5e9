// Messages of `lapor stats institutions` (the evidence pack) and its HTML page (merged into the catalogue in
// ../i18n.ts; same rules as there).

export const evidenceMessages = {
  'cmd.stats.institutions': {
    id: 'Paket bukti evaluasi: satu baris per instansi (dan total subpohon) dengan tindak lanjut, ≤ 5 hari kerja, penyelesaian, pelanggaran, eskalasi dan aktivitas terakhir, berperingkat',
    en: 'The evidence pack for evaluations: one row per institution (and subtree totals) with follow-up, ≤ 5 working days, completion, breaches, escalations and last activity, ranked',
  },
  'evidence.title': { id: 'Paket Bukti Pengelolaan Pengaduan per Instansi {year}', en: 'Complaint Handling Evidence by Institution {year}' },
  'evidence.section.ranking': { id: 'Peringkat instansi (laporan sendiri)', en: 'Institution ranking (own cases)' },
  'evidence.section.subtrees': { id: 'Total subpohon (instansi beserta unit di bawahnya)', en: 'Subtree totals (institution and every unit under it)' },
  'evidence.activityAt': { id: 'Aktivitas terakhir dibaca per {time} {zone}', en: 'Last activity read as of {time} {zone}' },
  'evidence.publicNote': {
    id: 'Versi publik: angka di bawah {k}, dan angka yang dapat membukanya lewat total subpohon, disembunyikan ({hidden} angka).',
    en: 'Public version: counts below {k}, and counts that would give them away through the subtree totals, are hidden ({hidden} figures).',
  },
  'evidence.empty': { id: 'Tidak ada instansi dalam cakupan ini.', en: 'No institution in this scope.' },
  'evidence.column.rank': { id: '#', en: '#' },
  'evidence.column.institution': { id: 'Instansi', en: 'Institution' },
  'evidence.column.received': { id: 'Masuk', en: 'Recv' },
  'evidence.column.disposed': { id: 'Disp', en: 'Disp' },
  'evidence.column.followUpShare': { id: 'TL', en: 'FU' },
  'evidence.column.withinShare': { id: '≤{n}HK', en: '≤{n}WD' },
  'evidence.column.completionRate': { id: 'Selesai', en: 'Done' },
  'evidence.column.median': { id: 'Med', en: 'Med' },
  'evidence.column.p90': { id: 'p90', en: 'p90' },
  'evidence.column.breaches': { id: 'Lngr', en: 'Brch' },
  'evidence.column.escalations': { id: 'Esk', en: 'Esc' },
  'evidence.column.days': { id: 'Aktif', en: 'Act' },
  'evidence.html.received': { id: 'Laporan masuk', en: 'Cases received' },
  'evidence.html.disposed': { id: 'Terdisposisi', en: 'Dispositioned' },
  'evidence.html.followedUp': { id: 'Ditindaklanjuti', en: 'Followed up' },
  'evidence.html.followUpShare': { id: 'Bagian ditindaklanjuti', en: 'Share followed up' },
  'evidence.html.withinShare': { id: 'Tindak lanjut ≤ {n} hari kerja', en: 'Followed up ≤ {n} working days' },
  'evidence.html.completionRate': { id: 'Penyelesaian', en: 'Completion' },
  'evidence.html.medianP90': { id: 'Hari kerja sampai tindak lanjut (median · p90)', en: 'Working days to follow-up (median · p90)' },
  'evidence.html.breaches': { id: 'Pelanggaran SLA', en: 'SLA breaches' },
  'evidence.html.escalations': { id: 'Eskalasi', en: 'Escalations' },
  'evidence.html.lastActivity': { id: 'Aktivitas terakhir', en: 'Last activity' },
  'evidence.daysAgo': { id: '{n} hari lalu', en: '{n} days ago' },
  'evidence.never': { id: 'tidak pernah', en: 'never' },
  'evidence.legend': {
    id: 'TL = bagian ditindaklanjuti · ≤{n}HK = bagian ditindaklanjuti ≤ {n} hari kerja · Med/p90 = hari kerja sampai tindak lanjut pertama · Lngr = pelanggaran SLA · Esk = eskalasi · Aktif = hari sejak aktivitas terakhir',
    en: 'FU = share followed up · ≤{n}WD = share followed up ≤ {n} working days · Med/p90 = working days to the first follow-up · Brch = SLA breaches · Esc = escalations · Act = days since last activity',
  },
  'evidence.def.cases': {
    id: 'Laporan: laporan yang masuk pada tahun ini (tanggal masuk menurut zona waktu kalender, {zone}), dihitung pada instansi tempat laporan berada sekarang. Subpohon: instansi beserta semua unit di bawahnya.',
    en: 'Cases: those received in the year (submission date in the calendar’s time zone, {zone}), counted for the case’s current institution. Subtree: the institution and every unit under it.',
  },
  'evidence.def.followUp': {
    id: 'Terdisposisi: pernah didisposisikan. Ditindaklanjuti: terdisposisi dan memperoleh paling sedikit satu tindak lanjut. Bagian ditindaklanjuti = ditindaklanjuti / terdisposisi.',
    en: 'Dispositioned: disposed at least once. Followed up: dispositioned with at least one follow-up posted. Share followed up = followed up / dispositioned.',
  },
  'evidence.def.within': {
    id: '≤ {n} hari kerja: laporan terdisposisi yang tindak lanjut pertamanya sesudah disposisi terakhir datang paling lambat {n} hari kerja sesudahnya (hari kerja tanpa Sabtu, Minggu, libur nasional dan cuti bersama), dibagi laporan terdisposisi.',
    en: '≤ {n} working days: dispositioned cases whose first follow-up after the latest disposition came at most {n} working days after it (working days skip Saturdays, Sundays, national holidays and cuti bersama), over the dispositioned cases.',
  },
  'evidence.def.completion': {
    id: 'Penyelesaian: laporan Selesai / laporan masuk. Median dan p90 (peringkat terdekat): hari kerja dari disposisi terakhir sampai tindak lanjut pertama, atas laporan yang memperolehnya.',
    en: 'Completion: completed cases / cases received. Median and p90 (nearest rank): working days from the latest disposition to the first follow-up, over the cases that had one.',
  },
  'evidence.def.sla': {
    id: 'Pelanggaran: catatan pelanggaran SLA yang terjadi pada tahun ini, pada instansi yang bertanggung jawab saat itu. Eskalasi: intervensi pada tahun ini, pada instansi tempat laporan berada saat itu. Keduanya menghitung kejadian pada tahun ini, apa pun tahun masuk laporannya.',
    en: 'Breaches: SLA breach records of the year, counted for the institution responsible at the breach. Escalations: interventions in the year, counted for the institution the case was disposed to then. Both count what happened in the year, whatever year the case was received in.',
  },
  'evidence.def.activity': {
    id: 'Aktivitas terakhir (konektivitas): peristiwa terakhir yang ditulis petugas instansi itu sendiri (admin instansi atau penghubung) pada laporan yang didisposisikan kepadanya, sampai akhir tahun (atau sampai sekarang untuk tahun berjalan); hari: hari kalender sejak itu.',
    en: 'Last activity (connectivity): the latest event written by the institution’s own staff (an institution admin or a liaison) on a case disposed to it, up to the end of the year (or now, for the running year); days: calendar days since then.',
  },
  'evidence.def.ranking': {
    id: 'Peringkat: instansi (laporan sendiri, bukan total subpohon) dengan paling sedikit {min} laporan terdisposisi, diurutkan menurut bagian ≤ {n} hari kerja, lalu bagian ditindaklanjuti, lalu median hari kerja (lebih kecil lebih baik), lalu kode. Bagian dari satu atau dua laporan tidak bermakna, jadi instansi dengan laporan terdisposisi lebih sedikit dicantumkan sesudahnya, menurut kode, tanpa peringkat (–).',
    en: 'Ranking: institutions (own cases, not subtree totals) with at least {min} dispositioned cases, by share within {n} working days, then share followed up, then median working days (lower first), then code. A share over one or two cases says little, so institutions with fewer dispositioned cases are listed after them, by code, without a rank (–).',
  },
  'evidence.def.rankingPublic': {
    id: 'Versi publik: angka di bawah k disembunyikan (s), juga angka lain yang dapat membukanya lewat total subpohon; bagian dan median dari angka tersembunyi ikut disembunyikan, dan instansi yang angkanya disembunyikan tidak diberi peringkat.',
    en: 'Public version: counts below k are hidden (s), and others that would give them away through the subtree totals; shares and medians from hidden counts are hidden too, and an institution whose figures are hidden gets no rank.',
  },
} as const;
