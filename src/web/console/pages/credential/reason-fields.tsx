/** A status change's reason and whether verifiers may read it: on one credential's page and in bulk. */
import { useI18n } from '../../../../pages/i18n-context.js';
import { CheckboxField, TextArea } from '../../ui.js';

export function ReasonFields({
  id,
  reason,
  onReason,
  reasonPublic,
  onReasonPublic,
  error,
}: {
  id: string;
  reason: string;
  onReason: (value: string) => void;
  reasonPublic: boolean;
  onReasonPublic: (value: boolean) => void;
  error: string | undefined;
}) {
  const { t } = useI18n();
  return (
    <>
      <TextArea
        id={id}
        label={t('c.credentials.reason')}
        hint={t('c.credentials.reasonHint')}
        required
        value={reason}
        onChange={onReason}
        rows={2}
        error={error}
      />
      <CheckboxField
        id={`${id}-public`}
        label={t('c.credentials.reasonPublic')}
        checked={reasonPublic}
        onChange={onReasonPublic}
      />
    </>
  );
}
