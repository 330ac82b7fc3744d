// Test-only preload (node --import): makes writes to paths matching UNETC_TEST_FAIL_PATH fail with
// the errno code in UNETC_TEST_FAIL_CODE (default ENOSPC), as a full disk or a read-only mount would.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const pattern = process.env.UNETC_TEST_FAIL_PATH;
const code = process.env.UNETC_TEST_FAIL_CODE ?? 'ENOSPC';

function failure(syscall, path) {
  const error = new Error(`${code}: simulated failure, ${syscall} '${path}'`);
  return Object.assign(error, { code, syscall, path: String(path), errno: -1 });
}

function writes(flags) {
  if (flags === undefined) return false;
  if (typeof flags === 'string') return /[wa+]/.test(flags);
  return (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR)) !== 0;
}

if (pattern) {
  const matches = (path) =>
    (typeof path === 'string' || path instanceof URL) && new RegExp(pattern).test(String(path));
  const p = fs.promises;
  const wrap = (object, name, syscall, isWrite) => {
    const original = object[name];
    object[name] = function (path, ...rest) {
      if (matches(path) && isWrite(rest)) {
        if (name.endsWith('Sync')) throw failure(syscall, path);
        return Promise.reject(failure(syscall, path));
      }
      return original.call(this, path, ...rest);
    };
  };
  wrap(p, 'open', 'open', ([flags]) => writes(flags));
  wrap(p, 'writeFile', 'open', () => true);
  wrap(p, 'mkdir', 'mkdir', () => true);
  wrap(p, 'mkdtemp', 'mkdtemp', () => true);
  wrap(fs, 'openSync', 'open', ([flags]) => writes(flags));
  wrap(fs, 'writeFileSync', 'open', () => true);
  wrap(fs, 'mkdirSync', 'mkdir', () => true);
  syncBuiltinESMExports();
}
