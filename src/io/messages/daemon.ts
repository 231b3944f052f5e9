// The messages of the embedded default's background server (io/daemon.ts, cli/daemon.ts, `lapor daemon`)
// (merged into the catalogue in ../i18n.ts; same rules as there).

export const daemonMessages = {
  'cmd.daemon': {
    id: 'Server latar belakang data tertanam: status, hentikan',
    en: "The embedded database's background server: status, stop",
  },
  'cmd.daemon.status': { id: 'Apakah server latar belakang berjalan, dan di mana', en: 'Whether the background server runs, and where' },
  'cmd.daemon.stop': { id: 'Hentikan server latar belakang sekarang', en: 'Stop the background server now' },
  'cmd.daemon.run': {
    id: 'Jalankan server latar belakang (dipanggil oleh perintah pertama; bukan untuk dipakai langsung)',
    en: 'Run the background server (started by the first command; not for direct use)',
  },
  'daemon.help.noun': {
    id:
      'Tanpa server yang disebut (--api, LAPOR_API_URL, profil), perintah pertama\n' +
      'memulai API atas direktori data sebagai proses latar belakang; perintah\n' +
      'berikutnya memakainya. Ia berhenti sendiri setelah LAPOR_DAEMON_IDLE_SECONDS\n' +
      'detik tanpa permintaan (bawaan 600). LAPOR_NO_DAEMON=1: setiap perintah\n' +
      'membuka basis data sendiri (juga di bawah CI=true, kecuali LAPOR_DAEMON=1).',
    en:
      'With no server named (--api, LAPOR_API_URL, a profile), the first command\n' +
      'starts the API over the data dir as a background process; later commands use\n' +
      'it. It stops by itself after LAPOR_DAEMON_IDLE_SECONDS seconds without a\n' +
      'request (default 600). LAPOR_NO_DAEMON=1: every command opens the database\n' +
      'itself (also under CI=true, unless LAPOR_DAEMON=1).',
  },
  'daemon.flag.format': { id: 'format keluaran', en: 'output format' },
  'daemon.flag.dataDir': { id: 'direktori data', en: 'data dir' },
  'daemon.flag.idleSeconds': { id: 'berhenti setelah sekian detik tanpa permintaan', en: 'stop after this many seconds without a request' },
  'daemon.column.running': { id: 'Berjalan', en: 'Running' },
  'daemon.column.pid': { id: 'Proses', en: 'Process' },
  'daemon.column.url': { id: 'API', en: 'API' },
  'daemon.column.startedAt': { id: 'Mulai', en: 'Started' },
  'daemon.column.idleSeconds': { id: 'Berhenti setelah diam (dtk)', en: 'Stops when idle for (s)' },
  'daemon.column.dataDir': { id: 'Direktori data', en: 'Data dir' },
  'daemon.yes': { id: 'ya', en: 'yes' },
  'daemon.no': { id: 'tidak', en: 'no' },
  'daemon.started': {
    id: 'server latar belakang dimulai atas {dir} (proses {pid}); berhenti sendiri setelah {seconds} dtk tanpa permintaan (`lapor daemon stop` menghentikannya sekarang)',
    en: 'background server started on {dir} (process {pid}); it stops by itself after {seconds} s without a request (`lapor daemon stop` stops it now)',
  },
  'daemon.stopped': { id: 'server latar belakang (proses {pid}) atas {dir} dihentikan', en: 'stopped the background server (process {pid}) on {dir}' },
  'daemon.notRunning': { id: 'tidak ada server latar belakang atas {dir}', en: 'no background server runs on {dir}' },
  'daemon.heldByOther': {
    id: 'direktori data {dir} dipakai proses {pid} (bukan server latar belakang)',
    en: 'the data dir {dir} is in use by process {pid} (not a background server)',
  },
  'daemon.log.listening': { id: 'server latar belakang mendengar di {url} atas {dir}', en: 'background server listening on {url} on {dir}' },
  'daemon.log.leaving': {
    id: 'server latar belakang berhenti ({why})',
    en: 'background server leaving ({why})',
  },
  'daemon.error.startFailed': {
    id: 'server latar belakang atas {dir} tidak berhasil dimulai (keluar {code}): {reason}',
    en: 'the background server on {dir} did not start (exit {code}): {reason}',
  },
  'daemon.hint.startFailed': {
    id: 'lihat {log}; LAPOR_NO_DAEMON=1 menjalankan perintah tanpa server latar belakang',
    en: 'see {log}; LAPOR_NO_DAEMON=1 runs commands without a background server',
  },
  'daemon.error.startTimeout': {
    id: 'server latar belakang (proses {pid}) atas {dir} belum siap setelah {seconds} dtk',
    en: 'the background server (process {pid}) on {dir} is not ready after {seconds} s',
  },
  'daemon.error.stopTimeout': {
    id: 'server latar belakang (proses {pid}) belum berhenti',
    en: 'the background server (process {pid}) has not stopped',
  },
  'daemon.hint.stopTimeout': {
    id: 'ia menyelesaikan permintaan yang sedang berjalan; coba lagi nanti, atau: kill {pid}',
    en: 'it finishes the requests in flight; retry later, or: kill {pid}',
  },
  'daemon.error.noAdminToken': {
    id: 'berkas token admin {file} dari server latar belakang (proses {pid}) tidak ada atau kosong',
    en: 'the admin token file {file} of the background server (process {pid}) is missing or empty',
  },
  'daemon.hint.noAdminToken': {
    id: 'jalankan: lapor daemon stop (server berikutnya menulis token baru)',
    en: 'run: lapor daemon stop (the next server writes a new token)',
  },
  'daemon.error.idleSeconds': {
    id: 'LAPOR_DAEMON_IDLE_SECONDS {value} bukan jumlah detik yang sah (bilangan bulat ≥ 1)',
    en: 'LAPOR_DAEMON_IDLE_SECONDS {value} is not a valid number of seconds (a whole number ≥ 1)',
  },
} as const;
