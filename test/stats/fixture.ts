// A fixed annual report and trend for the renderer tests (terminal goldens, HTML in Chromium): realistic
// names and figures, a confidential pool, a long institution name. Not a test file itself.

import type { StatsAnnualReport, StatsTrendReport } from '../../src/domain/stats.js';

const cell = (key: string, count: number | null, name: string | null = null, nameEn: string | null = null, parent: string | null = null) => ({
  key,
  name,
  nameEn,
  parent,
  count,
});

export function sampleReport(): StatsAnnualReport {
  return {
    year: 2024,
    institution: null,
    asOf: '2026-11-23T02:00:00.000Z',
    statusAt: '2024-12-31T15:59:59.999Z',
    utcOffsetMinutes: 480,
    clocks: { verifyWorkingDays: 3, responseWorkingDays: 5, completionDays: 60 },
    goodAgencyFollowUpRate: 0.5,
    rankingMinCases: 10,
    publisher: { id: 'national', name: 'Kementerian PANRB – Pengelola Nasional SP4N LAPOR!' },
    public: false,
    k: null,
    suppressed: [],
    headline: {
      received: 12_480,
      disposed: 11_844,
      followedUp: 11_262,
      followUpRate: 11_262 / 11_844,
      completed: 10_951,
      completionRate: 10_951 / 12_480,
      archived: 436,
      archivedShare: 436 / 12_480,
      postponedNow: 12,
      postponedEver: 749,
      postponedShare: 749 / 12_480,
      openOver60Days: 583,
      ratingCount: 4_380,
      ratingMean: 3.71,
      verify: { onTime: 10_433, late: 2_035, overdue: 12, running: 0, onTimeShare: 10_433 / 12_480, n: 12_044, medianWorkingDays: 0, p90WorkingDays: 4, medianHours: 6.5, p90Hours: null },
      response: { onTime: 8_720, late: 2_541, overdue: 583, running: 0, onTimeShare: 8_720 / 11_844, n: 11_262, medianWorkingDays: 3, p90WorkingDays: 9, medianHours: null, p90Hours: null },
      closing: { n: 10_951, medianWorkingDays: 17, p90WorkingDays: 29, medianHours: null, p90Hours: null },
    },
    breakdowns: {
      classification: [cell('complaint', 8_736), cell('aspiration', 2_496), cell('information_request', 1_248)],
      categoryTop: [
        cell('infrastruktur', 2_310, 'Infrastruktur', 'Infrastructure'),
        cell('kesehatan', 1_998, 'Kesehatan', 'Health'),
        cell('pendidikan', 1_640, 'Pendidikan', 'Education'),
        cell('administrasi-kependudukan', 1_502, 'Administrasi Kependudukan', 'Civil registration'),
        cell('perhubungan', 1_211, 'Perhubungan', 'Transport'),
        cell('sosial', 1_090, 'Sosial', 'Social affairs'),
        cell('lingkungan-hidup', 988, 'Lingkungan Hidup', 'Environment'),
        cell('dana-desa', 702, 'Dana Desa', 'Village funds'),
        cell('pariwisata', 531, 'Pariwisata', 'Tourism'),
        cell('energi-listrik', 402, 'Energi dan Listrik', 'Energy and electricity'),
        cell('pertanahan', 106, 'Pertanahan', 'Land'),
      ],
      category: [
        cell('infrastruktur.jalan', 1_420, 'Jalan Rusak', 'Damaged roads', 'infrastruktur'),
        cell('infrastruktur.drainase-banjir', 890, 'Drainase dan Banjir', 'Drainage and floods', 'infrastruktur'),
        cell('kesehatan.bpjs', 1_200, 'BPJS Kesehatan dan JKN-KIS', 'BPJS Health insurance (JKN-KIS)', 'kesehatan'),
        cell('kesehatan.puskesmas', 798, 'Puskesmas', 'Community health centres', 'kesehatan'),
      ],
      channel: [
        cell('web', 4_244, 'Situs web lapor.go.id', 'lapor.go.id website'),
        cell('mobile', 2_746, 'Aplikasi seluler SP4N LAPOR!', 'SP4N LAPOR! mobile app'),
        cell('sms_1708', 1_498, 'SMS 1708', 'SMS 1708'),
        cell('whatsapp', 1_123, 'WhatsApp', 'WhatsApp'),
        cell('twitter', 874, 'Twitter/X @lapor1708', 'Twitter/X @lapor1708'),
        cell('integration', 500, 'Integrasi aplikasi pengaduan instansi', 'Integrated agency complaint apps'),
        cell('walk_in', 374, 'Datang langsung ke unit layanan', 'Walk-in at a service unit'),
        cell('email', 371, 'Surat elektronik (surel)', 'E-mail'),
        cell('wifi_portal', 250, 'Halaman masuk WiFi publik gratis', 'Free public WiFi login page'),
        cell('facebook', 250, 'Facebook', 'Facebook'),
        cell('instagram', 150, 'Instagram', 'Instagram'),
        cell('letter', 100, 'Surat', 'Letter'),
      ],
      institution: [
        cell('bali.disnakersdm', 551, 'Dinas Tenaga Kerja dan Energi Sumber Daya Mineral Provinsi Bali'),
        cell('bali.dinkes', 287, 'Dinas Kesehatan Provinsi Bali'),
        cell('', 130),
        cell('badung.dinkes', 96, 'Dinas Kesehatan Kabupaten Badung'),
      ],
      region: [
        cell('Kota Denpasar', 2_730, 'Kota Denpasar'),
        cell('Kabupaten Badung', 1_980, 'Kabupaten Badung'),
        cell('Kabupaten Buleleng', 1_960, 'Kabupaten Buleleng'),
        cell('(confidential)', 620),
        cell('', 14),
      ],
      month: [820, 760, 890, 710, 1_020, 980, 1_140, 1_130, 1_090, 1_230, 1_250, 1_460].map((n, i) => cell(String(i + 1), n)),
      statusAtYearEnd: [cell('submitted', 120), cell('postponed', 30), cell('disposed', 910), cell('in_progress', 620), cell('completed', 10_390), cell('archived', 410)],
      statusNow: [cell('submitted', 0), cell('postponed', 12), cell('disposed', 583), cell('in_progress', 498), cell('completed', 10_951), cell('archived', 436)],
      archiveReason: [cell('duplicate', 130), cell('incomplete', 88), cell('not_public_service', 109), cell('spam', 66), cell('no_reporter_response', 43), cell('other', 0)],
    },
    institutions: [
      {
        rank: 1,
        institutionId: 'bali.dinkes',
        name: 'Dinas Kesehatan Provinsi Bali',
        received: 287,
        disposed: 281,
        followedUp: 279,
        followUpRate: 279 / 281,
        good: true,
        completed: 270,
        completionRate: 270 / 287,
        responseOnTimeShare: 0.84,
        responseMedianWorkingDays: 2,
        closingMedianWorkingDays: 14,
        responseMedianHours: null,
        closingMedianHours: null,
      },
      {
        rank: 2,
        institutionId: 'bali.disnakersdm',
        name: 'Dinas Tenaga Kerja dan Energi Sumber Daya Mineral Provinsi Bali',
        received: 551,
        disposed: 540,
        followedUp: 500,
        followUpRate: 500 / 540,
        good: true,
        completed: 480,
        completionRate: 480 / 551,
        responseOnTimeShare: 0.71,
        responseMedianWorkingDays: 4,
        closingMedianWorkingDays: 19,
        responseMedianHours: null,
        closingMedianHours: null,
      },
      {
        rank: 3,
        institutionId: 'badung.dinkes',
        name: 'Dinas Kesehatan Kabupaten Badung',
        received: 96,
        disposed: 90,
        followedUp: 40,
        followUpRate: 40 / 90,
        good: false,
        completed: 38,
        completionRate: 38 / 96,
        responseOnTimeShare: 0.35,
        responseMedianWorkingDays: 7,
        closingMedianWorkingDays: 31,
        responseMedianHours: null,
        closingMedianHours: null,
      },
    ],
  };
}

export function samplePublicReport(): StatsAnnualReport {
  const r = sampleReport();
  r.public = true;
  r.k = 10;
  r.headline.postponedNow = null;
  r.breakdowns.statusNow[1].count = null;
  r.breakdowns.statusNow[0].count = null;
  r.suppressed = ['headline.postponedNow', 'statusNow.postponed', 'statusNow.submitted'];
  return r;
}

export function sampleTrend(): StatsTrendReport {
  const base = sampleReport().headline;
  const years = [2021, 2022, 2023, 2024].map((year, i) => {
    const received = [6_950, 8_480, 10_350, 12_480][i];
    const followUpRate = [0.91, 0.93, 0.94, base.followUpRate!][i];
    const completionRate = [0.82, 0.85, 0.86, base.completionRate!][i];
    return { year, headline: { ...base, received, followUpRate, completionRate }, received, followUpRate, completionRate };
  });
  return {
    from: 2021,
    to: 2024,
    institution: null,
    asOf: '2026-11-23T02:00:00.000Z',
    utcOffsetMinutes: 480,
    public: false,
    k: null,
    suppressed: [],
    years: years.map((y, i) => ({
      year: y.year,
      headline: y.headline,
      change: {
        received: i === 0 ? null : (y.received - years[i - 1].received) / years[i - 1].received,
        followUpRate: i === 0 ? null : y.followUpRate - years[i - 1].followUpRate,
        completionRate: i === 0 ? null : y.completionRate - years[i - 1].completionRate,
        verifyOnTimeShare: i === 0 ? null : 0,
        responseOnTimeShare: i === 0 ? null : 0,
      },
    })),
  };
}

/** The sample report with a long ranking: 14 ranked institutions (ranks 10–14 need a wider rank column),
 *  long names, and institutions under the ranking minimum (unranked, listed last). */
export function sampleReportLongRanking(publicVersion = false): StatsAnnualReport {
  const r = publicVersion ? samplePublicReport() : sampleReport();
  const names = [
    'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buleleng',
    'Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman Provinsi Bali',
    'Badan Penyelenggara Jaminan Sosial Kesehatan Cabang Denpasar',
    'Dinas Pendidikan, Kepemudaan dan Olahraga Kabupaten Badung',
    'Rumah Sakit Umum Daerah Kabupaten Klungkung',
    'Dinas Perhubungan Kota Denpasar',
    'Inspektorat Provinsi Bali',
    'Dinas Sosial Kabupaten Gianyar',
    'Dinas Lingkungan Hidup dan Kebersihan Kota Denpasar',
    'Kantor Pertanahan Kabupaten Tabanan',
    'PDAM Tirta Mangutama Kabupaten Badung',
  ];
  const extra = names.map((name, i) => {
    const received = 40 + i * 13;
    const completed = Math.round(received * (0.8 - i * 0.04));
    return {
      rank: 0,
      institutionId: `x${String(i).padStart(2, '0')}`,
      name,
      received,
      disposed: received,
      followedUp: received - i,
      followUpRate: (received - i) / received,
      good: true,
      completed,
      completionRate: completed / received,
      responseOnTimeShare: 0.7,
      responseMedianWorkingDays: 3 + (i % 4),
      closingMedianWorkingDays: 15,
      responseMedianHours: null,
      closingMedianHours: null,
    };
  });
  const small = [
    { id: 'y.satu', name: 'UPTD Puskesmas Kintamani I', received: 1, completed: 1 },
    { id: 'y.dua', name: 'Kelurahan Sanur Kaja', received: 2, completed: 2 },
  ].map((s) => ({
    rank: null,
    institutionId: s.id,
    name: s.name,
    received: publicVersion ? null : s.received,
    disposed: publicVersion ? null : s.received,
    followedUp: publicVersion ? null : s.received,
    followUpRate: publicVersion ? null : 1,
    good: publicVersion ? null : true,
    completed: publicVersion ? null : s.completed,
    completionRate: publicVersion ? null : s.completed / s.received,
    responseOnTimeShare: null,
    responseMedianWorkingDays: null,
    closingMedianWorkingDays: null,
    responseMedianHours: null,
    closingMedianHours: null,
  }));
  const ranked = [...r.institutions, ...extra].sort((a, b) => (b.completionRate ?? 0) - (a.completionRate ?? 0)).map((row, i) => ({ ...row, rank: i + 1 }));
  r.institutions = [...ranked, ...small];
  return r;
}
