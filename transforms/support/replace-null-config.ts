/** The `replace.null.with.default` key (KIP-1040) shared by the SMTs that read struct fields. */
export const replaceNullWithDefaultKey = {
  'replace.null.with.default': {
    type: 'boolean',
    default: true,
    importance: 'medium',
    doc: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
  },
} as const;
