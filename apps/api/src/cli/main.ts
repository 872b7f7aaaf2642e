import { parseArgs } from 'node:util';
import { initOrm, migrate, seedDemo, withSecretKey } from '@klub/db';
import { GRANT_TYPES, type GrantType } from '@klub/contracts';
import { createOAuthApplication, createUserAccount, isAppError } from '@klub/domain';
import { loadEnv } from '@klub/config';
import { fileStorageAt } from '@klub/storage';
import { createDemoSuperuser, demoSeedDecision } from './demo-database.js';
import { EXPORT_FORMATS, exportResource, type ExportFormat } from './export.js';
import { importStatementCommand } from './import-statement.js';
import { importPeopleCommand } from './import-people.js';
import { staffAccessOfUsername, staffCommand } from './staff.js';
import { personEraseCommand, personExportCommand, profileIdArg } from './person.js';
import { generateTaxConfirmationsCommand } from './tax-confirmations.js';

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
  export --resource R [--format csv|jsonl] [--fields a,b] [--as USERNAME] [--segment ID]
                                             stream an admin resource (e.g. profiles) to stdout;
                                             --as: only what that staff member may see;
                                             --segment: profiles only, the members of a saved segment
  staff grant USERNAME --unit ID | --all-units
                                             make a profile staff of a unit / of every unit
  staff revoke USERNAME [--unit ID | --all-units]
                                             take a unit / every unit away; alone: no staff any more
  staff list                                 staff accounts with their role and units
  import people FILE --unit ID [--mapping JSON] [--dry-run] [--timeout SECONDS]
                                             import people (CSV/XLSX): dry run, or queue and follow
  person export ID [--out FILE.zip]          everything stored about a person, as a ZIP (stdout without --out)
  person erase ID --reason R [--yes]         anonymise a person irreversibly (asks to type the id, or --yes)
  tax-confirmations generate --year 2026 --unit ID [--inline] [--timeout SECONDS]
                                             a unit's tax confirmations for a year: queue the job and
                                             follow its progress (--inline: draw them in this process)`;

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
      mapping: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      as: { type: 'string' },
      'all-units': { type: 'boolean', default: false },
      out: { type: 'string' },
      reason: { type: 'string' },
      yes: { type: 'boolean', default: false },
      year: { type: 'string' },
      inline: { type: 'boolean', default: false },
      segment: { type: 'string' },
    },
    strict: true,
    allowPositionals: command === 'import-statement' || command === 'import' || command === 'staff' || command === 'person' || command === 'tax-confirmations',
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
  const known = ['migrate', 'createsuperuser', 'create-oauth-app', 'seed-demo', 'import-statement', 'export', 'import', 'staff', 'person', 'tax-confirmations'];
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
            const demo = await createDemoSuperuser(fresh);
            console.log('demo data loaded into the empty database made by scripts/ensure-env.sh');
            console.log(
              `back office: http://localhost:${env.PORT}/app/ — sign in as "${demo.username}" with the password "${demo.password}" ` +
                '(generated for this database and shown only now; `pnpm klub createsuperuser` makes another account)',
            );
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
      case 'import': {
        const [what, file] = positionals;
        if (what !== 'people') throw new UsageError('usage: import people FILE --unit ID');
        if (!file) throw new UsageError('FILE is required');
        process.exitCode = await importPeopleCommand(em, {
          file,
          unit: need('unit'),
          mapping: values.mapping,
          dryRun: values['dry-run'],
          storageDir: env.STORAGE_DIR,
          timeoutSeconds: Number(values.timeout),
        });
        break;
      }
      case 'tax-confirmations': {
        if (positionals[0] !== 'generate') throw new UsageError('tax-confirmations takes one action: generate');
        process.exitCode = await generateTaxConfirmationsCommand(em, {
          unit: need('unit'),
          year: need('year'),
          inline: values.inline === true,
          storageDir: env.STORAGE_DIR,
          redisUrl: env.REDIS_URL,
          queuePrefix: env.QUEUE_PREFIX,
          timeoutSeconds: Number(values.timeout),
        });
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
        const access = values.as === undefined ? undefined : await staffAccessOfUsername(em, values.as);
        const segment = values.segment === undefined ? undefined : Number(values.segment);
        if (segment !== undefined && !Number.isInteger(segment)) throw new UsageError('--segment must be a segment id');
        await exportResource(em, process.stdout, { resource: need('resource'), format: format as ExportFormat, fields, access, segment });
        break;
      }
      case 'staff': {
        const [action, username] = positionals;
        const unit = values.unit === undefined ? undefined : Number(values.unit);
        if (unit !== undefined && !Number.isSafeInteger(unit)) throw new UsageError('--unit must be a unit id');
        const grant = unit !== undefined ? { unitId: unit } : values['all-units'] ? ({ allUnits: true } as const) : null;
        console.log(await staffCommand(em, action, username, grant));
        break;
      }
      case 'person': {
        const [action, id] = positionals;
        if (action === 'export') await personExportCommand(em, fileStorageAt(env.STORAGE_DIR), profileIdArg(id), values.out);
        else if (action === 'erase')
          await personEraseCommand(em, fileStorageAt(env.STORAGE_DIR), profileIdArg(id), { reason: need('reason'), yes: values.yes === true });
        else throw new UsageError('person takes export ID or erase ID --reason R');
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
