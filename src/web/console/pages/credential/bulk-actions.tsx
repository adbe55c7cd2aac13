/**
 * Acting on several credentials from the list: the checked ones (revoke with a reason, suspend, lift a
 * suspension — one request each way: POST /api/v1/credentials/bulk-revoke, bulk-suspend, bulk-unsuspend
 * with `ids`), or every credential the list's filter matches — counted by the server first (a dry run
 * of POST /api/v1/credentials/bulk-revoke), and revoked only once the count is confirmed.
 */
import { useState } from 'react';
import { useI18n } from '../../../../pages/i18n-context.js';
import { ApiError, api, type IssuedCredential } from '../../api.js';
import { roleAtLeast, useOrganization } from '../../session.js';
import { ReasonFields } from './reason-fields.js';

/** The list's filter as the bulk-revoke API names it (undefined: nothing narrow enough to revoke by). */
export type BulkFilter = {
  email?: string;
  achievementId?: string;
  issuedAfter?: string;
  issuedBefore?: string;
  status?: string;
};

function problemText(error: unknown): string {
  return error instanceof ApiError ? (error.detail ?? error.title) : String(error);
}

export function BulkActions({
  selected,
  filter,
  onDone,
}: {
  selected: IssuedCredential[];
  filter: BulkFilter | undefined;
  onDone: (message: string) => void;
}) {
  const { t } = useI18n();
  const organization = useOrganization();
  const [reason, setReason] = useState('');
  const [reasonPublic, setReasonPublic] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const admin = roleAtLeast(organization.role, 'admin');

  const needReason = (): string | undefined => {
    if (reason.trim() !== '') {
      return reason.trim();
    }
    setError(t('c.credentials.reasonNeeded'));
    document.getElementById('bulk-reason')?.focus();
    return undefined;
  };

  const run = async (work: () => Promise<string | undefined>) => {
    setError(undefined);
    setBusy(true);
    try {
      const message = await work();
      if (message) {
        setReason('');
        onDone(message);
      }
    } catch (failure) {
      setError(problemText(failure));
    } finally {
      setBusy(false);
    }
  };

  const revokeSelected = () =>
    run(async () => {
      const why = needReason();
      if (!why) {
        return undefined;
      }
      if (selected.length === 0) {
        setError(t('c.credentials.noneSelected'));
        return undefined;
      }
      if (!window.confirm(t('c.credentials.revokeSelectedConfirm', { count: selected.length }))) {
        return undefined;
      }
      const answer = await api<{ revoked: number }>('/api/v1/credentials/bulk-revoke', {
        method: 'POST',
        body: { ids: selected.map((credential) => credential.id), reason: why, reasonPublic },
      });
      return t('c.credentials.bulkDone.revoke', { count: answer.revoked });
    });

  // One request for all of them; what could not be changed comes back with why.
  const changeSelected = (action: 'suspend' | 'unsuspend') =>
    run(async () => {
      if (selected.length === 0) {
        setError(t('c.credentials.noneSelected'));
        return undefined;
      }
      const answer = await api<{
        suspended?: number;
        unsuspended?: number;
        skipped: { id: string; reason: string }[];
      }>(`/api/v1/credentials/bulk-${action}`, {
        method: 'POST',
        body: {
          ids: selected.map((credential) => credential.id),
          ...(action === 'suspend' && reason.trim() ? { reason: reason.trim(), reasonPublic } : {}),
        },
      });
      const changed = (action === 'suspend' ? answer.suspended : answer.unsuspended) ?? 0;
      const done = t(`c.credentials.bulkDone.${action}`, { count: changed });
      // Selected ones the change does not apply to (already suspended, not suspended) are left out too.
      const problems = answer.skipped.map((skip) => skip.reason);
      const skipped = problems.length
        ? ` ${t('c.credentials.bulkSkipped', { count: problems.length, reasons: [...new Set(problems)].join('; ') })}`
        : '';
      return done + skipped;
    });

  const revokeMatching = () =>
    run(async () => {
      const why = needReason();
      if (!why || !filter) {
        return undefined;
      }
      const body = { ...filter, reason: why, reasonPublic };
      const count = await api<{ matching: number }>('/api/v1/credentials/bulk-revoke', {
        method: 'POST',
        body: { ...body, dryRun: true },
      });
      if (count.matching === 0) {
        setError(t('c.credentials.noneMatching'));
        return undefined;
      }
      if (!window.confirm(t('c.credentials.revokeMatchingConfirm', { count: count.matching }))) {
        return undefined;
      }
      const answer = await api<{ revoked: number }>('/api/v1/credentials/bulk-revoke', {
        method: 'POST',
        body,
      });
      return t('c.credentials.bulkDone.revoke', { count: answer.revoked });
    });

  return (
    <section className="panel" aria-labelledby="bulk-title">
      <h2 id="bulk-title">{t('c.credentials.bulkTitle')}</h2>
      <p className="note">{t('c.credentials.bulkLead')}</p>
      <p className="note" aria-live="polite">
        {t('c.credentials.selected', { count: selected.length })}
      </p>
      <ReasonFields
        id="bulk-reason"
        reason={reason}
        onReason={setReason}
        reasonPublic={reasonPublic}
        onReasonPublic={setReasonPublic}
        error={error}
      />
      <div className="action-row">
        {admin ? (
          <button
            type="button"
            className="button danger"
            disabled={busy}
            onClick={() => void revokeSelected()}
          >
            {t('c.credentials.bulkRevoke')}
          </button>
        ) : null}
        <button
          type="button"
          className="button secondary"
          disabled={busy}
          onClick={() => void changeSelected('suspend')}
        >
          {t('c.credentials.bulkSuspend')}
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={busy}
          onClick={() => void changeSelected('unsuspend')}
        >
          {t('c.credentials.bulkUnsuspend')}
        </button>
        {admin && filter ? (
          <button
            type="button"
            className="button danger"
            disabled={busy}
            onClick={() => void revokeMatching()}
          >
            {t('c.credentials.revokeMatching')}
          </button>
        ) : null}
      </div>
    </section>
  );
}
