// Messages of answer templates (`lapor templates …`, `cases respond --template`) and of reviewed replies
// (`cases drafts|approve|send-back`, `institutions require-review`), issue #20 (merged in ../i18n.ts).

export const repliesMessages = {
  // case actions and events
  'cmd.cases.approve': { id: 'Setujui draf tindak lanjut: terbitkan sebagai tindak lanjut', en: 'Approve draft follow-ups: publish them as the follow-up' },
  'cmd.cases.send_back': { id: 'Kembalikan draf tindak lanjut ke penghubung dengan catatan', en: 'Return draft follow-ups to the liaison with a note' },
  'cmd.cases.drafts': { id: 'Antrean tinjauan: draf tindak lanjut yang menunggu persetujuan', en: 'The review queue: draft follow-ups awaiting approval' },
  'bulk.verb.approve': { id: 'setujui draf', en: 'approve' },
  'bulk.verb.send_back': { id: 'kembalikan draf', en: 'return draft' },
  'action.approve': { id: 'Draf disetujui (tindak lanjut)', en: 'Draft approved (follow-up)' },
  'action.send_back': { id: 'Draf dikembalikan', en: 'Draft returned' },
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

  // lapor templates
  'cmd.templates': { id: 'Templat jawaban dengan variabel, per cakupan instansi', en: 'Answer templates with variables, per institution subtree' },
  'cmd.templates.list': { id: 'Daftar templat yang terjangkau (atau yang berlaku di satu instansi)', en: 'List the templates in reach (or those in force at one institution)' },
  'cmd.templates.show': { id: 'Tampilkan templat yang berlaku di satu instansi', en: 'Show the template in force at an institution' },
  'cmd.templates.add': { id: 'Tambah templat di satu instansi (bawaan: instansi token; admin nasional: nasional)', en: 'Add a template at an institution (default: the token’s; national admins: national)' },
  'cmd.templates.edit': { id: 'Ubah templat di tepat satu instansi (--body, --file, atau $EDITOR)', en: 'Edit the template at exactly one institution (--body, --file, or $EDITOR)' },
  'cmd.templates.remove': { id: 'Hapus templat di tepat satu instansi', en: 'Remove the template at exactly one institution' },
  'cmd.templates.import': { id: 'Impor templat dari berkas CSV atau JSON (semua atau tidak sama sekali)', en: 'Import templates from a CSV or JSON file (all or none)' },
  'cmd.templates.export': { id: 'Ekspor templat ke CSV atau JSON (dapat diimpor kembali)', en: 'Export templates as CSV or JSON (imports back)' },
  'templates.help.scope': {
    id:
      'Templat didefinisikan di satu instansi (atau nasional) dan berlaku untuk seluruh cakupan di bawahnya.\n' +
      'Bila satu nama didefinisikan di beberapa tingkat, yang terdekat dengan instansi laporan yang berlaku\n' +
      '(unit mengalahkan kabupaten, kabupaten mengalahkan nasional).',
    en:
      'A template is defined at an institution (or nationally) and is in force for its whole subtree. Where a\n' +
      'name is defined at several levels, the one nearest the case’s institution wins (a unit over its\n' +
      'regency, a regency over national).',
  },
  'templates.help.variables': {
    id:
      'Variabel ({{nomor}} dan sejenisnya; \\{{ untuk {{ harfiah), diisi dari laporan:\n' +
      '  nomor, judul, instansi, kode_instansi, kategori, klasifikasi, wilayah,\n' +
      '  tanggal (hari ini, mis. 8 Desember 2026), tanggal_laporan, batas_tindak_lanjut\n' +
      'Variabel lain diisi dengan --var nama=nilai pada `cases respond` (juga menimpa yang dari laporan).\n' +
      'Variabel yang tidak terisi atau --var yang tidak dipakai templat ditolak sebelum apa pun dikirim.',
    en:
      'Variables ({{nomor}} and the like; \\{{ for a literal {{), filled from the case:\n' +
      '  nomor (tracking ID), judul (title), instansi (institution name), kode_instansi (its code),\n' +
      '  kategori (category), klasifikasi, wilayah (regency, province), tanggal (today, in Indonesian,\n' +
      '  e.g. 8 Desember 2026), tanggal_laporan (submitted), batas_tindak_lanjut (follow-up deadline)\n' +
      'Others come from --var name=value on `cases respond` (which also overrides the case’s own).\n' +
      'A variable left unfilled, or a --var the template does not use, is refused before anything is sent.',
  },
  'templates.arg.name': { id: 'nama templat (huruf kecil, angka, . _ -)', en: 'template name (lower-case letters, digits, . _ -)' },
  'templates.arg.file': { id: 'berkas CSV atau JSON (- untuk stdin)', en: 'CSV or JSON file (- for stdin)' },
  'templates.flag.visibleAt': { id: 'hanya templat yang berlaku di instansi ini (yang terdekat per nama)', en: 'only the templates in force at this institution (the nearest of each name)' },
  'templates.flag.lookupAt': { id: 'instansi tempat nama dicari (bawaan: instansi token)', en: 'the institution at which the name is looked up (default: the token’s)' },
  'templates.flag.definedAt': { id: 'instansi tempat templat didefinisikan (bawaan: instansi token; admin nasional: nasional)', en: 'the institution the definition belongs to (default: the token’s; national admins: national)' },
  'templates.flag.description': { id: 'keterangan singkat', en: 'a short description' },
  'templates.flag.body': { id: 'isi templat', en: 'the template text' },
  'templates.flag.file': { id: 'baca isi templat dari berkas (- untuk stdin)', en: 'read the template text from a file (- for stdin)' },
  'templates.flag.bodyOrFile': { id: '--body dan --file tidak dapat dipakai bersama', en: '--body and --file cannot be used together' },
  'templates.flag.yes': { id: 'hapus tanpa bertanya', en: 'remove without asking' },
  'templates.flag.update': { id: 'timpa templat yang sudah ada', en: 'overwrite templates that exist' },
  'templates.flag.fileFormat': { id: 'format berkas (bawaan: dari nama berkas; .json, selain itu CSV)', en: 'file format (default: from the file name; .json, else CSV)' },
  'templates.flag.output': { id: 'tulis ke berkas ini, bukan stdout', en: 'write to this file instead of stdout' },
  'templates.national': { id: 'nasional', en: 'national' },
  'templates.none': { id: 'Tidak ada templat.', en: 'No templates.' },
  'templates.column.name': { id: 'NAMA', en: 'NAME' },
  'templates.column.institutionId': { id: 'INSTANSI', en: 'INSTITUTION' },
  'templates.column.description': { id: 'KETERANGAN', en: 'DESCRIPTION' },
  'templates.column.variables': { id: 'VARIABEL', en: 'VARIABLES' },
  'templates.column.body': { id: 'ISI', en: 'BODY' },
  'templates.column.updatedBy': { id: 'DIUBAH OLEH', en: 'UPDATED BY' },
  'templates.column.updatedAt': { id: 'DIUBAH', en: 'UPDATED' },
  'templates.added': { id: '✓ templat {name} ditambahkan di {scope} (variabel: {variables})', en: '✓ template {name} added at {scope} (variables: {variables})' },
  'templates.edited': { id: '✓ templat {name} di {scope} diubah (variabel: {variables})', en: '✓ template {name} at {scope} edited (variables: {variables})' },
  'templates.removed': { id: '✓ templat {name} di {scope} dihapus', en: '✓ template {name} at {scope} removed' },
  'templates.remove.confirm': { id: 'Hapus templat {name} di {scope}?', en: 'Remove template {name} at {scope}?' },
  'templates.add.needBody': { id: 'isi templat diperlukan: --body TEKS atau --file BERKAS', en: 'the template text is needed: --body TEXT or --file FILE' },
  'templates.edit.needBody': {
    id: 'beri --body, --file atau --description (atau jalankan di terminal dengan $EDITOR)',
    en: 'give --body, --file or --description (or run on a terminal with $EDITOR set)',
  },
  'templates.edit.editorFailed': { id: 'editor {editor} berhenti dengan kode {code}; templat tidak diubah', en: 'the editor {editor} exited with code {code}; the template is unchanged' },
  'templates.edit.unchanged': { id: 'Templat {name} tidak berubah.', en: 'Template {name} is unchanged.' },
  'templates.edit.notHere': { id: 'templat {name} tidak didefinisikan di {scope} (yang berlaku di sana dari {where})', en: 'template {name} is not defined at {scope} (the one in force there is from {where})' },
  'templates.syntax.unclosed': { id: 'templat {name}: "{near}" (karakter ke-{offset}) tidak pernah ditutup dengan }}', en: 'template {name}: "{near}" (character {offset}) is never closed with }}' },
  'templates.syntax.badName': {
    id: 'templat {name}: "{near}" (karakter ke-{offset}) bukan variabel (huruf kecil, angka, _; tulis \\{{ untuk {{ harfiah)',
    en: 'template {name}: "{near}" (character {offset}) is not a variable (lower-case letters, digits, _; write \\{{ for a literal {{)',
  },
  'templates.file.bad': { id: '{file}, entri {where}: {why}', en: '{file}, entry {where}: {why}' },
  'templates.import.empty': { id: '{file} tidak berisi templat.', en: '{file} holds no templates.' },
  'templates.imported': { id: 'Templat: {created} ditambahkan · {updated} diubah · {unchanged} tetap', en: 'Templates: {created} added · {updated} updated · {unchanged} unchanged' },
  'templates.exported': { id: '{n} templat ditulis ke {file}', en: '{n} templates written to {file}' },

  // cases respond --template
  'respond.flag.template': { id: 'isi tindak lanjut dari templat ini (lihat lapor templates)', en: 'the follow-up from this template (see lapor templates)' },
  'respond.flag.var': { id: 'nilai variabel templat nama=nilai (boleh berulang)', en: 'a template variable name=value (repeatable)' },
  'respond.flag.messageOrTemplate': { id: 'beri --message atau --template (salah satu)', en: 'give --message or --template (one of them)' },
  'respond.flag.varNeedsTemplate': { id: '--var hanya berlaku dengan --template', en: '--var only goes with --template' },
  'respond.flag.badVar': { id: '--var {value}: harus nama=nilai, nama berhuruf kecil, angka atau _', en: '--var {value}: must be name=value, the name lower-case letters, digits or _' },
  'respond.template.refused': {
    id: 'templat {name} tidak dapat diisi untuk {n} hal; tidak ada yang dikirim:',
    en: 'template {name} cannot be filled in {n} place(s); nothing was sent:',
  },
  'respond.template.notVisible': { id: 'templat {name} tidak berlaku di {institution}', en: 'template {name} is not in force at {institution}' },
  'respond.template.broken': { id: 'templat {name} di {institution} tidak valid', en: 'template {name} at {institution} is not valid' },
  'respond.template.missing': { id: 'variabel {placeholder} tidak bernilai (beri --var {variable}=…)', en: 'variable {placeholder} has no value (give --var {variable}=…)' },
  'respond.template.unknownVar': { id: '--var {variable}: tidak dipakai templat {name}', en: '--var {variable}: template {name} does not use it' },
  'respond.template.tooLong': { id: 'tindak lanjut hasil templat terlalu panjang', en: 'the filled-in follow-up is too long' },
  'respond.template.more': { id: '… dan {n} lagi', en: '… and {n} more' },
  'respond.template.hint': { id: 'lihat variabelnya: lapor templates show NAMA --institution INSTANSI', en: 'see its variables: lapor templates show NAME --institution INSTITUTION' },
  'respond.template.message': { id: 'Tindak lanjut yang akan dikirim:', en: 'The follow-up to be sent:' },

  // cases drafts, institutions require-review
  'bulk.single.drafted': {
    id: '{id}: tindak lanjut disimpan sebagai draf, menunggu persetujuan admin instansi (versi {version})',
    en: '{id}: the follow-up is kept as a draft awaiting the institution admin’s approval (version {version})',
  },
  'drafts.none': { id: 'Tidak ada draf yang menunggu tinjauan.', en: 'No drafts await review.' },
  'cmd.institutions.requireReview': {
    id: 'Wajibkan (atau hentikan) tinjauan tindak lanjut penghubung sebelum diterbitkan',
    en: 'Require (or stop requiring) review of liaisons’ follow-ups before they are published',
  },
  'review.arg.institution': { id: 'instansi (kode atau nama)', en: 'institution (code or name)' },
  'review.flag.off': { id: 'hentikan kewajiban tinjauan', en: 'stop requiring review' },
  'review.flag.list': { id: 'tampilkan instansi yang mewajibkan tinjauan', en: 'list the institutions that require review' },
  'review.on': {
    id: '✓ {institution}: tindak lanjut penghubung kini menjadi draf sampai disetujui admin instansi',
    en: '✓ {institution}: liaisons’ follow-ups are now drafts until an institution admin approves them',
  },
  'review.off': { id: '✓ {institution}: tindak lanjut penghubung langsung diterbitkan', en: '✓ {institution}: liaisons’ follow-ups are published at once' },
  'review.none': { id: 'Tidak ada instansi yang mewajibkan tinjauan.', en: 'No institution requires review.' },
  'review.needTarget': { id: 'sebutkan instansi, atau --list', en: 'name an institution, or --list' },
} as const;
