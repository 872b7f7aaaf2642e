// The ceiling of `pnpm bench:http`, in a process of its own: a bare node:http server that answers
// every request with the status, type and bytes the API answered (argv: status, type, body file).
// Prints its port on stdout; runs until killed.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [status, type, file] = process.argv.slice(2);
const body = readFileSync(file);
const headers = { 'content-length': body.length };
if (type) headers['content-type'] = type;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(Number(status), headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => console.log(String(server.address().port)));
