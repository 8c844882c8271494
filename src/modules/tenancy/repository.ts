/** The tenancy module's one data door: tenants, custom domains and memberships (./repository/*). */
export * from './repository/memberships.js';
export * from './repository/tenants.js';
