import { serveFromEnvironment } from '@switchboard/service-kit';
import { buildApp } from './app';

serveFromEnvironment('kb', 4007, async ({ identityKeys, ...env }) => buildApp({ ...env, getKey: identityKeys() }));
