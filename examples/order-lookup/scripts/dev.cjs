// `npm run dev`: the SDK's dev server. A development build into dev-dist/ (watching), served with
// CORS on 127.0.0.1:$PORT (default 5173): the dev harness page at /, the build for a shell's dev
// override. dist/ stays the release build of `npm run build`.
const { join } = require('node:path');
const { serveDev } = require('@switchboard/widget-sdk/dev-harness/serve.cjs');

serveDev({ dir: join(__dirname, '..'), name: 'order-lookup' });
