// Messages of the `sla` commands (merged into the catalogue in ../i18n.ts; same rules as there).

export const slaMessages = {
  'cmd.sla': { id: 'Jam layanan: pelanggaran dan penyapuan otomatis (cron)', en: 'Service clocks: breaches and the automatic sweep (cron)' },
} as const;
