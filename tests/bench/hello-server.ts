/** Fastify's hello world, the baseline the feed benchmark is compared with (same machine, same run). */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`listening ${address}`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
