/**
 * `tributary new connector <name> --type source|sink`, `tributary new transform <name>`,
 * `tributary new converter <name>` [--dir <path>] [--namespace com.acme] [--tributary <npm spec>]
 */
import { parseArgs } from 'node:util';
import { generatePluginPackage } from './generate-plugin-package.js';
import type { PluginKind } from './template-config.js';

export const NEW_USAGE = `usage:
  tributary new connector <name> --type source|sink   a connector package (connector + task)
  tributary new transform <name>                      a single message transform package
  tributary new converter <name>                      a converter package
options: --dir <path> (default ./<name>)  --namespace <java-style prefix, default com.example>
         --tributary <npm spec for the tributary devDependency, default file:<this tributary's directory>>`;

/** Parses argv (after `new`) and writes the package; returns the directory written ('' for --help). */
export function runNewCommand(argv: string[], out: (line: string) => void = (l) => console.log(l)): string {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      type: { type: 'string' },
      dir: { type: 'string' },
      namespace: { type: 'string' },
      tributary: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    out(NEW_USAGE);
    return '';
  }
  const [what, name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) throw new Error(NEW_USAGE);
  let kind: PluginKind;
  if (what === 'connector') {
    if (values.type !== 'source' && values.type !== 'sink') throw new Error(`--type must be source or sink\n${NEW_USAGE}`);
    kind = values.type;
  } else if (what === 'transform' || what === 'converter') {
    if (values.type !== undefined) throw new Error(`--type applies to connectors only\n${NEW_USAGE}`);
    kind = what;
  } else {
    throw new Error(NEW_USAGE);
  }
  const dir = values.dir ?? name;
  const files = generatePluginPackage({
    kind, name, dir,
    ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
    ...(values.tributary !== undefined ? { tributarySpec: values.tributary } : {}),
  });
  out(`created ${dir}/ (${files.length} files):`);
  for (const f of files) out(`  ${f}`);
  out(`\nnext: cd ${dir} && npm install && npm test`);
  return dir;
}
