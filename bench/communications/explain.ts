import { initOrm } from '@klub/db';
import { execute, segmentPredicate } from '@klub/domain';
const orm = await initOrm(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/klub_bench_segments');
const rule = JSON.parse(process.argv[2]!);
const p = segmentPredicate(rule);
const rows = await execute<Array<Record<string, string>>>(orm.em.fork(), `explain analyze select count(*) from profile p where ${p.text}`, p.params);
console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
await orm.close();
