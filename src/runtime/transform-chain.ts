/**
 * The SMT chain of a connector: `transforms=a,b` with `transforms.a.type`, optional
 * `transforms.a.predicate=<p>` (from `predicates=p`, `predicates.p.type`) and `transforms.a.negate`.
 * A stage runs when it has no predicate, or when `negate XOR predicate.test(record)`; a transform returning
 * null drops the record and ends the chain. Each transform gets its sub-config (`transforms.a.` stripped)
 * plus `transform.alias=a` so its errors can name it; predicates get `predicate.alias`.
 */
import { ConfigError } from '../api/errors.js';
import type { ConnectRecord } from '../api/records.js';
import type { Predicate } from '../api/predicate.js';
import type { Transformation } from '../api/transformation.js';
import { subConfig } from '../api/config/sub-config.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { ProcessingContext } from './errors/processing-context.js';
import type { RetryWithTolerance } from './errors/retry-with-tolerance.js';

export const TRANSFORM_ALIAS_KEY = 'transform.alias';
export const PREDICATE_ALIAS_KEY = 'predicate.alias';

interface ChainStage {
  readonly alias: string;
  readonly className: string;
  readonly transform: Transformation<ConnectRecord>;
  readonly predicate: Predicate<ConnectRecord> | null;
  readonly negate: boolean;
}

function list(raw: Readonly<Record<string, string>>, key: string): string[] {
  return (raw[key] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export class TransformChain {
  readonly #stages: readonly ChainStage[];
  readonly #predicates: readonly Predicate<ConnectRecord>[];
  #closed = false;

  private constructor(stages: ChainStage[], predicates: Predicate<ConnectRecord>[]) {
    this.#stages = stages;
    this.#predicates = predicates;
  }

  static empty(): TransformChain {
    return new TransformChain([], []);
  }

  /** Builds and configures every SMT and predicate; throws ConfigError naming the offending key. */
  static build(connectorConfig: Readonly<Record<string, string>>, registry: PluginRegistry): TransformChain {
    const predicates = new Map<string, Predicate<ConnectRecord>>();
    const stages: ChainStage[] = [];
    try {
      for (const alias of list(connectorConfig, 'predicates')) {
        const typeKey = `predicates.${alias}.type`;
        const type = connectorConfig[typeKey];
        if (!type) throw new ConfigError(`Predicate '${alias}' has no ${typeKey}`, { [typeKey]: ['Missing predicate class'] });
        const p = registry.resolve(type, ['predicate'], typeKey).create() as Predicate<ConnectRecord>;
        predicates.set(alias, p);
        p.configure({ ...subConfig(connectorConfig, `predicates.${alias}.`), [PREDICATE_ALIAS_KEY]: alias });
      }
      for (const alias of list(connectorConfig, 'transforms')) {
        const typeKey = `transforms.${alias}.type`;
        const type = connectorConfig[typeKey];
        if (!type) throw new ConfigError(`Transform '${alias}' has no ${typeKey}`, { [typeKey]: ['Missing transformation class'] });
        const d = registry.resolve(type, ['transformation'], typeKey);
        const transform = d.create() as Transformation<ConnectRecord>;
        const predKey = `transforms.${alias}.predicate`;
        const predAlias = connectorConfig[predKey]?.trim();
        let predicate: Predicate<ConnectRecord> | null = null;
        if (predAlias) {
          predicate = predicates.get(predAlias) ?? null;
          if (predicate === null) {
            throw new ConfigError(`Transform '${alias}' refers to unknown predicate '${predAlias}'`, { [predKey]: [`'${predAlias}' is not listed in predicates`] });
          }
        }
        const negateKey = `transforms.${alias}.negate`;
        const negateRaw = connectorConfig[negateKey]?.trim().toLowerCase();
        if (negateRaw !== undefined && negateRaw !== '' && negateRaw !== 'true' && negateRaw !== 'false') {
          throw new ConfigError(`${negateKey} must be true or false`, { [negateKey]: [`invalid value '${negateRaw}'`] });
        }
        stages.push({ alias, className: d.className, transform, predicate, negate: negateRaw === 'true' });
        transform.configure({ ...subConfig(connectorConfig, `transforms.${alias}.`), [TRANSFORM_ALIAS_KEY]: alias });
      }
    } catch (err) {
      new TransformChain(stages, [...predicates.values()]).close();
      throw err;
    }
    return new TransformChain(stages, [...predicates.values()]);
  }

  get size(): number {
    return this.#stages.length;
  }

  get aliases(): string[] {
    return this.#stages.map((s) => s.alias);
  }

  /**
   * Runs the record through every stage under the error policy (stage TRANSFORMATION). Returns the result,
   * or null when a transform dropped it or a failure was tolerated (then `ctx.failed` is true).
   */
  apply<R extends ConnectRecord>(record: R, policy: RetryWithTolerance, ctx: ProcessingContext): R | null {
    let current: R | null = record;
    const stages = this.#stages;
    for (let i = 0; i < stages.length && current !== null; i++) {
      const s = stages[i]!;
      const input: R = current;
      const out: R | null | undefined = policy.runSync(ctx, 'TRANSFORMATION', s.className, () =>
        s.predicate === null || s.negate !== s.predicate.test(input) ? (s.transform.apply(input) as R | null) : input,
      );
      current = out === undefined ? null : out;
    }
    return current;
  }

  /** Closes every transform and predicate; safe to call twice; one failing close doesn't stop the rest. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of this.#stages) {
      try {
        s.transform.close();
      } catch {
        // a transform that fails to close must not leak the others
      }
    }
    for (const p of this.#predicates) {
      try {
        p.close();
      } catch {
        // as above
      }
    }
  }
}
