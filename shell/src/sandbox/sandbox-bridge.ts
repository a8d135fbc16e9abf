// Entry of sandbox-bridge.js, the bridge client every sandboxed widget's iframe loads from the
// shell's origin. The bootstrap document names the shell's origin in a data attribute.
import { startBridgeClient } from './bridge-client';

const script = document.currentScript as HTMLScriptElement | null;
const parentOrigin = script?.dataset.parentOrigin;
const root = document.getElementById('widget-root');
if (parentOrigin && root) startBridgeClient({ window, parentOrigin, root });
