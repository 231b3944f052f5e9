// Messages of the `events` commands and of `cases list --watch` (merged into the catalogue in ../i18n.ts).

export const eventsMessages = {
  'cmd.events': { id: 'Umpan perubahan: peristiwa laporan untuk skrip dan integrasi', en: 'Change feed: case events for scripts and integrations' },
  'cmd.events.list': {
    id: 'Peristiwa setelah sebuah kursor, sampai yang terbaru (lalu selesai); kursor tiap peristiwa ada di barisnya',
    en: 'Events after a cursor, up to the latest (then exit); each event carries its cursor',
  },
  'cmd.events.watch': {
    id: 'Ikuti umpan: cetak setiap peristiwa baru begitu tercatat, satu baris per peristiwa, sampai Ctrl-C',
    en: 'Follow the feed: print each new event as it is recorded, one line each, until Ctrl-C',
  },
  'events.flag.after': {
    id: 'lanjutkan setelah kursor ini (dari peristiwa atau baris terakhir); "now": hanya yang baru; tanpa ini: dari awal',
    en: 'continue after this cursor (from an event or the last line); "now": only new ones; without it: from the start',
  },
  'events.column.trackingId': { id: 'Laporan', en: 'Case' },
  'events.column.cursor': { id: 'Kursor', en: 'Cursor' },
  'events.continue': { id: 'lanjutkan dengan: --after {cursor}', en: 'continue with: --after {cursor}' },
  'events.watching': { id: 'mengikuti umpan (Ctrl-C untuk berhenti)…', en: 'following the feed (Ctrl-C to stop)…' },
  'events.reconnecting': {
    id: 'koneksi ke API terputus ({reason}); mencoba lagi dalam {seconds} d dari kursor terakhir',
    en: 'lost the API ({reason}); retrying in {seconds} s from the last cursor',
  },
  'events.reconnected': { id: 'tersambung lagi', en: 'connected again' },
  'events.stopped': { id: 'berhenti; lanjutkan dengan: --after {cursor}', en: 'stopped; continue with: --after {cursor}' },
  'cases.flag.watch': {
    id: 'perbarui daftar di tempat setiap kali ada peristiwa baru (hanya di terminal; tanpa terminal dicetak sekali)',
    en: 'refresh the list in place whenever an event arrives (terminal only; without one it prints once)',
  },
  'cases.watch.header': {
    id: 'diperbarui {time} · {changes} perubahan sejak mulai · Ctrl-C untuk berhenti',
    en: 'updated {time} · {changes} changes since start · Ctrl-C to stop',
  },
  'cases.watch.notTty': {
    id: '--watch memperbarui daftar di terminal; tanpa terminal daftar dicetak sekali (ikuti perubahan dengan: lapor events watch)',
    en: '--watch refreshes the list on a terminal; without one the list is printed once (follow changes with: lapor events watch)',
  },
} as const;
