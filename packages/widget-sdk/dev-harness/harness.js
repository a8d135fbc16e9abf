/* global document, window, location, localStorage, fetch, FormData, EventSource */
// The dev harness page of `npm run dev`: loads the development build of the widget in this folder
// (dev-dist/, served by the dev server) with the SDK's memory host, whose context the form
// edits, lists the events the widget emits, and reloads when webpack writes a new build. The
// form's values survive the reloads (localStorage).

const TEXT = {
  en: {
    heading: 'Dev harness: {name}@{version}',
    ready: 'Development build, mock host. The page reloads when you save a change.',
    inPage: 'This widget runs in the page (untrusted is not set): the harness runs sandboxed widgets only. Try it in the shell with the dev override.',
    failed: 'The widget did not load: {message}',
    agent: 'Agent',
    agentName: 'Name',
    locale: 'Language',
    ticket: 'Email and ticket',
    emailId: 'Email id',
    ticketNumber: 'Ticket number (empty: no ticket)',
    ticketTitle: 'Ticket title',
    contact: 'Contact',
    contactName: 'Name (empty: no contact)',
    contactEmail: 'Email',
    apply: 'Apply to the widget',
    widget: 'Widget',
    events: 'Events the widget emitted',
  },
  cs: {
    heading: 'Vývojový harness: {name}@{version}',
    ready: 'Vývojové sestavení, zkušební hostitel. Po uložení změny se stránka znovu načte.',
    inPage: 'Tento widget běží ve stránce (není untrusted): harness spouští jen widgety v sandboxu. Vyzkoušejte ho v shellu přes dev override.',
    failed: 'Widget se nenačetl: {message}',
    agent: 'Agent',
    agentName: 'Jméno',
    locale: 'Jazyk',
    ticket: 'E-mail a tiket',
    emailId: 'Id e-mailu',
    ticketNumber: 'Číslo tiketu (prázdné: bez tiketu)',
    ticketTitle: 'Název tiketu',
    contact: 'Kontakt',
    contactName: 'Jméno (prázdné: bez kontaktu)',
    contactEmail: 'E-mail',
    apply: 'Použít ve widgetu',
    widget: 'Widget',
    events: 'Události, které widget vyslal',
  },
};

const STORAGE_KEY = 'switchboard-dev-harness';
const DEFAULTS = {
  userName: 'Alex Agent',
  locale: 'en',
  emailId: 'dev-email-1',
  ticketNumber: '1042',
  ticketTitle: 'Parcel never arrived',
  contactName: 'Jana Nováková',
  contactEmail: 'jana.novakova@example.com',
};

const form = document.getElementById('context-form');
const status = document.getElementById('status');
let manifest = { name: '?', version: '?' };
let statusKey = 'ready';
let statusValues = {};

function savedValues() {
  try {
    return { ...DEFAULTS, ...JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') };
  } catch {
    return DEFAULTS;
  }
}

function formValues() {
  return Object.fromEntries([...new FormData(form)].map(([key, value]) => [key, String(value).trim()]));
}

const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ''));

/** The page's own text in the context's language. */
function renderText(locale) {
  const text = TEXT[locale] ?? TEXT.en;
  document.documentElement.lang = locale;
  document.getElementById('heading').textContent = fill(text.heading, manifest);
  for (const element of document.querySelectorAll('[data-text]')) element.textContent = text[element.dataset.text];
  status.textContent = fill(text[statusKey], statusValues);
  status.dataset.kind = statusKey === 'ready' ? 'info' : 'error';
}

function setStatus(key, values = {}) {
  statusKey = key;
  statusValues = values;
  renderText(formValues().locale);
}

/** The WidgetContext the form describes; every optional part is present or explicitly absent. */
function contextOf(values) {
  const number = Number(values.ticketNumber);
  const hasTicket = values.ticketNumber !== '' && Number.isInteger(number) && number > 0;
  return {
    user: { id: 'dev-agent', name: values.userName, locale: values.locale === 'cs' ? 'cs' : 'en' },
    page: 'email-detail',
    emailId: values.emailId || undefined,
    ticket: hasTicket ? { id: `dev-ticket-${number}`, number, title: values.ticketTitle } : undefined,
    contactId: values.contactName ? 'dev-contact' : undefined,
    contact: values.contactName ? { name: values.contactName, ...(values.contactEmail ? { email: values.contactEmail } : {}) } : undefined,
  };
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`${src} could not be loaded`));
    document.head.append(script);
  });
}

async function runLifecycle(lifecycle, props) {
  for (const fn of Array.isArray(lifecycle) ? lifecycle : [lifecycle]) await fn(props);
}

function logEvent(type, payload) {
  const item = document.createElement('li');
  item.textContent = `${type} ${JSON.stringify(payload)}`;
  document.getElementById('events').append(item);
}

async function mountWidget(values) {
  await loadScript('/remoteEntry.js');
  const container = window[manifest.federationName];
  if (!container) throw new Error(`remoteEntry.js defines no container ${manifest.federationName}`);
  await container.init({});
  const sdk = (await container.get('./dev-sdk'))();
  const host = sdk.createMemoryHost({ context: contextOf(values), token: 'dev-token' });
  const emit = host.emit.bind(host);
  host.emit = (type, payload) => {
    logEvent(type, payload);
    emit(type, payload);
  };
  const module = (await container.get(manifest.exposedModule ?? './widget'))();
  const parcel = module.default ?? module;
  const props = { name: manifest.name, domElement: document.getElementById('widget-root'), host, settings: {} };
  await runLifecycle(parcel.bootstrap, props);
  await runLifecycle(parcel.mount, props);
  return host;
}

async function start() {
  const values = savedValues();
  for (const [key, value] of Object.entries(values)) if (form.elements[key]) form.elements[key].value = value;
  let loadedBuild;
  new EventSource('/__harness/events').addEventListener('build', (event) => {
    const { id } = JSON.parse(event.data);
    loadedBuild ??= id;
    if (id !== loadedBuild) location.reload();
  });
  try {
    manifest = await (await fetch('/widget.json')).json();
  } catch (error) {
    setStatus('failed', { message: error.message });
    return;
  }
  if (!manifest.untrusted) {
    setStatus('inPage');
    return;
  }
  setStatus('ready');
  let host;
  try {
    host = await mountWidget(values);
  } catch (error) {
    setStatus('failed', { message: error.message });
    return;
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = formValues();
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    renderText(next.locale);
    host.setContext(contextOf(next));
  });
}

void start();
