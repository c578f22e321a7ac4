/**
 * The bare-bot baseline, run as its own process by bare.ts: telegraf's webhook handler answering every
 * message with one sendMessage to the bench's fake Bot API — no database, no outbox, no classifier.
 * What the framework alone manages on this machine. Prints {"port": N} once it listens.
 */
import { createServer } from 'node:http';
import { Telegraf } from 'telegraf';

const env = (key: string): string => {
  const v = process.env[key];
  if (!v) throw new Error(`${key} is required`);
  return v;
};

// webhookReply off: the answer goes out as a real sendMessage call, as the service's replies do.
const bot = new Telegraf(env('BARE_BOT_TOKEN'), {
  telegram: { apiRoot: env('BARE_BOT_API_ROOT'), webhookReply: false },
});
bot.botInfo = {
  id: 777000,
  is_bot: true,
  first_name: 'Bare',
  username: env('BARE_BOT_USERNAME'),
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};
bot.on('message', (ctx) => ctx.reply('好的，知道了'));
const server = createServer(bot.webhookCallback(env('BARE_BOT_PATH'), { secretToken: env('BARE_BOT_SECRET') }));
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
