/** The config part of the plugin API: declare keys once with `defineConfig`, then parse/validate/document. */
export { ConfigDef, defineConfig } from './define-config.js';
export type { ConfigOf, RawConfig } from './define-config.js';
export type {
  ConfigKey,
  ConfigSpec,
  ConfigType,
  ConfigTypeMap,
  ConfigValue,
  Importance,
  KeySpec,
  Recommender,
  Validator,
  Width,
} from './config-types.js';
export type { OneOfValidator } from './validators.js';
export type { ConfigInfo, ConfigInfos, ConfigKeyInfo, ConfigValueInfo } from './config-infos.js';
export { buildConfigInfos, toConfigKeyInfo, toConfigValueInfo } from './config-infos.js';
export { HIDDEN, Password } from './password.js';
export { subConfig } from './sub-config.js';
export { convertToString, invalidValueMessage, parseType } from './parse-type.js';
export {
  allOf,
  atLeast,
  atMost,
  describedAs,
  listOf,
  nonEmptyString,
  nonEmptyStringWithoutControlChars,
  nonNullOrEmpty,
  oneOf,
  oneOfIgnoreCase,
  range,
  regex,
  validRegex,
  validationMessage,
} from './validators.js';
