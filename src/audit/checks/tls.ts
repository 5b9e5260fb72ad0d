// TLS-1..3: legacy protocol versions refused, modern ones offered with strong suites, and a
// trustworthy certificate. Legacy probes lower OpenSSL's security level to 0 because at the
// default level Node will not even offer TLS 1.0/1.1, which would make every server look safe.
import tls from 'node:tls';
import type { SecureVersion } from 'node:tls';
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { handshake, type HandshakeResult } from '../http/tls-probe.js';

/** TLS 1.2 suites without forward secrecy or without AEAD; none should be negotiable. */
const LEGACY_TLS12_SUITES = [
  'AES128-SHA',
  'AES256-SHA',
  'AES128-SHA256',
  'AES256-SHA256',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'DES-CBC3-SHA',
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-RSA-AES256-SHA',
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-ECDSA-AES256-SHA384',
  'ECDHE-RSA-AES128-SHA256',
  'ECDHE-RSA-AES256-SHA384',
  'DHE-RSA-AES128-SHA',
  'DHE-RSA-AES256-SHA',
  'DHE-RSA-AES128-SHA256',
  'DHE-RSA-AES256-SHA256',
].join(':');

const EXPIRY_WARNING_DAYS = 30;

export const tlsCheck: Check = {
  id: 'tls',
  title: 'TLS protocol versions, cipher suites and certificate',
  section: 'Transport',
  items: ['TLS-1', 'TLS-2', 'TLS-3'],
  async run(ctx: CheckContext) {
    const origin = new URL(ctx.options.origin);
    if (origin.protocol !== 'https:') ctx.skip('target is not https://');
    const host = origin.hostname.replace(/^\[|\]$/g, '');
    const port = Number(origin.port === '' ? 443 : origin.port);
    const probe = async (
      label: string,
      minVersion: SecureVersion,
      maxVersion: SecureVersion,
      ciphers?: string,
    ): Promise<HandshakeResult | undefined> => {
      const allowed = await ctx.http.admit(
        `TLS handshake ${label} to ${host}:${port}${ciphers === undefined ? '' : ` ciphers=${ciphers.length > 40 ? `${ciphers.slice(0, 40)}…` : ciphers}`}`,
      );
      if (!allowed) return undefined;
      return handshake({
        host,
        port,
        minVersion,
        maxVersion,
        ca: ctx.options.ca,
        timeoutMs: ctx.options.timeoutMs,
        ...(ciphers === undefined ? {} : { ciphers }),
      });
    };
    const evidence = (label: string, result: HandshakeResult) => ({
      request: `TLS ClientHello offering only ${label} to ${host}:${port}`,
      response: result.ok
        ? `handshake completed: ${result.protocol ?? '?'} with ${result.cipher ?? '?'}`
        : `handshake failed: ${result.error ?? ''}`,
    });

    for (const version of ['TLSv1', 'TLSv1.1'] as const) {
      const result = await probe(version, version, version, 'DEFAULT@SECLEVEL=0');
      if (!result) continue;
      if (result.ok) {
        ctx.report('TLS-1', {
          detail: `The server completed a ${version} handshake (${result.cipher ?? 'unknown cipher'}).`,
          evidence: [evidence(version, result)],
          location: `${host}:${port} ${version}`,
        });
      } else if (result.localRefusal) {
        ctx.note(
          `${version} could not be offered by this Node/OpenSSL build (${result.error ?? ''}); not tested`,
        );
      }
    }

    const v12 = await probe('TLSv1.2', 'TLSv1.2', 'TLSv1.2');
    const v13 = await probe('TLSv1.3', 'TLSv1.3', 'TLSv1.3');
    if (v13 && !v13.ok)
      ctx.report('TLS-2', {
        detail: 'TLS 1.3 is not supported.',
        evidence: [evidence('TLSv1.3', v13)],
        location: `${host}:${port} TLSv1.3`,
      });
    if (v12 && !v12.ok && v13 && !v13.ok)
      ctx.note('neither TLS 1.2 nor TLS 1.3 handshakes succeeded');
    if (v12?.ok === true) {
      const legacy = await probe(
        'TLSv1.2 with legacy suites',
        'TLSv1.2',
        'TLSv1.2',
        `${LEGACY_TLS12_SUITES}:@SECLEVEL=0`,
      );
      if (legacy?.ok === true) {
        ctx.report('TLS-2', {
          detail: `A TLS 1.2 suite without forward secrecy or AEAD was negotiated: ${legacy.cipher ?? '?'}.`,
          evidence: [evidence('TLSv1.2 legacy (CBC / RSA key exchange) suites', legacy)],
          location: `${host}:${port} TLSv1.2 suites`,
        });
      }
    }

    const modern = v13?.ok === true ? v13 : v12;
    if (modern?.ok === true) checkCertificate(ctx, modern, host, port);
  },
};

function checkCertificate(
  ctx: CheckContext,
  result: HandshakeResult,
  host: string,
  port: number,
): void {
  const cert = result.certificate;
  // Node returns an empty object, not undefined, when the peer sent no certificate.
  if (!cert || Object.keys(cert).length === 0) {
    ctx.note('no peer certificate was presented');
    return;
  }
  const summary = `subject=${cert.subject.CN} issuer=${cert.issuer.CN} valid_to=${cert.valid_to} fingerprint256=${cert.fingerprint256}`;
  const evidence = {
    request: `TLS handshake to ${host}:${port}${ctx.options.ca === undefined ? ' (system CAs)' : ' (CA from --cacert)'}`,
    response: `certificate ${summary}; authorized=${String(result.authorized)}${result.authorizationError === undefined ? '' : ` (${result.authorizationError})`}`,
  };
  if (ctx.options.insecure) {
    ctx.note('certificate trust not judged (--insecure)');
  } else if (!result.authorized) {
    ctx.report('TLS-3', {
      detail: `The certificate is not trusted: ${result.authorizationError ?? 'unknown reason'}.`,
      evidence: [evidence],
      location: `${host}:${port} certificate trust`,
    });
  } else {
    const mismatch = tls.checkServerIdentity(host, cert);
    if (mismatch)
      ctx.report('TLS-3', {
        detail: `The certificate does not cover ${host}: ${mismatch.message}`,
        evidence: [evidence],
        location: `${host}:${port} certificate name`,
      });
  }
  const daysLeft = (Date.parse(cert.valid_to) - Date.now()) / 86_400_000;
  if (daysLeft < 0) {
    ctx.report('TLS-3', {
      detail: `The certificate expired on ${cert.valid_to}.`,
      evidence: [evidence],
      location: `${host}:${port} certificate expiry`,
    });
  } else if (daysLeft < EXPIRY_WARNING_DAYS) {
    ctx.report('TLS-3', {
      detail: `The certificate expires in ${Math.floor(daysLeft)} days (${cert.valid_to}).`,
      evidence: [evidence],
      location: `${host}:${port} certificate expiry`,
      severity: 'medium',
    });
  }
  if (
    cert.bits !== undefined &&
    cert.pubkey !== undefined &&
    cert.modulus !== undefined &&
    cert.bits < 2048
  ) {
    ctx.report('TLS-3', {
      detail: `The certificate has a ${cert.bits}-bit RSA key.`,
      evidence: [evidence],
      location: `${host}:${port} certificate key`,
      severity: 'medium',
    });
  }
}
