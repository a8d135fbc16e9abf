import { CONNECT_ORIGIN_PATTERN, type Locale } from '@switchboard/contracts';

/** Where the shell serves the bridge client (an entry of its own webpack build). */
export const SANDBOX_BRIDGE_PATH = '/sandbox-bridge.js';

/** What the bootstrap document of a sandboxed widget is made of. */
export interface SandboxDocumentOptions {
  /** Absolute URL of the bridge client script on the shell's origin. */
  bridgeUrl: string;
  /** The shell's origin, the only one the bridge client accepts messages from. */
  parentOrigin: string;
  /** Absolute URL of the widget's `remoteEntry.js`; its folder holds the chunks. */
  entryUrl: string;
  /** Absolute base URL of the widget's service, `''` without one. */
  serviceUrl: string;
  /** Absolute base URLs of the further services the manifest declares. */
  otherServiceUrls?: string[];
  /** Origins of the widget's own backend its manifest declares (`connect`), e.g. `https://orders.example`. */
  connectOrigins?: string[];
  lang: Locale;
  /** CSS for the document (the shell's theme variables). */
  css: string;
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A CSP source for a URL's folder; the bare origin when the path would not parse as one. */
function folderSource(url: string): string {
  const folder = new URL('./', url);
  return /[\s;,']/.test(folder.href) ? folder.origin : folder.href;
}

/** A CSP source for a service base URL (its path and everything under it). */
function serviceSource(url: string): string {
  const base = new URL(url.endsWith('/') ? url : `${url}/`);
  return /[\s;,']/.test(base.href) ? base.origin : base.href;
}

const CONNECT_ORIGIN = new RegExp(CONNECT_ORIGIN_PATTERN);

/** A declared origin as a CSP source when the manifest schema allows it (an https origin), else nothing. */
const originSource = (origin: string): string[] => (CONNECT_ORIGIN.test(origin) ? [origin] : []);

/**
 * The Content-Security-Policy of the bootstrap document: scripts only from the bridge client
 * and the widget's folder, requests only to that folder (the integrity re-check), the services
 * the widget declares and the origins of its own backend (`connect`), no plugins, forms or base
 * URL. The document also inherits the shell page's policy, so both apply.
 */
export function sandboxCsp(
  options: Pick<SandboxDocumentOptions, 'bridgeUrl' | 'entryUrl' | 'serviceUrl' | 'otherServiceUrls' | 'connectOrigins'>,
): string {
  const widget = folderSource(options.entryUrl);
  const widgetOrigin = new URL(options.entryUrl).origin;
  const services = [...(options.serviceUrl ? [options.serviceUrl] : []), ...(options.otherServiceUrls ?? [])];
  const connect = [widget, ...services.map(serviceSource), ...(options.connectOrigins ?? []).flatMap(originSource)];
  return [
    "default-src 'none'",
    `script-src ${options.bridgeUrl} ${widget}`,
    `connect-src ${connect.join(' ')}`,
    `img-src ${widgetOrigin} data: blob:`,
    `font-src ${widgetOrigin}`,
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The `srcdoc` of a sandboxed widget's iframe: its CSP, the shell's theme and the bridge client,
 * told the shell's origin by a data attribute. No inline script: the shell's policy forbids them.
 */
export function sandboxDocument(options: SandboxDocumentOptions): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeAttribute(options.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(sandboxCsp(options))}">`,
    `<style>${options.css.replace(/</g, '')}</style>`,
    '</head>',
    '<body><div id="widget-root"></div>',
    `<script src="${escapeAttribute(options.bridgeUrl)}" data-parent-origin="${escapeAttribute(options.parentOrigin)}"></script>`,
    '</body>',
    '</html>',
  ].join('');
}

/** The shell's `--sb-*` theme tokens (the `:root` rule src/theme.ts sets) and base text styles, for a sandbox document. */
export function shellThemeCss(doc: Document = document): string {
  const variables: string[] = [];
  for (const sheet of Array.from(doc.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const rule of Array.from(rules)) {
      if (!(rule instanceof CSSStyleRule) || rule.selectorText !== ':root') continue;
      for (const property of Array.from(rule.style)) {
        if (property.startsWith('--sb-')) variables.push(`${property}: ${rule.style.getPropertyValue(property).trim()};`);
      }
    }
  }
  return [
    `:root { ${variables.join(' ')} color-scheme: light; }`,
    'html, body { margin: 0; background: transparent; color: var(--sb-text); font-family: var(--sb-font); font-size: 15px; line-height: 1.45; }',
    '#widget-root { display: flow-root; }',
  ].join('\n');
}
