/**
 * Test setup: the tests never reach the network. Any attempt to open a connection to anything but
 * loopback (or a Unix socket) throws and fails the test that made it — a credential check that quietly
 * fetched a context or a key would otherwise pass here and fail offline.
 */
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

type ConnectArgs = [unknown, ...unknown[]];
type LookupCallback = (error: Error | null, address: string | { address: string }[], family?: number) => void;
type Lookup = (hostname: string, options: unknown, callback: LookupCallback) => void;

/** A caller that resolves names itself (the guarded fetch pins addresses) may connect where its lookup says, if loopback. */
function guardLookup(lookup: Lookup): Lookup {
  return (hostname, options, callback) =>
    lookup(hostname, options, (error, address, family) => {
      const addresses = Array.isArray(address) ? address.map((entry) => entry.address) : [address];
      const outside = addresses.find((entry) => !LOOPBACK.has(entry));
      if (!error && outside) {
        callback(
          new Error(
            `Network access in a test: ${hostname} resolved to ${outside}. Tests must not use the network.`,
          ),
          address,
          family,
        );
        return;
      }
      callback(error, address, family);
    });
}

function targetOf(args: ConnectArgs): { host?: string; path?: string } {
  const [first] = args;
  if (Array.isArray(first)) {
    return targetOf(first as ConnectArgs);
  }
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string };
    return { host: options.host ?? 'localhost', ...(options.path ? { path: options.path } : {}) };
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) {
    return { path: first };
  }
  const host = args[1];
  return { host: typeof host === 'string' ? host : 'localhost' };
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs) {
  const { host, path } = targetOf(args);
  const first = Array.isArray(args[0]) ? (args[0] as ConnectArgs)[0] : args[0];
  if (
    typeof first === 'object' &&
    first !== null &&
    typeof (first as { lookup?: unknown }).lookup === 'function'
  ) {
    const options = first as { lookup: Lookup };
    options.lookup = guardLookup(options.lookup);
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  }
  if (!path && host !== undefined && !LOOPBACK.has(host)) {
    throw new Error(
      `Network access in a test: a connection to ${host} was attempted. Tests must not use the network.`,
    );
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const originalFetch = globalThis.fetch;
globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (!LOOPBACK.has(url.hostname.replace(/^\[|\]$/g, ''))) {
    throw new Error(
      `Network access in a test: fetch(${url.origin}) was attempted. Tests must not use the network.`,
    );
  }
  return originalFetch(input, init);
}) as typeof fetch;
