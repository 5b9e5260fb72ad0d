// Raw TLS handshakes for the transport checks. HTTP clients hide protocol negotiation, so these
// go through node:tls directly and report what was negotiated or why the handshake failed.
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { PeerCertificate, SecureVersion } from 'node:tls';

export interface HandshakeOptions {
  host: string;
  port: number;
  minVersion: SecureVersion;
  maxVersion: SecureVersion;
  ciphers?: string;
  ca: string | undefined;
  timeoutMs: number;
}

export interface HandshakeResult {
  ok: boolean;
  protocol: string | undefined;
  cipher: string | undefined;
  /** True when our own TLS stack refused to offer the version, so the result says nothing about the server. */
  localRefusal: boolean;
  error: string | undefined;
  certificate: PeerCertificate | undefined;
  authorized: boolean;
  authorizationError: string | undefined;
}

const LOCAL_REFUSALS = new Set([
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_TLS_INVALID_PROTOCOL_VERSION',
  'ERR_SSL_NO_CIPHERS_AVAILABLE',
  'ERR_SSL_NO_CIPHER_MATCH',
]);

export function handshake(options: HandshakeOptions): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    const base: HandshakeResult = {
      ok: false,
      protocol: undefined,
      cipher: undefined,
      localRefusal: false,
      error: undefined,
      certificate: undefined,
      authorized: false,
      authorizationError: undefined,
    };
    let socket: tls.TLSSocket;
    try {
      socket = tls.connect({
        host: options.host,
        port: options.port,
        // SNI must not carry an IP address (RFC 6066 §3).
        ...(isIP(options.host) === 0 ? { servername: options.host } : {}),
        minVersion: options.minVersion,
        maxVersion: options.maxVersion,
        ...(options.ciphers === undefined ? {} : { ciphers: options.ciphers }),
        ...(options.ca === undefined ? {} : { ca: options.ca }),
        // We judge trust ourselves from `authorized`; rejecting here would hide the negotiated details.
        rejectUnauthorized: false,
      });
    } catch (error) {
      resolve({
        ...base,
        localRefusal: true,
        error: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    const timer = setTimeout(
      () => socket.destroy(new Error(`handshake timed out after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      // Typed as Error, but Node sets null when authorized and a code string otherwise.
      const authError: unknown = socket.authorizationError;
      resolve({
        ...base,
        ok: true,
        protocol: socket.getProtocol() ?? undefined,
        cipher: socket.getCipher().name,
        certificate: socket.getPeerCertificate(false),
        authorized: socket.authorized,
        authorizationError:
          typeof authError === 'string'
            ? authError
            : authError instanceof Error
              ? authError.message
              : undefined,
      });
      socket.end();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({
        ...base,
        localRefusal: error.code !== undefined && LOCAL_REFUSALS.has(error.code),
        error: `${error.code ?? 'error'}: ${error.message.split('\n')[0] ?? ''}`,
      });
    });
  });
}
