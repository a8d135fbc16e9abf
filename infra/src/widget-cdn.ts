import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import proxy from '@fastify/http-proxy';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { addCompression, cacheControlFor } from './static-files';

/** What the widget CDN serves. */
export interface WidgetCdnOptions {
  /** Built widget folders by name; each is served under `/<name>/`. */
  widgets: Record<string, string>;
  /** The registry service; its published files (`/assets/...`) are served under `/registry/`. */
  registryUrl?: string;
}

/** Files whose name stays the same across builds: a browser must revalidate them every time. */
const ENTRY_FILES = new Set(['widget.json', 'mf-manifest.json', 'remoteEntry.js']);

/** Every `widgets/<name>/dist` that exists under `root`, by folder name. */
export function findBuiltWidgets(root: string): Record<string, string> {
  const widgetsDir = join(root, 'widgets');
  if (!existsSync(widgetsDir)) return {};
  const found: Record<string, string> = {};
  for (const entry of readdirSync(widgetsDir, { withFileTypes: true })) {
    const dist = join(widgetsDir, entry.name, 'dist');
    if (entry.isDirectory() && existsSync(dist)) found[entry.name] = dist;
  }
  return found;
}

/**
 * A second origin standing in for a CDN: each widget's `dist/` under `/<name>/`, readable from any
 * origin, manifests revalidated, content-hashed chunks cached forever.
 */
export async function buildWidgetCdn(options: WidgetCdnOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('cross-origin-resource-policy', 'cross-origin');
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });
  addCompression(app);
  const notFound = (url: string) => ({ code: 'NOT_FOUND', message: `No widget file ${url.split('?')[0]}` });
  // Before the static roots register, so they inherit it. A folder or a path outside a root
  // (403 from @fastify/static) is as absent as a missing file.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 403 || status === 404) return reply.status(404).send(notFound(request.url));
    return reply.status(status).send({ code: error.code ?? 'INTERNAL_ERROR', message: error.message });
  });

  if (options.registryUrl) {
    // Only the public asset route: the registry's API stays behind the gateway. The registry's URL
    // may carry a path (its replicas behind the gateway), which the proxy would drop from an upstream.
    const registry = new URL(options.registryUrl);
    await app.register(proxy, {
      upstream: registry.origin,
      prefix: '/registry/assets',
      rewritePrefix: `${registry.pathname.replace(/\/+$/, '')}/assets`,
      httpMethods: ['GET', 'HEAD'],
    });
  }
  for (const [name, dir] of Object.entries(options.widgets)) {
    if (name === 'registry') throw new Error('"registry" is the path of published widgets, not a widget name');
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`Widget name "${name}" is not a lowercase URL segment`);
    await app.register(fastifyStatic, {
      root: dir,
      prefix: `/${name}/`,
      decorateReply: false,
      index: false,
      cacheControl: false,
      setHeaders: (res, path) => {
        res.setHeader('cache-control', ENTRY_FILES.has(basename(path)) ? 'no-cache' : cacheControlFor(path));
      },
    });
  }

  app.options('/*', async (_request, reply) =>
    reply
      .status(204)
      .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
      .header('access-control-allow-headers', '*')
      .header('access-control-max-age', '86400')
      .send(),
  );
  app.setNotFoundHandler((request, reply) => reply.status(404).send(notFound(request.url)));
  return app;
}
