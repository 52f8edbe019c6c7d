import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { compileResponseSerializer } from '../../apps/server/src/platform/response-serializer';

/**
 * One answer written by the server's response writer (fast-json-stringify compiled from the route's zod schema)
 * against the writer it replaced (zod's encode, then JSON.stringify): µs per answer, in a tight loop in this process,
 * the two interleaved so they share the machine's noise. The two must write the same bytes.
 */
export function compareSerializers(schema: z.ZodType, answer: unknown, rounds: number) {
  const route = { schema, method: 'GET', url: '/bench', httpStatus: '200' };
  const writers = { zod: zodSerializerCompiler(route), fastJson: compileResponseSerializer(route) };
  if (writers.zod(answer) !== writers.fastJson(answer)) throw new Error('The two response writers differ');
  const spent = { zod: 0, fastJson: 0 };
  for (let round = 0; round < rounds; round++) {
    for (const name of ['zod', 'fastJson'] as const) {
      const started = process.hrtime.bigint();
      for (let n = 0; n < 100; n++) writers[name](answer);
      if (round >= rounds / 10) spent[name] += Number(process.hrtime.bigint() - started);
    }
  }
  const measured = (rounds - Math.ceil(rounds / 10)) * 100;
  return { zodMicros: spent.zod / measured / 1000, fastJsonMicros: spent.fastJson / measured / 1000 };
}
