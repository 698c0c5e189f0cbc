// Opening a partition directory: find the segments, decide how much to trust (a clean-shutdown marker means
// the persisted indexes are current; otherwise the last two segments are CRC-scanned and their torn tails
// cut off), repair leftovers of an interrupted compaction, and restore logStartOffset.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LogSegment } from './log-segment.js';

/** Written by close() after the final fsync; removed again as soon as the log is opened. */
export const CLEAN_MARKER = '.clean-shutdown';
/** logStartOffset moved by DeleteRecords (segment deletion alone needs no file: the first segment says it). */
export const START_OFFSET_FILE = 'log-start-offset';

export interface LoadedLog {
  segments: LogSegment[];
  logStartOffset: number;
  recoveredBytes: number;
}

export function loadSegments(dir: string, clock: () => number): LoadedLog {
  fs.mkdirSync(dir, { recursive: true });
  const markerPath = path.join(dir, CLEAN_MARKER);
  const clean = fs.existsSync(markerPath);
  const bases: number[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith('.cleaned')) fs.rmSync(path.join(dir, name), { force: true }); // compaction cut short
    const m = /^(\d{20})\.log$/.exec(name);
    if (m) bases.push(Number(m[1]));
  }
  bases.sort((a, b) => a - b);
  let startOffset = 0;
  try {
    startOffset = Number(fs.readFileSync(path.join(dir, START_OFFSET_FILE), 'utf8').trim()) || 0;
  } catch {
    // no DeleteRecords yet
  }
  const segments: LogSegment[] = [];
  let recoveredBytes = 0;
  for (let i = 0; i < bases.length; i++) {
    // After an unclean stop the tail segment, and the one rolled just before it, are CRC-checked.
    const rebuild = !clean && i >= bases.length - 2;
    const { segment, truncatedBytes } = LogSegment.open(dir, bases[i]!, rebuild);
    recoveredBytes += truncatedBytes;
    const prev = segments[segments.length - 1];
    if (prev && segment.baseOffset < prev.nextOffset) {
      segment.remove(); // already merged into the segment before it (compaction stopped before deleting it)
      continue;
    }
    segments.push(segment);
    if (truncatedBytes > 0 && i < bases.length - 1) {
      // A damaged segment before the last: what follows can no longer continue the log contiguously.
      for (const later of bases.slice(i + 1)) LogSegment.removeFiles(dir, later);
      break;
    }
  }
  if (segments.length === 0) segments.push(LogSegment.create(dir, startOffset, clock()));
  const end = segments[segments.length - 1]!.nextOffset;
  const logStartOffset = Math.min(Math.max(startOffset, segments[0]!.baseOffset), end);
  fs.rmSync(markerPath, { force: true }); // from now on a crash must look unclean
  return { segments, logStartOffset, recoveredBytes };
}
