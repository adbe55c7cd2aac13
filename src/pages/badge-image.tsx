/** A badge's image, or — when there is none that may be shown — a drawn stand-in with its initials. */
import { useI18n } from './i18n-context.js';

function initials(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((word) => word !== '');
  return (
    words
      .slice(0, 2)
      .map((word) => word[0]?.toUpperCase() ?? '')
      .join('') || '★'
  );
}

export function BadgeImage({
  src,
  name,
  caption,
  size = 'large',
}: {
  src: string | undefined;
  name: string;
  caption?: string | undefined;
  size?: 'large' | 'small';
}) {
  const { t } = useI18n();
  const alt = caption ?? t('badge.alt', { name });
  if (src) {
    return <img className={`badge-image badge-${size}`} src={src} alt={alt} width={160} height={160} />;
  }
  return (
    <div className={`badge-image badge-placeholder badge-${size}`} role="img" aria-label={alt}>
      <span aria-hidden="true">{initials(name)}</span>
    </div>
  );
}
