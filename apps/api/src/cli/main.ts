import { parseArgs } from 'node:util';
import { initOrm, migrate, seedDemo, withSecretKey } from '@klub/db';
import { GRANT_TYPES, type GrantType } from '@klub/contracts';
import { createOAuthApplication, createUserAccount, isAppError } from '@klub/domain';
import { loadEnv } from '@klub/config';
import { demoSeedDecision } from './demo-database.js';
import { EXPORT_FORMATS, exportResource, type ExportFormat } from './export.js';
import { importStatementCommand } from './import-statement.js';

/**
 * `pnpm klub <command>`: the operator CLI of operations.md §2. Non-interactive; errors go to
 * stderr as one line and exit 1.
 */
const USAGE = `usage: pnpm klub <command> [options]
  migrate [--seed-demo-if-empty]            apply pending migrations (and demo data into an empty
                                             database made by scripts/ensure-env.sh, never in production)
  createsuperuser --username U --email E --password P
  create-oauth-app --name N --scopes "read write ..." [--grant client-credentials|password]
  seed-demo                                  idempotent demo data
  import-statement --type account_kb --unit ID FILE [--timeout SECONDS]
                                             queue a bank statement import and follow its progress
  export --resource R [--format csv|jsonl] [--fields a,b] [--segment ID]
                                             stream an admin resource (e.g. profiles) to stdout;
                                             --segment: profiles only, the members of a saved segment`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const env = loadEnv();
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      scopes: { type: 'string' },
      grant: { type: 'string', default: 'client-credentials' },
      'seed-demo-if-empty': { type: 'boolean', default: false },
      type: { type: 'string' },
      unit: { type: 'string' },
      timeout: { type: 'string', default: '3600' },
      resource: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      fields: { type: 'string' },
      segment: { type: 'string' },
    },
    strict: true,
    allowPositionals: command === 'import-statement',
  });
  const need = (key: keyof typeof values): string => {
    const v = values[key];
    if (typeof v !== 'string' || v === '') throw new UsageError(`--${key} is required`);
    return v;
  };

  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  }
  const known = ['migrate', 'createsuperuser', 'create-oauth-app', 'seed-demo', 'import-statement', 'export'];
  if (!known.includes(command)) throw new UsageError(`unknown command "${command}"`);

  const orm = await initOrm(env.DATABASE_URL);
  try {
    const em = orm.em.fork();
    switch (command) {
      case 'migrate': {
        await migrate(orm);
        // The installation's signing key, when SECRET_KEY is unset, is made here at the first
        // `pnpm start` (or `docker compose up`), before the API and the worker start.
        await withSecretKey(env, orm, (message) => console.warn(message));
        if (values['seed-demo-if-empty']) {
          const fresh = em.fork();
          const decision = await demoSeedDecision(fresh, env.NODE_ENV);
          if (decision.seed) {
            await seedDemo(fresh);
            console.log('demo data loaded into the empty database made by scripts/ensure-env.sh');
          } else if (decision.reason) {
            console.log(`no demo data loaded (${decision.reason}); \`pnpm klub seed-demo\` loads it on purpose`);
          }
        }
        console.log('migrations applied');
        break;
      }
      case 'createsuperuser': {
        const profile = await createUserAccount(em, {
          username: need('username'),
          email: need('email'),
          password: need('password'),
          isStaff: true,
          isSuperuser: true,
        });
        console.log(`superuser "${profile.username}" created (id ${profile.id})`);
        break;
      }
      case 'create-oauth-app': {
        const grant = need('grant');
        if (!(GRANT_TYPES as readonly string[]).includes(grant)) throw new UsageError(`--grant must be one of ${GRANT_TYPES.join(', ')}`);
        const { application, clientSecret } = await createOAuthApplication(em, {
          name: need('name'),
          scopes: need('scopes'),
          grant: grant as GrantType,
        });
        console.log(JSON.stringify({ client_id: application.clientId, client_secret: clientSecret }));
        break;
      }
      case 'import-statement': {
        const [file] = positionals;
        if (!file) throw new UsageError('FILE is required');
        const code = await importStatementCommand(em, {
          type: need('type'),
          unit: need('unit'),
          file,
          storageDir: env.STORAGE_DIR,
          timeoutSeconds: Number(values.timeout),
        });
        process.exitCode = code;
        break;
      }
      case 'seed-demo': {
        await seedDemo(em);
        console.log('demo data is in place');
        break;
      }
      case 'export': {
        const format = need('format');
        if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
          throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
        }
        const fields = values.fields
          ?.split(',')
          .map((f) => f.trim())
          .filter(Boolean);
        const segment = values.segment === undefined ? undefined : Number(values.segment);
        if (segment !== undefined && !Number.isInteger(segment)) throw new UsageError('--segment must be a segment id');
        await exportResource(em, process.stdout, { resource: need('resource'), format: format as ExportFormat, fields, segment });
        break;
      }
    }
  } finally {
    await orm.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`error: ${err.message}\n${USAGE}`);
  } else if (isAppError(err)) {
    const body = err.body();
    const parts = Object.entries(body).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(' ') : String(v)}`);
    console.error(`error: ${parts.join('; ')}`);
  } else {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.exit(1);
});
