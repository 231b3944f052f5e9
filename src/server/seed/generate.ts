// The deterministic case generator: realistic complaint histories for demos, load tests and benchmarks.
// Pure: everything follows from the options and the seed (no clock, no IO), the same seed gives the same
// cases byte for byte, and cases come out one at a time in submission order so a million never sit in memory.
//
// Every case is the result of its events: the lifecycle is played through the real state machine
// (applyAction), each event is hash-chained with eventHash, and the case row is the state after the last one.

import { hash as oneShotHash } from 'node:crypto';
import { applyAction } from '../../domain/actions.js';
import { createActionContext, institutionTree, type ActionContext } from '../../domain/actions.js';
import { dateOfDayNumber, dayNumberOfDate, submittedCase, WorkingCalendar, type SubmittedFields } from '../../domain/clocks.js';
import { eventHash, GENESIS_HASH } from '../../domain/events.js';
import type { ActionRequest } from '../../domain/schemas.js';
import { dottedCode } from '../../domain/regions.js';
import { computePaths } from '../../domain/trees.js';
import type {
  Actor,
  ArchiveReason,
  Case,
  CaseEvent,
  Category,
  Classification,
  ClockSettings,
  Institution,
  Reporter,
} from '../../domain/types.js';
import type { Region, Texts } from './fixtures.js';

export type GeneratedEvent = Omit<CaseEvent, 'id'>;

export interface GeneratedCase {
  case: Case;
  reporter: Reporter;
  events: GeneratedEvent[];
  lastEventHash: string;
}

export interface GenerateOptions {
  count: number;
  /** First and last calendar year (inclusive) of submissions; submissions never pass `now`. */
  years: [number, number];
  seed: number;
  institutions: readonly Institution[];
  categories: readonly Category[];
  channels: readonly { id: string; share: number }[];
  texts: Texts;
  regions: readonly Region[];
  calendar: WorkingCalendar;
  settings: ClockSettings;
  /** The generation horizon: no timestamp lies after it. */
  now: string;
}

// ---- randomness ----------------------------------------------------------------------------------------

/** sfc32 seeded through splitmix32: fast, 128-bit state, good enough for simulation. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const split = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i += 1) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Number of failures before the first success, capped. */
  geometric(p: number, cap: number): number {
    let n = 0;
    while (n < cap && this.next() >= p) n += 1;
    return n;
  }
}

export class Weighted<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new RangeError('weighted: no items');
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < items.length; i += 1) {
      sum += Math.max(0, weights[i]);
      this.cumulative[i] = sum;
    }
    if (!(sum > 0)) throw new RangeError('weighted: weights sum to zero');
    this.total = sum;
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

// ---- realism tables ------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** Submissions by local hour (WITA): evenings are busy too, nights are quiet. */
const SUBMIT_HOURS = [
  0.3, 0.2, 0.15, 0.1, 0.15, 0.4, 0.9, 1.8, 3.2, 4.0, 4.2, 4.0, 3.4, 3.6, 3.8, 3.4, 2.8, 2.2, 2.0, 2.2, 2.1, 1.7, 1.1, 0.6,
];
/** Staff actions by local hour: office hours, some overtime. */
const STAFF_HOURS = [
  0, 0, 0, 0, 0, 0, 0.05, 0.3, 1.5, 2.2, 2.3, 2.1, 1.2, 1.8, 2.0, 1.7, 0.9, 0.4, 0.3, 0.3, 0.25, 0.15, 0.05, 0,
];
/** Submissions by weekday (0 = Sunday). */
const WEEKDAY_FACTOR = [0.45, 1.05, 1.0, 1.0, 0.98, 0.9, 0.55];
const HOLIDAY_FACTOR = 0.5;
const YEARLY_GROWTH = 1.22;

const TOP_CATEGORY_WEIGHT: Record<string, number> = {
  infrastruktur: 1.5,
  'administrasi-kependudukan': 1.3,
  kesehatan: 1.3,
  pendidikan: 1.2,
  perhubungan: 1.2,
  sosial: 1.1,
  'lingkungan-hidup': 1.0,
  'ketertiban-umum': 0.9,
  'dana-desa': 0.8,
  'energi-listrik': 0.8,
  'topik-lainnya': 0.8,
  perizinan: 0.7,
  pariwisata: 0.7,
  'pembangunan-daerah': 0.7,
  ketenagakerjaan: 0.7,
  'komunikasi-informatika': 0.6,
  pertanahan: 0.6,
  kepegawaian: 0.6,
};

/** Reports per regency roughly follow population. */
const REGION_WEIGHT: Record<string, number> = {
  '5171': 0.22,
  '5108': 0.16,
  '5103': 0.16,
  '5104': 0.12,
  '5102': 0.1,
  '5107': 0.09,
  '5101': 0.07,
  '5106': 0.05,
  '5105': 0.04,
};

/**
 * Vertical (ministry/agency) units that also handle a category, by category id prefix (longest prefix wins),
 * with the share of cases that go there rather than to the regional government.
 */
const VERTICAL_UNITS: readonly { prefix: string; ids: readonly string[]; share: number }[] = [
  { prefix: 'kesehatan.bpjs', ids: ['bpjs-kesehatan.kc-denpasar', 'bpjs-kesehatan'], share: 0.55 },
  { prefix: 'kesehatan.rumah-sakit', ids: ['kemenkes.rsup-sanglah'], share: 0.2 },
  { prefix: 'kesehatan', ids: ['kemenkes'], share: 0.05 },
  { prefix: 'pendidikan', ids: ['kemendikbudristek'], share: 0.06 },
  { prefix: 'perhubungan.jalan-rusak', ids: ['kemenpupr.bbpjn-jatim-bali'], share: 0.15 },
  { prefix: 'perhubungan', ids: ['kemenhub.bptd-bali', 'kemenhub'], share: 0.1 },
  { prefix: 'administrasi-kependudukan', ids: ['kemendagri.dukcapil'], share: 0.06 },
  { prefix: 'lingkungan-hidup', ids: ['klhk'], share: 0.05 },
  { prefix: 'pariwisata.perilaku-wisatawan', ids: ['kemenkumham.imigrasi-ngurah-rai'], share: 0.35 },
  { prefix: 'pariwisata', ids: ['kemenparekraf'], share: 0.05 },
  { prefix: 'dana-desa', ids: ['kemendesa'], share: 0.06 },
  { prefix: 'infrastruktur.irigasi-subak', ids: ['kemenpupr.bws-bali-penida'], share: 0.2 },
  { prefix: 'infrastruktur.drainase-banjir', ids: ['kemenpupr.bws-bali-penida'], share: 0.1 },
  { prefix: 'infrastruktur', ids: ['kemenpupr'], share: 0.04 },
  { prefix: 'ketenagakerjaan.bpjs-ketenagakerjaan', ids: ['bpjs-ketenagakerjaan.kc-denpasar'], share: 0.6 },
  { prefix: 'ketenagakerjaan', ids: ['kemnaker'], share: 0.06 },
  { prefix: 'komunikasi-informatika', ids: ['kemenkominfo'], share: 0.08 },
  { prefix: 'sosial', ids: ['kemensos'], share: 0.08 },
  { prefix: 'ketertiban-umum.keamanan-lingkungan', ids: ['polri.polda-bali'], share: 0.3 },
  { prefix: 'energi-listrik.bbm-lpg', ids: ['pln.uid-bali'], share: 0 },
  { prefix: 'energi-listrik', ids: ['pln.uid-bali'], share: 0.65 },
  { prefix: 'pertanahan.tata-ruang', ids: ['atr-bpn.kanwil-bali'], share: 0.2 },
  { prefix: 'pertanahan', ids: ['atr-bpn.kanwil-bali', 'atr-bpn'], share: 0.85 },
  { prefix: 'topik-lainnya.adat-budaya', ids: ['kemenag.kanwil-bali'], share: 0.05 },
];

/** Unit kinds, so that a province unit's regency counterpart can be found (bali.dklh ↔ badung.dlhk). */
const KIND_PATTERNS: readonly [RegExp, string][] = [
  [/dukcapil/, 'dukcapil'],
  [/^(dlh|dklh)/, 'dlh'],
  [/^(rsud|rsd)-/, 'rsud'],
  [/^disdik/, 'disdik'],
  [/^diskominfo/, 'diskominfo'],
  [/^dpmd/, 'dpmd'],
];

function unitKind(suffix: string): string {
  for (const [re, kind] of KIND_PATTERNS) if (re.test(suffix)) return kind;
  return suffix;
}

const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];

const POSTPONE_NOTES = [
  'Mohon Saudara melengkapi kronologi kejadian, lokasi yang lebih rinci, dan bukti pendukung.',
  'Mohon melengkapi waktu kejadian dan nama unit layanan yang dimaksud agar laporan dapat diteruskan.',
  'Laporan belum dapat diproses. Mohon lampirkan foto atau dokumen pendukung.',
];
const REOPEN_NOTES = [
  'Pelapor menyampaikan bahwa permasalahan belum tuntas ditangani.',
  'Dibuka kembali atas permintaan pelapor: tindak lanjut belum sesuai dengan substansi laporan.',
];
const ADMIN_CLOSE_NOTES = ['Laporan telah selesai ditindaklanjuti.', 'Tindak lanjut dinilai sudah menjawab laporan.'];
const SYSTEM_CLOSE_NOTE = 'Ditutup otomatis: tidak ada tanggapan pelapor dalam 10 hari kerja setelah tindak lanjut terakhir.';
const PHONE_PREFIXES = ['0811', '0812', '0813', '0821', '0822', '0852', '0853', '0857', '0877', '0878', '0817', '0818', '0819', '0895', '0896', '0897', '0881', '0882', '0838', '0831', '0859'];
const MAIL_DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.co.id', 'yahoo.com', 'outlook.com'];
const ARCHIVE_AT_TRIAGE = new Weighted<ArchiveReason>(
  ['duplicate', 'incomplete', 'not_public_service', 'spam', 'other'],
  [0.3, 0.2, 0.25, 0.15, 0.1],
);
const CLASSIFICATION = new Weighted<Classification>(['complaint', 'aspiration', 'information_request'], [0.7, 0.2, 0.1]);
const RATING = new Weighted([1, 2, 3, 4, 5], [0.12, 0.08, 0.15, 0.3, 0.35]);

const NATIONAL_ADMIN: Actor = { name: 'admin.nasional', role: 'national_admin', institutionId: null };
const SYSTEM: Actor = { name: 'system', role: 'system', institutionId: null };

// ---- the model -----------------------------------------------------------------------------------------

interface CategoryPlan {
  category: Category;
  texts: Texts['categories'][string];
  /** Where cases of this category go, given the regency of the location. */
  hint: string | null;
  vertical: readonly string[];
  verticalShare: number;
}

interface RegionPlan {
  region: Region;
  places: readonly string[];
  /** Unit kind → the regency's unit of that kind. */
  units: Map<string, string>;
}

class Model {
  readonly rng: Rng;
  readonly nowMs: number;
  readonly offsetMs: number;
  readonly paths: Map<string, string>;
  readonly names = new Map<string, string>();
  readonly active = new Set<string>();
  readonly categoryIds = new Set<string>();
  readonly categories: Weighted<CategoryPlan>;
  readonly regions: Weighted<RegionPlan>;
  readonly channels: Weighted<string>;
  readonly submitHour = new Weighted(SUBMIT_HOURS.map((_, h) => h), SUBMIT_HOURS);
  readonly staffHour = new Weighted(STAFF_HOURS.map((_, h) => h), STAFF_HOURS);
  readonly provinceId: string | null;
  /** Admin roots, deepest first: the regencies, then the province. */
  readonly adminRoots: { id: string; path: string; actor: Actor }[] = [];
  private readonly working: Uint8Array;
  private readonly workingFrom: number;
  readonly ctx: ActionContext;

  constructor(
    readonly o: GenerateOptions,
    firstDay: number,
  ) {
    this.rng = new Rng(o.seed);
    this.nowMs = Date.parse(o.now);
    this.offsetMs = o.calendar.offsetMinutes * MINUTE_MS;
    this.paths = computePaths(o.institutions);
    for (const i of o.institutions) {
      this.names.set(i.id, i.name);
      if (i.active) this.active.add(i.id);
    }
    for (const c of o.categories) this.categoryIds.add(c.id);

    const parentOf = new Map(o.institutions.map((i) => [i.id, i.parentId]));
    const regencyIds = new Set(o.regions.map((r) => r.institutionId).filter((id) => this.active.has(id)));
    const provinces = new Set<string>();
    for (const id of regencyIds) {
      const parent = parentOf.get(id);
      if (parent) provinces.add(parent);
    }
    this.provinceId = provinces.size === 1 ? [...provinces][0] : null;
    for (const id of [...regencyIds, ...provinces]) {
      const path = this.paths.get(id);
      if (path) this.adminRoots.push({ id, path, actor: { name: `admin.${id}`, role: 'institution_admin', institutionId: id } });
    }
    this.adminRoots.sort((a, b) => b.path.length - a.path.length);

    // Regions and the units of each regency, by kind.
    const regionPlans = o.regions.map((region): RegionPlan => {
      const units = new Map<string, string>();
      for (const i of o.institutions) {
        if (i.parentId === region.institutionId && i.active && i.id.startsWith(`${region.institutionId}.`)) {
          units.set(unitKind(i.id.slice(region.institutionId.length + 1)), i.id);
        }
      }
      const places = o.texts.placesByRegency[region.institutionId] ?? o.texts.places;
      return { region, places, units };
    });
    if (regionPlans.length === 0) throw new RangeError('no regions to place cases in');
    this.regions = new Weighted(
      regionPlans,
      regionPlans.map((r) => REGION_WEIGHT[r.region.code] ?? 0.08),
    );

    // Categories: mostly subcategories, weighted by their top-level category.
    const byId = new Map(o.categories.map((c) => [c.id, c]));
    const topOf = (c: Category): Category => {
      let cur = c;
      for (let guard = 0; cur.parentId !== null && guard < 20; guard += 1) cur = byId.get(cur.parentId) ?? cur;
      return cur;
    };
    const childCount = new Map<string, number>();
    for (const c of o.categories) if (c.parentId) childCount.set(c.parentId, (childCount.get(c.parentId) ?? 0) + 1);
    const textKeys = Object.keys(o.texts.categories);
    if (textKeys.length === 0) throw new RangeError('texts.json has no category texts');
    const fallbackTexts = o.texts.categories['topik-lainnya'] ?? o.texts.categories[textKeys[0]];
    const plans: CategoryPlan[] = [];
    const weights: number[] = [];
    for (const c of o.categories) {
      const top = topOf(c);
      const topWeight = TOP_CATEGORY_WEIGHT[top.id] ?? 0.8;
      const children = childCount.get(c.id) ?? 0;
      // a top-level category keeps 15% of its share; the rest spreads over its subcategories
      const weight = c.parentId === null ? (children > 0 ? topWeight * 0.15 : topWeight) : topWeight * 0.85 / Math.max(1, childCount.get(c.parentId) ?? 1);
      let vertical: readonly string[] = [];
      let verticalShare = 0;
      let best = -1;
      for (const v of VERTICAL_UNITS) {
        if ((c.id === v.prefix || c.id.startsWith(`${v.prefix}.`)) && v.prefix.length > best) {
          const ids = v.ids.filter((id) => this.active.has(id));
          best = v.prefix.length;
          vertical = ids;
          verticalShare = ids.length > 0 ? v.share : 0;
        }
      }
      const hint = c.institutionHint ?? top.institutionHint;
      plans.push({
        category: c,
        texts: o.texts.categories[top.id] ?? fallbackTexts,
        hint: hint !== null && this.active.has(hint) ? hint : null,
        vertical,
        verticalShare,
      });
      weights.push(weight);
    }
    this.categories = new Weighted(plans, weights);
    this.channels = new Weighted(
      o.channels.map((c) => c.id),
      o.channels.map((c) => c.share),
    );

    // Working days, precomputed over the whole simulated span.
    const lastDay = this.localDay(this.nowMs) + 400;
    this.workingFrom = firstDay - 10;
    this.working = new Uint8Array(lastDay - this.workingFrom + 1);
    for (let d = this.workingFrom; d <= lastDay; d += 1) {
      this.working[d - this.workingFrom] = o.calendar.isWorkingDay(dateOfDayNumber(d)) ? 1 : 0;
    }

    this.ctx = createActionContext({
      actor: SYSTEM,
      now: o.now,
      institutions: institutionTree(o.institutions),
      categories: this.categoryIds,
      settings: o.settings,
      calendar: o.calendar,
    });
  }

  localDay(ms: number): number {
    return Math.floor((ms + this.offsetMs) / DAY_MS);
  }

  dayStart(day: number): number {
    return day * DAY_MS - this.offsetMs;
  }

  isWorking(day: number): boolean {
    const i = day - this.workingFrom;
    if (i >= 0 && i < this.working.length) return this.working[i] === 1;
    return this.o.calendar.isWorkingDay(dateOfDayNumber(day));
  }

  /** k = 0: the first working day on or after `day`; k ≥ 1: the k-th working day after `day`. */
  workingDay(day: number, k: number): number {
    let d = day;
    if (k === 0) {
      while (!this.isWorking(d)) d += 1;
      return d;
    }
    for (let n = 0; n < k; ) {
      d += 1;
      if (this.isWorking(d)) n += 1;
    }
    return d;
  }

  staffTime(day: number): number {
    return this.dayStart(day) + this.staffHour.pick(this.rng) * HOUR_MS + this.rng.int(60) * MINUTE_MS + this.rng.int(60) * 1000;
  }

  /** A staff action during office hours on the k-th working day after `fromMs` (k = 0: same day if possible). */
  afterWorkingDays(fromMs: number, k: number): number {
    let day = this.workingDay(this.localDay(fromMs), k);
    let t = this.staffTime(day);
    if (t <= fromMs) {
      t = fromMs + this.rng.range(5, 120) * MINUTE_MS;
      if (this.localDay(t) !== day) {
        day = this.workingDay(day, 1);
        t = this.staffTime(day);
      }
    }
    return t;
  }

  /** The nightly sweep right after the end of the n-th working day after `fromMs`. */
  sweepAfter(fromMs: number, workingDays: number): number {
    const end = this.dayStart(this.workingDay(this.localDay(fromMs), workingDays) + 1);
    return end + this.rng.range(15, 75) * MINUTE_MS + this.rng.int(60) * 1000;
  }

  adminFor(ids: readonly (string | null)[]): Actor {
    if (ids.some((id) => id === null)) return NATIONAL_ADMIN;
    for (const root of this.adminRoots) {
      let all = true;
      for (const id of ids) {
        const p = id === null ? undefined : this.paths.get(id);
        if (p === undefined || !p.startsWith(root.path)) {
          all = false;
          break;
        }
      }
      if (all) return root.actor;
    }
    return NATIONAL_ADMIN;
  }

  /** Where the case should end up, and where else it might be sent. */
  chooseInstitutions(cat: CategoryPlan, region: RegionPlan): { final: string; others: string[] } {
    const rng = this.rng;
    const candidates: string[] = [];
    const regencyRoot = this.active.has(region.region.institutionId) ? region.region.institutionId : null;
    let regencyUnit: string | null = null;
    if (cat.hint !== null) {
      const dot = cat.hint.indexOf('.');
      if (dot > 0) regencyUnit = region.units.get(unitKind(cat.hint.slice(dot + 1))) ?? null;
    }
    if (regencyUnit) candidates.push(regencyUnit);
    if (cat.hint) candidates.push(cat.hint);
    for (const v of cat.vertical) candidates.push(v);
    if (regencyRoot) candidates.push(regencyRoot);
    if (this.provinceId) candidates.push(this.provinceId);

    let final: string;
    if (cat.vertical.length > 0 && rng.chance(cat.verticalShare)) final = rng.pick(cat.vertical);
    else if (regencyUnit && cat.hint) final = rng.chance(0.62) ? regencyUnit : cat.hint;
    else if (cat.hint) final = cat.hint;
    else if (regencyRoot) final = rng.chance(0.7) ? regencyRoot : (this.provinceId ?? regencyRoot);
    else final = this.provinceId ?? candidates[0] ?? this.o.institutions[0].id;
    return { final, others: candidates.filter((c) => c !== final) };
  }
}

// ---- one case ------------------------------------------------------------------------------------------

/**
 * eventHash for events whose `at` is already a canonical ISO instant, with a one-shot digest: the same value,
 * about twice as fast, which matters at millions of events. checkChainHash proves the two agree.
 */
function chainHash(prevHash: string, e: Omit<GeneratedEvent, 'prevHash' | 'hash'>): string {
  const canonical = JSON.stringify([
    prevHash,
    e.trackingId,
    e.seq,
    e.at,
    e.actor,
    e.role,
    e.action,
    e.fromStatus,
    e.toStatus,
    e.fromInstitution,
    e.toInstitution,
    e.note,
    e.requestId,
  ]);
  return oneShotHash('sha256', canonical, 'hex');
}

function checkChainHash(): void {
  const sample: Omit<GeneratedEvent, 'prevHash' | 'hash'> = {
    trackingId: 'LPR-2024-0000001',
    seq: 2,
    at: '2024-03-05T01:02:03.004Z',
    actor: 'admin.bali',
    role: 'institution_admin',
    action: 'dispose',
    fromStatus: 'submitted',
    toStatus: 'disposed',
    fromInstitution: 'bali',
    toInstitution: 'bali.dinkes',
    note: 'Diteruskan kepada "Dinas Kesehatan".\n',
    requestId: null,
  };
  if (chainHash(GENESIS_HASH, sample) !== eventHash(GENESIS_HASH, sample)) {
    throw new Error('case generator: chainHash no longer matches eventHash (src/domain/events.ts changed)');
  }
}

class CaseSim {
  readonly events: GeneratedEvent[] = [];
  prevHash = GENESIS_HASH;
  lastMs: number;
  stopped = false;

  constructor(
    private readonly m: Model,
    readonly c: Case,
    submitActor: string,
  ) {
    this.lastMs = Date.parse(c.submittedAt);
    this.push({
      trackingId: c.trackingId,
      seq: 1,
      at: c.submittedAt,
      actor: submitActor,
      role: 'system',
      action: 'submit',
      fromStatus: null,
      toStatus: 'submitted',
      fromInstitution: null,
      toInstitution: c.institutionId,
      note: null,
      requestId: null,
      prevHash: '',
      hash: '',
    });
  }

  private push(e: GeneratedEvent): void {
    e.prevHash = this.prevHash;
    e.hash = chainHash(this.prevHash, e);
    this.events.push(e);
    this.prevHash = e.hash;
  }

  /** Plays one action at `atMs` (moved after the previous event if needed). False once past the horizon. */
  act(atMs: number, actor: Actor, req: ActionRequest): boolean {
    if (this.stopped) return false;
    let t = atMs;
    if (t <= this.lastMs) t = this.lastMs + this.m.rng.range(1, 30) * MINUTE_MS;
    if (t > this.m.nowMs) {
      this.stopped = true;
      return false;
    }
    const at = new Date(t).toISOString();
    const ctx = this.m.ctx;
    ctx.actor = actor;
    ctx.now = at;
    const out = applyAction(this.c, req, ctx);
    if (!out.ok) throw new Error(`case generator: ${req.action} on ${this.c.trackingId} refused: ${out.detail}`);
    Object.assign(this.c, out.patch);
    this.c.version = this.events.length + 1;
    const e = out.event;
    this.push({
      trackingId: this.c.trackingId,
      seq: this.events.length + 1,
      at,
      actor: actor.name,
      role: actor.role,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      fromInstitution: e.fromInstitution,
      toInstitution: e.toInstitution,
      note: e.note,
      requestId: null,
      prevHash: '',
      hash: '',
    });
    this.lastMs = t;
    return true;
  }
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(place|regency|date|detail)\}/g, (_, key: string) => values[key] ?? '');
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function longDate(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCDate()} ${MONTHS_ID[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function makeReporter(m: Model, region: RegionPlan, channel: string): Reporter {
  const rng = m.rng;
  const first = rng.pick(m.o.texts.firstNames);
  const last = rng.pick(m.o.texts.lastNames);
  const name = `${first} ${last}`;
  const handle = name
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .split(' ')
    .filter((w) => w !== '' && w !== 'i' && w !== 'ni')
    .join('.');
  let contact: string | null;
  if (channel === 'email' || (channel !== 'sms_1708' && channel !== 'whatsapp' && rng.chance(0.2))) {
    contact = `${handle}${rng.range(1, 99)}@${rng.pick(MAIL_DOMAINS)}`;
  } else if (channel === 'twitter' || channel === 'instagram') {
    contact = `@${handle.replace(/\./g, '_')}${rng.range(1, 999)}`;
  } else {
    contact = `${rng.pick(PHONE_PREFIXES)}${pad(rng.int(100_000_000), rng.chance(0.5) ? 8 : 7).slice(0, 8)}`;
  }
  let nik: string | null = null;
  if (rng.chance(0.75)) {
    const area = region.region.code.slice(0, 4).padEnd(4, '0');
    const district = pad(rng.range(1, region.region.districts.length), 2);
    const female = rng.chance(0.5);
    const birth = new Date(Date.UTC(rng.range(1950, 2006), rng.int(12), rng.range(1, 28)));
    const dd = birth.getUTCDate() + (female ? 40 : 0);
    nik = `${area}${district}${pad(dd, 2)}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCFullYear() % 100, 2)}${pad(rng.range(1, 9999), 4)}`;
  }
  return { name: rng.chance(0.03) ? null : name, contact, nik };
}

function makeCase(m: Model, trackingId: string, submittedMs: number): GeneratedCase {
  const rng = m.rng;
  const o = m.o;
  const classification = CLASSIFICATION.pick(rng);
  const cat = m.categories.pick(rng);
  const region = m.regions.pick(rng);
  const channel = m.channels.pick(rng);
  const anonymous = rng.chance(0.15);
  const confidential = rng.chance(0.05);
  const submittedAt = new Date(submittedMs).toISOString();
  const submitDay = m.localDay(submittedMs);
  const incidentDay = submitDay - rng.geometric(0.12, 90);
  const district = rng.pick(region.region.districts);
  const place = rng.pick(region.places);
  const values: Record<string, string> = {
    place,
    regency: region.region.name,
    date: longDate(incidentDay),
    detail: rng.pick(cat.texts.details),
  };
  const title = fill(rng.pick(cat.texts.titles), values);
  const body = fill(rng.pick(cat.texts.bodies), values);
  const village = /^(Desa|Kelurahan) /.test(place) ? place.replace(/^(Desa|Kelurahan) /, '') : null;

  const { final, others } = m.chooseInstitutions(cat, region);
  const regencyRoot = m.active.has(region.region.institutionId) ? region.region.institutionId : null;
  const targetRoll = rng.next();
  const target = targetRoll < 0.5 ? regencyRoot : targetRoll < 0.65 ? m.provinceId : null;

  const fields: SubmittedFields = {
    trackingId,
    classification,
    categoryId: cat.category.id,
    title,
    body,
    incidentDate: dateOfDayNumber(incidentDay),
    province: 'Bali',
    regency: region.region.name,
    district,
    village,
    regionCode: dottedCode(region.region.code), // the Kemendagri form an import or intake gives (51.03)
    channel,
    anonymous,
    confidential,
    institutionId: target,
    submittedAt,
  };
  const c: Case = submittedCase(fields, o.settings, o.calendar);
  const reporter = makeReporter(m, region, channel);
  const sim = new CaseSim(m, c, `intake.${channel}`);
  new Lifecycle(m, sim, final, others).run();
  if (c.status === 'completed' && rng.chance(0.4)) c.rating = RATING.pick(rng);
  return { case: c, reporter, events: sim.events, lastEventHash: sim.prevHash };
}

const FIRST_FOLLOW_UP_ON_TIME = new Weighted([0, 1, 2, 3, 4, 5], [0.08, 0.22, 0.2, 0.17, 0.17, 0.16]);

/** The part of a case's life after submission, played until it ends or passes the horizon. */
class Lifecycle {
  private readonly rng: Rng;
  private readonly c: Case;

  constructor(
    private readonly m: Model,
    private readonly sim: CaseSim,
    private readonly final: string,
    private readonly others: readonly string[],
  ) {
    this.rng = m.rng;
    this.c = sim.c;
  }

  run(): void {
    const { m, sim, rng } = this;
    const texts = m.o.texts;
    // Verification: ~85% within the 3-working-day clock.
    const roll = rng.next();
    const k = roll < 0.3 ? 0 : roll < 0.62 ? 1 : roll < 0.8 ? 2 : roll < 0.885 ? 3 : 4 + rng.geometric(0.25, 20);
    let t = m.afterWorkingDays(sim.lastMs, k);

    const triage = rng.next();
    if (triage < 0.035) {
      const reason = ARCHIVE_AT_TRIAGE.pick(rng);
      if (!sim.act(t, this.admin(), { action: 'archive', reason, note: texts.archiveReasons[reason] })) return;
      this.maybeReopenArchived();
      return;
    }
    if (triage < 0.095) {
      if (!sim.act(t, this.admin(), { action: 'postpone', note: rng.pick(POSTPONE_NOTES) })) return;
      if (rng.chance(0.3)) {
        const reason: ArchiveReason = 'no_reporter_response';
        const at = m.sweepAfter(sim.lastMs, m.o.settings.autoCloseWorkingDays);
        if (!sim.act(at, SYSTEM, { action: 'archive', reason, note: texts.archiveReasons[reason] })) return;
        this.maybeReopenArchived();
        return;
      }
      const resumeAt = m.afterWorkingDays(sim.lastMs, rng.range(1, 8));
      if (!sim.act(resumeAt, this.admin(), { action: 'resume', note: 'Pelapor telah melengkapi laporan.' })) return;
      t = m.afterWorkingDays(sim.lastMs, rng.range(0, 2));
    }
    this.disposeAndFollowUp(t, true);
  }

  private admin(to?: string): Actor {
    return this.m.adminFor(to === undefined ? [this.c.institutionId] : [this.c.institutionId, to]);
  }

  private liaison(): Actor {
    return { name: `liaison.${this.c.institutionId}`, role: 'liaison', institutionId: this.c.institutionId };
  }

  private nameOf(id: string): string {
    return this.m.names.get(id) ?? id;
  }

  private other(current: string | null): string {
    const options = this.others.filter((id) => id !== current);
    if (options.length > 0) return this.rng.pick(options);
    return this.final !== current ? this.final : (this.m.provinceId ?? this.final);
  }

  private dispose(at: number, to: string): boolean {
    return this.sim.act(at, this.admin(to), { action: 'dispose', institutionId: to, note: `Diteruskan kepada ${this.nameOf(to)}.` });
  }

  private redispose(at: number): boolean {
    const to = this.other(this.c.institutionId);
    return this.sim.act(at, this.admin(to), { action: 'redispose', institutionId: to, note: `Dialihkan kepada ${this.nameOf(to)}.` });
  }

  private respond(at: number): boolean {
    return this.sim.act(at, this.liaison(), { action: 'respond', message: this.rng.pick(this.m.o.texts.responses) });
  }

  private maybeReopenArchived(): void {
    const { m, sim, rng } = this;
    if (!rng.chance(0.03)) return;
    if (!sim.act(m.afterWorkingDays(sim.lastMs, rng.range(1, 10)), this.admin(), { action: 'reopen', note: rng.pick(REOPEN_NOTES) })) return;
    this.disposeAndFollowUp(m.afterWorkingDays(sim.lastMs, rng.range(0, 2)), false);
  }

  private disposeAndFollowUp(disposeAt: number, detours: boolean): void {
    const { m, sim, rng, c } = this;
    if (!this.dispose(disposeAt, this.final)) return;

    const flow = detours ? rng.next() : 1;
    if (flow < 0.02) {
      // "bukan wewenang": the unit hands it back, the national admin sends it elsewhere
      const note = `Bukan kewenangan ${this.nameOf(c.institutionId ?? this.final)}. Mohon didisposisikan kepada instansi yang berwenang.`;
      if (!sim.act(m.afterWorkingDays(sim.lastMs, rng.range(0, 3)), this.liaison(), { action: 'return', note })) return;
      if (!this.dispose(m.afterWorkingDays(sim.lastMs, rng.range(0, 3)), this.other(this.final))) return;
    } else if (flow < 0.055) {
      if (!this.redispose(m.afterWorkingDays(sim.lastMs, rng.range(0, 2)))) return;
    }
    const redisposeLater = flow >= 0.055 && flow < 0.07;

    // ~95% of disposed cases get a follow-up; ~80% of those within the 5-working-day clock.
    if (rng.chance(0.05)) return;
    const firstK = rng.chance(0.8) ? FIRST_FOLLOW_UP_ON_TIME.pick(rng) : 6 + rng.geometric(0.15, 40);
    const countRoll = rng.next();
    // a case moved to another unit after its first follow-up needs one from the new unit too
    const followUps = Math.max(redisposeLater ? 2 : 1, countRoll < 0.45 ? 1 : countRoll < 0.75 ? 2 : countRoll < 0.9 ? 3 : 4);

    let t = m.afterWorkingDays(sim.lastMs, firstK);
    for (let i = 0; i < followUps; i += 1) {
      if (!this.respond(t)) return;
      if (i === 0 && redisposeLater) {
        if (!this.redispose(m.afterWorkingDays(sim.lastMs, rng.range(1, 5)))) return;
        t = m.afterWorkingDays(sim.lastMs, rng.range(0, 5));
        continue;
      }
      if (i < followUps - 1) {
        if (rng.chance(0.4)) {
          const reply = sim.lastMs + rng.range(60, 4 * 24 * 60) * MINUTE_MS;
          if (reply > m.nowMs) return;
          c.lastReporterReplyAt = new Date(reply).toISOString();
          t = m.afterWorkingDays(reply, rng.range(1, 5));
        } else {
          t = m.afterWorkingDays(sim.lastMs, rng.range(1, 7));
        }
      }
    }
    if (!this.close()) return;
    if (!rng.chance(0.01)) return;
    // reopened: one more follow-up, then closed again
    if (!sim.act(m.afterWorkingDays(sim.lastMs, rng.range(1, 15)), this.admin(), { action: 'reopen', note: rng.pick(REOPEN_NOTES) })) return;
    if (!this.respond(m.afterWorkingDays(sim.lastMs, rng.range(1, 5)))) return;
    this.close();
  }

  private close(): boolean {
    const { m, sim, rng, c } = this;
    const lastResponse = sim.lastMs;
    const roll = rng.next();
    if (roll < 0.2) {
      // the reporter answers the last follow-up, so the system may not close it: an admin does
      const reply = lastResponse + rng.range(60, 5 * 24 * 60) * MINUTE_MS;
      if (reply > m.nowMs) return false;
      c.lastReporterReplyAt = new Date(reply).toISOString();
      return sim.act(m.afterWorkingDays(reply, rng.range(0, 5)), this.admin(), { action: 'close', note: rng.pick(ADMIN_CLOSE_NOTES) });
    }
    if (roll < 0.6) {
      return sim.act(m.afterWorkingDays(lastResponse, rng.range(1, 9)), this.admin(), { action: 'close', note: rng.pick(ADMIN_CLOSE_NOTES) });
    }
    const at = m.sweepAfter(lastResponse, m.o.settings.autoCloseWorkingDays);
    return sim.act(at, SYSTEM, { action: 'close', note: SYSTEM_CLOSE_NOTE });
  }
}

// ---- the stream ----------------------------------------------------------------------------------------

/**
 * Yields `count` cases submitted between 1 January of years[0] and the end of years[1] (never after `now`),
 * in submission order, more on weekdays and in office hours (local time of the calendar), growing each year.
 */
export function* generateCases(options: GenerateOptions): Generator<GeneratedCase, void, undefined> {
  const { count, years } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number: ${count}`);
  if (!(years[0] <= years[1])) throw new RangeError(`years out of order: ${years[0]}–${years[1]}`);
  const nowMs = Date.parse(options.now);
  if (Number.isNaN(nowMs)) throw new RangeError(`now is not an instant: ${options.now}`);
  const offsetMs = options.calendar.offsetMinutes * MINUTE_MS;
  const firstDay = dayNumberOfDate(`${pad(years[0], 4)}-01-01`);
  const nowDay = Math.floor((nowMs + offsetMs) / DAY_MS);
  const lastDay = Math.min(dayNumberOfDate(`${pad(years[1], 4)}-12-31`), nowDay);
  if (count === 0) return;
  if (lastDay < firstDay) throw new RangeError(`the years ${years[0]}–${years[1]} begin after now (${options.now})`);

  checkChainHash();
  const m = new Model(options, firstDay);
  const rng = m.rng;
  const submitTotal = SUBMIT_HOURS.reduce((a, b) => a + b, 0);

  // Day weights: growth × weekday × holiday; the last day only up to `now`.
  const days = lastDay - firstDay + 1;
  const weights = new Float64Array(days);
  let total = 0;
  for (let i = 0; i < days; i += 1) {
    const day = firstDay + i;
    const weekday = (day + 4) % 7;
    let w = YEARLY_GROWTH ** (i / 365.25) * WEEKDAY_FACTOR[weekday];
    if (weekday !== 0 && weekday !== 6 && !m.isWorking(day)) w *= HOLIDAY_FACTOR;
    if (day === nowDay) {
      const elapsed = (nowMs - m.dayStart(day)) / HOUR_MS;
      let mass = 0;
      for (let h = 0; h < 24; h += 1) mass += SUBMIT_HOURS[h] * Math.min(1, Math.max(0, elapsed - h));
      w *= mass / submitTotal;
    }
    weights[i] = w;
    total += w;
  }
  if (!(total > 0)) throw new RangeError(`no time to place cases in before ${options.now}`);

  let cumulative = 0;
  let allocated = 0;
  let year = -1;
  let seq = 0;
  let times = new Float64Array(1024);
  for (let i = 0; i < days; i += 1) {
    cumulative += weights[i];
    const upTo = i === days - 1 ? count : Math.round((count * cumulative) / total);
    const n = upTo - allocated;
    allocated = upTo;
    if (n <= 0) continue;
    const day = firstDay + i;
    const start = m.dayStart(day);
    const limit = Math.min(start + DAY_MS - 1, nowMs);
    if (times.length < n) times = new Float64Array(n * 2);
    for (let j = 0; j < n; j += 1) {
      let t = start + m.submitHour.pick(rng) * HOUR_MS + rng.int(HOUR_MS);
      for (let tries = 0; t > limit && tries < 20; tries += 1) t = start + m.submitHour.pick(rng) * HOUR_MS + rng.int(HOUR_MS);
      if (t > limit) t = start + rng.int(limit - start + 1);
      times[j] = t;
    }
    const sorted = times.subarray(0, n).sort();
    const dayYear = new Date(day * DAY_MS).getUTCFullYear();
    if (dayYear !== year) {
      year = dayYear;
      seq = 0;
    }
    for (let j = 0; j < n; j += 1) {
      seq += 1;
      yield makeCase(m, `LPR-${year}-${pad(seq, 7)}`, sorted[j]);
    }
  }
}
