import { serveFromEnvironment } from '@switchboard/service-kit';
import { buildApp } from './app';

serveFromEnvironment('templates', 4006, async ({ identityKeys, ...env }) => buildApp({ ...env, getKey: identityKeys() }));
