import { main } from './src/cli/main.ts';
const t = Date.now();
const orig = process.stderr.write.bind(process.stderr);
process.stderr.write = ((s: string) => orig(`[${((Date.now() - t) / 1000).toFixed(2)}] ${s}`)) as typeof process.stderr.write;
const code = await main(process.argv.slice(2));
console.log('exit', code, (Date.now() - t) / 1000);
