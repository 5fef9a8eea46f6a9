import { create } from 'zustand';
import type {
  AuditExportFormat,
  AuditExportResult,
  AuditFacets,
  AuditHistogram,
  AuditRow,
  ChainReport,
  FailureBurst,
  SecretAudit,
} from '../../../shared/audit';
import type { JobView } from '../../../shared/ipc/contract';
import { api } from '../api';
import { explain, shownError } from '../errors';
import { EMPTY_FORM, toFilter, type FilterForm } from '../features/audit/filter-form';

const PAGE = 200;
const BUCKETS = 48;

export interface Verification {
  report: ChainReport;
  checkedAt: string;
}

export interface SecretTarget {
  connectionId: string;
  environmentId: string;
  path: string;
}

interface ExportState {
  jobId: string;
  names: string[];
  job: JobView | null;
  result: AuditExportResult | null;
}

interface AuditState {
  form: FilterForm;
  rows: AuditRow[];
  /** The next page's `beforeSeq`; null when the last page is loaded. */
  next: number | null;
  loading: boolean;
  error: string | null;
  histogram: AuditHistogram | null;
  bursts: FailureBurst[];
  facets: AuditFacets | null;
  verifyJob: JobView | null;
  verifyJobId: string | null;
  verification: Verification | null;
  verifyError: string | null;
  exporting: ExportState | null;
  exportError: string | null;
  secret: SecretTarget | null;
  trail: SecretAudit | null;
  trailError: string | null;
  load(): Promise<void>;
  setForm(patch: Partial<FilterForm>): void;
  clearFilters(): void;
  loadMore(): Promise<void>;
  verify(): Promise<void>;
  startExport(formats: AuditExportFormat[]): Promise<void>;
  cancelExport(): Promise<void>;
  dismissExport(): void;
  openSecret(target: SecretTarget): void;
  closeSecret(): void;
}

let generation = 0;
let trailGeneration = 0;
// Job events may arrive before the call that started the job has answered.
const early = new Map<string, { job?: JobView; result?: AuditExportResult; verified?: Verification }>();

function remember(jobId: string, patch: { job?: JobView; result?: AuditExportResult; verified?: Verification }) {
  early.set(jobId, { ...early.get(jobId), ...patch });
  if (early.size > 20) early.delete(early.keys().next().value!);
}

/**
 * The Audit page: filtered keyset pages of events, the chart and bursts for the same filter, the
 * chain's verification, an export of exactly the filtered rows, and one secret's trail.
 */
export const useAudit = create<AuditState>()((set, get) => {
  api.on('job:progress', (job) => {
    const { verifyJobId, exporting } = get();
    if (job.id === verifyJobId) set({ verifyJob: job, ...(job.state === 'running' ? {} : { verifyJobId: null }) });
    else if (job.id === exporting?.jobId) set({ exporting: { ...exporting, job } });
    else remember(job.id, { job });
    if (job.state === 'failed' && job.id === exporting?.jobId)
      set({ exportError: job.error ? explain(shownError(job.error)) : 'The export failed.' });
  });
  api.on('audit:verified', ({ jobId, report, checkedAt }) => {
    if (jobId === get().verifyJobId || get().verifyJobId === null) set({ verification: { report, checkedAt } });
    else remember(jobId, { verified: { report, checkedAt } });
  });
  api.on('audit:exported', (result) => {
    const { exporting } = get();
    if (result.jobId === exporting?.jobId) set({ exporting: { ...exporting, result } });
    else remember(result.jobId, { result });
  });

  /** Everything that depends on the filter: the first page, the chart and the bursts. */
  const query = async () => {
    const mine = ++generation;
    const filter = toFilter(get().form);
    set({ loading: true, error: null });
    try {
      const [page, histogram, { bursts }] = await Promise.all([
        api.audit.query({ filter, limit: PAGE }),
        api.audit.histogram({ filter, buckets: BUCKETS }),
        api.audit.bursts({ filter }),
      ]);
      if (mine !== generation) return;
      set({ rows: page.events, next: page.nextBeforeSeq, histogram, bursts, loading: false });
    } catch (error) {
      if (mine === generation) set({ loading: false, error: explain(shownError(error)) });
    }
  };

  const loadTrail = async () => {
    const target = get().secret;
    if (!target) return;
    const mine = ++trailGeneration;
    try {
      const trail = await api.audit.secret({ ...target, limit: PAGE });
      if (mine === trailGeneration) set({ trail, trailError: null });
    } catch (error) {
      if (mine === trailGeneration) set({ trailError: explain(shownError(error)) });
    }
  };

  return {
    form: EMPTY_FORM,
    rows: [],
    next: null,
    loading: false,
    error: null,
    histogram: null,
    bursts: [],
    facets: null,
    verifyJob: null,
    verifyJobId: null,
    verification: null,
    verifyError: null,
    exporting: null,
    exportError: null,
    secret: null,
    trail: null,
    trailError: null,
    load: async () => {
      void query();
      void loadTrail();
      try {
        const [facets, state] = await Promise.all([api.audit.facets({}), api.audit.verification({})]);
        set({ facets, verifyJobId: state.jobId, ...(state.last ? { verification: state.last } : {}) });
      } catch (error) {
        set({ error: explain(shownError(error)) });
      }
    },
    setForm: (patch) => {
      set({ form: { ...get().form, ...patch } });
      void query();
    },
    clearFilters: () => {
      set({ form: EMPTY_FORM, secret: null, trail: null });
      void query();
    },
    loadMore: async () => {
      const { next, loading } = get();
      if (next === null || loading) return;
      const mine = generation;
      set({ loading: true });
      try {
        const page = await api.audit.query({ filter: toFilter(get().form), limit: PAGE, beforeSeq: next });
        if (mine !== generation) return;
        set({ rows: [...get().rows, ...page.events], next: page.nextBeforeSeq, loading: false });
      } catch (error) {
        if (mine === generation) set({ loading: false, error: explain(shownError(error)) });
      }
    },
    verify: async () => {
      set({ verifyError: null });
      try {
        const { jobId } = await api.audit.verify({});
        const seen = early.get(jobId);
        early.delete(jobId);
        const done = seen?.job && seen.job.state !== 'running';
        set({ verifyJobId: done ? null : jobId, verifyJob: seen?.job ?? null, ...(seen?.verified ? { verification: seen.verified } : {}) });
        if (!done) return;
        // It finished before we heard back: the result is kept by main.
        const state = await api.audit.verification({});
        if (state.last) set({ verification: state.last });
      } catch (error) {
        set({ verifyError: explain(shownError(error)) });
      }
    },
    startExport: async (formats) => {
      set({ exportError: null });
      try {
        const { jobId, files } = await api.audit.export({ filter: toFilter(get().form), formats });
        const seen = early.get(jobId);
        early.delete(jobId);
        set({ exporting: { jobId, names: files.map((file) => file.name), job: seen?.job ?? null, result: seen?.result ?? null } });
        if (seen?.job?.state === 'failed') set({ exportError: seen.job.error ? explain(shownError(seen.job.error)) : 'The export failed.' });
      } catch (error) {
        set({ exportError: explain(shownError(error)) });
      }
    },
    cancelExport: async () => {
      const jobId = get().exporting?.jobId;
      if (!jobId) return;
      try {
        await api.jobs.cancel({ jobId });
      } catch (error) {
        set({ exportError: explain(shownError(error)) });
      }
    },
    dismissExport: () => set({ exporting: null, exportError: null }),
    openSecret: (target) => {
      set({
        secret: target,
        trail: null,
        trailError: null,
        form: { ...EMPTY_FORM, connectionId: target.connectionId, environmentId: target.environmentId, path: target.path },
      });
      void query();
      void loadTrail();
    },
    closeSecret: () => set({ secret: null, trail: null }),
  };
});
