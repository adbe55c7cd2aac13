/** Loads one API resource for a page: data, error, loading, and a way to load it again. */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from './api.js';

export type Resource<T> = {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
};

export function useApi<T>(path: string | undefined): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [version, setVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` asks for a reload
  useEffect(() => {
    if (!path) {
      setState({ loading: false });
      return;
    }
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    api<T>(path)
      .then((data) => live && setState({ data, loading: false }))
      .catch(
        (error: unknown) =>
          live &&
          setState({
            error: error instanceof ApiError ? error : new ApiError(0, 'ERROR', String(error), undefined, []),
            loading: false,
          }),
      );
    return () => {
      live = false;
    };
  }, [path, version]);
  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
