/** The decoded pgoutput messages (protocol version 1), as `decodePgoutput` returns them. */
import type { Lsn } from './lsn.js';

/** A TOASTed column the update did not change: pgoutput sends no value for it (column kind `u`). */
export const UNCHANGED_TOAST: unique symbol = Symbol('unchanged-toast');
/** One column of a tuple: its text form, SQL null, or "unchanged TOAST value". */
export type TupleValue = string | null | typeof UNCHANGED_TOAST;

export interface RelationColumn {
  /** Part of the replica identity key (flag bit 1). */
  readonly isKey: boolean;
  readonly name: string;
  readonly typeOid: number;
  readonly typeMod: number;
}

export interface BeginMessage { readonly tag: 'begin'; readonly finalLsn: Lsn; readonly commitTimeMicros: bigint; readonly xid: number }
export interface CommitMessage { readonly tag: 'commit'; readonly flags: number; readonly commitLsn: Lsn; readonly endLsn: Lsn; readonly commitTimeMicros: bigint }
export interface OriginMessage { readonly tag: 'origin'; readonly originLsn: Lsn; readonly name: string }
export interface RelationMessage {
  readonly tag: 'relation';
  readonly relationOid: number;
  readonly schema: string;
  readonly table: string;
  /** `d` default, `n` nothing, `f` full, `i` index */
  readonly replicaIdentity: string;
  readonly columns: readonly RelationColumn[];
}
export interface TypeMessage { readonly tag: 'type'; readonly typeOid: number; readonly schema: string; readonly name: string }
export interface InsertMessage { readonly tag: 'insert'; readonly relationOid: number; readonly newTuple: readonly TupleValue[] }
export interface UpdateMessage {
  readonly tag: 'update';
  readonly relationOid: number;
  /** `K` = old key columns only (identity changed), `O` = full old row (REPLICA IDENTITY FULL), null = none sent */
  readonly oldKind: 'K' | 'O' | null;
  readonly oldTuple: readonly TupleValue[] | null;
  readonly newTuple: readonly TupleValue[];
}
export interface DeleteMessage { readonly tag: 'delete'; readonly relationOid: number; readonly oldKind: 'K' | 'O'; readonly oldTuple: readonly TupleValue[] }
export interface TruncateMessage { readonly tag: 'truncate'; readonly cascade: boolean; readonly restartIdentity: boolean; readonly relationOids: readonly number[] }
export interface LogicalMessage { readonly tag: 'message'; readonly transactional: boolean; readonly lsn: Lsn; readonly prefix: string; readonly content: Uint8Array }

export type PgoutputMessage =
  | BeginMessage
  | CommitMessage
  | OriginMessage
  | RelationMessage
  | TypeMessage
  | InsertMessage
  | UpdateMessage
  | DeleteMessage
  | TruncateMessage
  | LogicalMessage;
