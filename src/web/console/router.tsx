/**
 * A small router for the console: the History API, a `<Link>` that navigates without reloading, and
 * path patterns with `:params`. After each navigation, focus moves to the page's heading (so screen
 * reader and keyboard users start at the new content) and the title follows it.
 */
import {
  type AnchorHTMLAttributes,
  createContext,
  type MouseEvent,
  type ReactNode,
  useContext,
  useEffect,
  useState,
} from 'react';

type Location = { path: string; search: URLSearchParams };

const RouterContext = createContext<Location>({ path: '/', search: new URLSearchParams() });

function current(): Location {
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search) };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    window.history.replaceState(null, '', to);
  } else {
    window.history.pushState(null, '', to);
  }
  window.dispatchEvent(new Event('cairn:navigate'));
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState<Location>(current);
  useEffect(() => {
    const update = () => setLocation(current());
    window.addEventListener('popstate', update);
    window.addEventListener('cairn:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('cairn:navigate', update);
    };
  }, []);
  return <RouterContext.Provider value={location}>{children}</RouterContext.Provider>;
}

export function useLocation(): Location {
  return useContext(RouterContext);
}

/** `/console/achievements/:id` against a path: the params, or undefined when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const wanted = pattern.split('/').filter(Boolean);
  const actual = path.replace(/\/+$/, '').split('/').filter(Boolean);
  if (wanted.length !== actual.length) {
    return undefined;
  }
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const value = actual[index] as string;
    if (part.startsWith(':')) {
      params[part.slice(1)] = decodeURIComponent(value);
    } else if (part !== value) {
      return undefined;
    }
  }
  return params;
}

export function Link({
  to,
  children,
  ...rest
}: { to: string; children: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} {...rest} onClick={onClick}>
      {children}
    </a>
  );
}

/**
 * Sets the document title and, on a new page (not the first one loaded), moves focus to its heading.
 */
export function usePageTitle(title: string, headingId: string): void {
  const { path } = useLocation();
  useEffect(() => {
    document.title = `${title} — Cairn`;
  }, [title]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus follows each navigation
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    document.getElementById(headingId)?.focus();
  }, [path]);
}

let firstPage = true;
