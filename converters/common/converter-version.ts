/** The version the built-in converters report (GET /connector-plugins); tracks the package version. */
export const CONVERTERS_VERSION = '0.1.0';
