// The contracts a page's code uses (the shell and its widgets build against this module, see
// workspaceAliases of the widget preset): all of them but the demo data, which only the seeds,
// the tests and the bench need. The shell shares this module as a whole, so nothing in it can be
// tree-shaken out of the page.
export * from './common';
export * from './route';
export * from './errors';
export * from './events';
export * from './host';
export * from './identity';
export * from './layout';
export * from './manifest';
export * from './tickets';
export * from './mail';
export * from './registry';
export * from './dev-mail';
export * from './crm';
export * from './service-events';
export * from './templates';
export * from './kb';
export * from './frame-origins';
export * from './connect-origins';
export * from './widget-token';
