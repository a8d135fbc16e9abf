import { start } from 'single-spa';
import './elements/sb-app';
import type { SbApp } from './elements/sb-app';
import { createShellServices } from './shell-services';
import { applyTheme } from './theme';

applyTheme();

const app = document.querySelector<SbApp>('sb-app') ?? document.body.appendChild(document.createElement('sb-app'));
const services = createShellServices({ onUnauthorized: () => app.sessionExpired() });

// A dev override arrives as `/?override=<name>=<url>` (docs/integrators.md): remember it in this
// browser and take it out of the address before any page reads the location.
const query = services.overrides.applyQuery(location.search);
if (query !== null) history.replaceState(history.state, '', `${location.pathname}${query}${location.hash}`);

// The shell's pages are Lit elements picked by sb-app from the location; widgets are parcels.
// start() patches the History API, so every navigateToUrl() reaches sb-app as a popstate.
start({ urlRerouteOnly: true });

app.services = services;
