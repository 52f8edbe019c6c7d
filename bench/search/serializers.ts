import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { compileResponseSerializer } from '../../apps/server/src/platform/response-serializer';

/**
 * One answer written by the server's response writer (fast-json-stringify compiled from the route's zod schema)
 * against the writer it replaced (zod's encode, then JSON.stringify), in a tight loop in this process, the two
 * interleaved so they share the machine's noise; the first tenth of the rounds warms up. The two must write the same
 * bytes. Returns the line the benches print.
 */
export function timeResponseWriters(what: string, schema: z.ZodType, answer: unknown, rounds: number): string {
  const route = { schema, method: 'GET', url: '/bench', httpStatus: '200' };
  const writers = { zod: zodSerializerCompiler(route), fastJson: compileResponseSerializer(route) };
  if (writers.zod(answer) !== writers.fastJson(answer)) throw new Error('The two response writers differ');
  const warmUp = Math.ceil(rounds / 10);
  const spent = { zod: 0, fastJson: 0 };
  for (let round = 0; round < rounds; round++) {
    for (const name of ['zod', 'fastJson'] as const) {
      const started = process.hrtime.bigint();
      for (let n = 0; n < 100; n++) writers[name](answer);
      if (round >= warmUp) spent[name] += Number(process.hrtime.bigint() - started);
    }
  }
  const micros = (nanoseconds: number) => (nanoseconds / ((rounds - warmUp) * 100) / 1000).toFixed(1);
  return (
    `Response writer, ${what}: fast-json-stringify ${micros(spent.fastJson)} µs, ` +
    `zod encode + JSON.stringify (before session 6) ${micros(spent.zod)} µs`
  );
}
