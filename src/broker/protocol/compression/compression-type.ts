// RecordBatch attribute bits 0-2.
export const CompressionType = { None: 0, Gzip: 1, Snappy: 2, Lz4: 3, Zstd: 4 } as const;
export type CompressionTypeValue = (typeof CompressionType)[keyof typeof CompressionType];
