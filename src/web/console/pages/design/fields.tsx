/** The design editor's two fieldsets — the badge, the certificate — and the image upload they share. */
import { useState } from 'react';
import type { MessageKey } from '../../../../i18n/index.js';
import { useI18n } from '../../../../pages/i18n-context.js';
import { ApiError, api, type UploadedImage } from '../../api.js';
import { CheckboxField, ColorField, SelectField, TextField } from '../../ui.js';
import {
  BADGE_COLORS,
  type BadgeDraft,
  CERTIFICATE_COLORS,
  type CertificateDraft,
  ICONS,
  SHAPES,
} from './drafts.js';

/** Uploads through POST /api/v1/images, which checks a PNG and rebuilds an SVG from an allow-list. */
function ImageUpload({
  id,
  label,
  onUploaded,
}: {
  id: string;
  label: string;
  onUploaded: (imageId: string) => void;
}) {
  const { t } = useI18n();
  const [state, setState] = useState<{ busy: boolean; error?: string; done?: boolean }>({ busy: false });
  const upload = async (file: File | undefined) => {
    if (!file) {
      return;
    }
    setState({ busy: true });
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const image = await api<UploadedImage>('/api/v1/images', { method: 'POST', form });
      onUploaded(image.id);
      setState({ busy: false, done: true });
    } catch (error) {
      setState({
        busy: false,
        error: error instanceof ApiError ? (error.detail ?? error.title) : String(error),
      });
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {t('c.design.uploadHint')}
      </p>
      <input
        id={id}
        type="file"
        accept="image/png,image/svg+xml,.png,.svg"
        aria-describedby={`${id}-hint${state.error ? ` ${id}-error` : ''}`}
        aria-invalid={state.error ? true : undefined}
        onChange={(event) => void upload(event.currentTarget.files?.[0])}
      />
      <p className="note" role="status">
        {state.busy ? t('c.achievements.uploading') : state.done ? t('c.achievements.imageUploaded') : ''}
      </p>
      {state.error ? (
        <p className="field-error" id={`${id}-error`}>
          {state.error}
        </p>
      ) : null}
    </div>
  );
}

export function BadgeFields({
  draft,
  onChange,
}: {
  draft: BadgeDraft;
  onChange: (draft: BadgeDraft) => void;
}) {
  const { t } = useI18n();
  const update = (patch: Partial<BadgeDraft>) => onChange({ ...draft, ...patch });
  return (
    <fieldset>
      <legend>{t('c.design.badge')}</legend>
      <SelectField
        id="badge-shape"
        label={t('c.design.shape')}
        required
        value={draft.shape}
        onChange={(shape) => update({ shape })}
        options={SHAPES.map((shape) => ({ value: shape, label: t(`c.design.shape.${shape}` as MessageKey) }))}
      />
      <div className="field-row">
        {BADGE_COLORS.map((name) => (
          <ColorField
            key={name}
            id={`badge-color-${name}`}
            label={t(`c.design.color.${name}` as MessageKey)}
            value={draft.colors[name]}
            onChange={(value) => update({ colors: { ...draft.colors, [name]: value } })}
          />
        ))}
      </div>
      <fieldset>
        <legend>{t('c.design.picture')}</legend>
        <div className="field">
          <label className="checkbox" htmlFor="badge-source-icon">
            <input
              id="badge-source-icon"
              type="radio"
              name="badge-source"
              checked={draft.source === 'icon'}
              onChange={() => update({ source: 'icon' })}
            />
            {t('c.design.useIcon')}
          </label>
          <label className="checkbox" htmlFor="badge-source-image">
            <input
              id="badge-source-image"
              type="radio"
              name="badge-source"
              checked={draft.source === 'image'}
              onChange={() => update({ source: 'image' })}
            />
            {t('c.design.useImage')}
          </label>
        </div>
        {draft.source === 'icon' ? (
          <SelectField
            id="badge-icon"
            label={t('c.design.icon')}
            required
            value={draft.icon}
            onChange={(icon) => update({ icon })}
            options={ICONS.map((icon) => ({ value: icon, label: t(`c.design.icon.${icon}` as MessageKey) }))}
          />
        ) : (
          <ImageUpload
            id="badge-image"
            label={t('c.design.badgeImage')}
            onUploaded={(imageId) => update({ imageId, source: 'image' })}
          />
        )}
      </fieldset>
      {draft.textLines.map((line, index) => (
        <TextField
          // biome-ignore lint/suspicious/noArrayIndexKey: three fixed lines
          key={index}
          id={`badge-line-${index + 1}`}
          label={t('c.design.textLine', { number: index + 1 })}
          hint={index === 0 ? t('c.design.textLineHint') : undefined}
          value={line}
          onChange={(value) => {
            const textLines = [...draft.textLines] as BadgeDraft['textLines'];
            textLines[index] = value.slice(0, 40);
            update({ textLines });
          }}
        />
      ))}
      <TextField
        id="badge-alt"
        label={t('c.design.altText')}
        hint={t('c.design.altTextHint')}
        value={draft.altText}
        onChange={(altText) => update({ altText: altText.slice(0, 300) })}
      />
    </fieldset>
  );
}

export function CertificateFields({
  draft,
  onChange,
}: {
  draft: CertificateDraft;
  onChange: (draft: CertificateDraft) => void;
}) {
  const { t } = useI18n();
  const update = (patch: Partial<CertificateDraft>) => onChange({ ...draft, ...patch });
  return (
    <fieldset>
      <legend>{t('c.design.certificate')}</legend>
      <SelectField
        id="certificate-layout"
        label={t('c.design.layout')}
        required
        value={draft.layout}
        onChange={(layout) => update({ layout: layout as CertificateDraft['layout'] })}
        options={[
          { value: 'certificate', label: t('c.design.layout.certificate') },
          { value: 'diploma', label: t('c.design.layout.diploma') },
        ]}
      />
      <div className="field-row">
        <SelectField
          id="certificate-paper"
          label={t('c.design.paper')}
          required
          value={draft.paper}
          onChange={(paper) => update({ paper: paper as CertificateDraft['paper'] })}
          options={[
            { value: 'A4', label: 'A4' },
            { value: 'Letter', label: 'US Letter' },
          ]}
        />
        <SelectField
          id="certificate-font"
          label={t('c.design.font')}
          required
          value={draft.font}
          onChange={(font) => update({ font: font as CertificateDraft['font'] })}
          options={[
            { value: 'serif', label: t('c.design.font.serif') },
            { value: 'sans', label: t('c.design.font.sans') },
          ]}
        />
      </div>
      <TextField
        id="certificate-title"
        label={t('c.design.wording')}
        hint={t('c.design.wordingHint')}
        value={draft.title}
        onChange={(title) => update({ title: title.slice(0, 80) })}
      />
      <div className="field-row">
        {CERTIFICATE_COLORS.map((name) => (
          <ColorField
            key={name}
            id={`certificate-color-${name}`}
            label={t(`c.design.color.${name}` as MessageKey)}
            value={draft.colors[name]}
            onChange={(value) => update({ colors: { ...draft.colors, [name]: value } })}
          />
        ))}
      </div>
      <ImageUpload
        id="certificate-logo"
        label={t('c.design.logo')}
        onUploaded={(logoImageId) => update({ logoImageId })}
      />
      <CheckboxField
        id="certificate-show-badge"
        label={t('c.design.showBadge')}
        checked={draft.showBadge}
        onChange={(showBadge) => update({ showBadge })}
      />
      {draft.signatures.map((signature, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: three fixed signature lines
        <fieldset key={index}>
          <legend>{t('c.design.signature', { number: index + 1 })}</legend>
          <div className="field-row">
            {(['name', 'title'] as const).map((part) => (
              <TextField
                key={part}
                id={`signature-${index + 1}-${part}`}
                label={t(`c.design.signature.${part}` as MessageKey, { number: index + 1 })}
                value={signature[part]}
                onChange={(value) => {
                  const signatures = draft.signatures.map((entry, at) =>
                    at === index ? { ...entry, [part]: value.slice(0, 100) } : entry,
                  ) as CertificateDraft['signatures'];
                  update({ signatures });
                }}
              />
            ))}
          </div>
        </fieldset>
      ))}
    </fieldset>
  );
}
