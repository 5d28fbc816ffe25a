// The public entry of @aftersales/dashboard. Explicit named exports; types kept apart.
export type { DashboardData } from './data/dashboard-data';
export { readDashboard } from './data/dashboard-data';
export { cookieValue, KEY_COOKIE } from './http/credentials';
export type { DashboardRoutesOptions, KeyIdentity } from './http/dashboard-routes';
export { dashboardRoutes } from './http/dashboard-routes';
export type { Lang } from './i18n/format';
export { renderDashboard } from './render/page';
