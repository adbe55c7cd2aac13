/**
 * A paged list of the wallet API (`{ items, next }`, src/storage/pagination.ts): the first page through
 * `useApi`, then "Load more" appends the page after the last `next`. A reload of the first page (a new
 * filter, an item added or removed) starts again from the top.
 */
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../pages/i18n-context.js';
import { ApiError, api } from '../console/api.js';
import { useApi } from '../console/use-api.js';

type Page<T> = { items: T[]; next: string | null };

export function usePagedList<T>(path: string, pageSize: number) {
  const separator = path.includes('?') ? '&' : '?';
  const first = useApi<Page<T>>(`${path}${separator}limit=${pageSize}`);
  const [more, setMore] = useState<Page<T> | undefined>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | undefined>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new first page drops the pages after it
  useEffect(() => {
    setMore(undefined);
    setMoreError(undefined);
  }, [first.data]);
  const next = more ? more.next : (first.data?.next ?? null);
  const loadMore = useCallback(async () => {
    if (!next) {
      return;
    }
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await api<Page<T>>(
        `${path}${separator}limit=${pageSize}&cursor=${encodeURIComponent(next)}`,
      );
      setMore((previous) => ({ items: [...(previous?.items ?? []), ...page.items], next: page.next }));
    } catch (error) {
      setMoreError(error instanceof ApiError ? (error.detail ?? error.title) : String(error));
    } finally {
      setLoadingMore(false);
    }
  }, [next, path, separator, pageSize]);
  return {
    ...first,
    items: [...(first.data?.items ?? []), ...(more?.items ?? [])],
    next,
    loadMore,
    loadingMore,
    moreError,
  };
}

/** "Load more" under a paged list, while there is a next page. */
export function LoadMore({
  list,
}: {
  list: {
    next: string | null;
    loadMore: () => Promise<void>;
    loadingMore: boolean;
    moreError: string | undefined;
  };
}) {
  const { t } = useI18n();
  if (!list.next && !list.moreError) {
    return null;
  }
  return (
    <div className="action-row">
      {list.next ? (
        <button
          type="button"
          className="button secondary"
          disabled={list.loadingMore}
          onClick={() => void list.loadMore()}
        >
          {t('w.loadMore')}
        </button>
      ) : null}
      {list.moreError ? (
        <p className="error" role="alert">
          {list.moreError}
        </p>
      ) : null}
    </div>
  );
}
